import { createSegmentationClient, type SegmentationClient, storeBaseUrl } from '../client';

/**
 * The provider instance a verification talks to: where it is, which store it acts on, and the
 * real tokens the consumers' placeholder tokens stand for.
 */
export interface ProviderTarget {
  /** Where the verifier sends the consumers' requests: scheme, host and any stage prefix, no `/stores/…`. */
  origin: string;
  /**
   * Where the state handlers build each interaction's data. The same as `origin` except in the
   * teeth tests, where the provider under test is deliberately altered but the states are not.
   */
  stateOrigin?: string;
  storeHash: string;
  modifyToken: string;
  /** Needed only when a pact uses the read-only placeholder token. */
  readOnlyToken: string | undefined;
}

export class ProviderConfigError extends Error {}

/**
 * Reads a remote provider from `PROVIDER_BASE_URL`, `PROVIDER_STORE_HASH`, `PROVIDER_TOKEN`
 * (modify scope) and `PROVIDER_READONLY_TOKEN`; `undefined` when `PROVIDER_BASE_URL` is not set.
 * The store is emptied before every interaction: point it at a store kept for verification.
 */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): ProviderTarget | undefined {
  const origin = env.PROVIDER_BASE_URL;
  if (!origin) return undefined;
  const missing = ['PROVIDER_STORE_HASH', 'PROVIDER_TOKEN'].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ProviderConfigError(
      `PROVIDER_BASE_URL is set, so the running instance there is verified, but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: ` +
        'PROVIDER_STORE_HASH names a store kept for verification (it is emptied before every interaction) and PROVIDER_TOKEN is a modify token for it.',
    );
  }
  if (/\/stores\//.test(origin)) {
    throw new ProviderConfigError(
      `PROVIDER_BASE_URL must stop before /stores/… (e.g. http://127.0.0.1:3000 or https://abc.execute-api.us-east-1.amazonaws.com/prod); got ${origin}`,
    );
  }
  return {
    origin: origin.replace(/\/+$/, ''),
    storeHash: env.PROVIDER_STORE_HASH!,
    modifyToken: env.PROVIDER_TOKEN!,
    readOnlyToken: env.PROVIDER_READONLY_TOKEN || undefined,
  };
}

/** The typed client the state handlers use: the target's store, with its modify token. */
export function stateClient(target: ProviderTarget): SegmentationClient {
  return createSegmentationClient(storeBaseUrl(target.stateOrigin ?? target.origin, target.storeHash), target.modifyToken);
}
