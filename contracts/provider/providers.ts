import { randomBytes, randomUUID } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import { createApp } from '../../service/src/app';
import type { Store } from '../../service/src/assemble';
import { openStore } from '../../service/src/assemble';
import { listen } from '../../service/src/http/listen';
import { silentLogger } from '../../service/src/logger';
import { InProcessCleanup } from '../../service/src/workflows/cleanup';
import { type ProxyHandler, startLambdaBridge } from './lambda-bridge';
import type { ProviderTarget } from './target';

/** A provider started for one verification run, with the store and tokens it verifies with. */
export interface RunningProvider {
  target: ProviderTarget;
  stop(): Promise<void>;
}

export interface DynamoLocation {
  endpoint: string;
  tableName: string;
  region?: string;
}

/** A store of its own for the run, with a token of each scope minted for it. */
async function freshStore(store: Store): Promise<Pick<ProviderTarget, 'storeHash' | 'modifyToken' | 'readOnlyToken'>> {
  const storeHash = `pact-${randomUUID()}`;
  const [modifyToken, readOnlyToken] = await Promise.all([
    store.tokens.mint(storeHash, 'modify'),
    store.tokens.mint(storeHash, 'read-only'),
  ]);
  return { storeHash, modifyToken, readOnlyToken };
}

function storeOn(location: DynamoLocation) {
  return openStore({ endpoint: location.endpoint, region: location.region ?? 'us-east-1', tableName: location.tableName });
}

/** A deliberate change of the provider, for the teeth tests. */
export interface Alteration {
  /**
   * The middleware that runs before the app on every request the verifier sends (it may answer
   * itself), made knowing where the unchanged app listens, for a change that calls the API.
   */
  alter: (honestOrigin: string) => RequestHandler;
  /**
   * Build the provider states through the changed provider too, as a verification of a proxy in
   * front of a deployed instance does (`PROVIDER_BASE_URL`). Default: through the unchanged app.
   */
  statesToo?: boolean;
}

/**
 * The app from `createApp`, on an ephemeral port, on the given DynamoDB. With `alteration`, the
 * verifier talks to a deliberately changed copy (the middleware runs first and may rewrite the
 * response), while the states are built through the unchanged app unless `statesToo`.
 */
export async function startInProcessProvider(location: DynamoLocation, alteration?: Alteration): Promise<RunningProvider> {
  const { client, store } = storeOn(location);
  const cleanup = new InProcessCleanup(store, silentLogger);
  const app = createApp({ store, cleanup, logger: silentLogger });
  const honest = await listen(app);
  const altered = alteration ? await listen(express().use(alteration.alter(honest.origin)).use(app)) : undefined;
  const credentials = await freshStore(store);
  return {
    target: {
      origin: (altered ?? honest).origin,
      stateOrigin: altered && alteration?.statesToo ? altered.origin : honest.origin,
      ...credentials,
    },
    stop: async () => {
      await Promise.all([honest.close(), altered?.close()]);
      // Deletes leave work to the in-process cleanup; let it finish before the client goes.
      await cleanup.idle();
      client.destroy();
    },
  };
}

/**
 * The deployed entry, `service/src/entry/lambda.ts`'s `handler`, behind a local HTTP → API Gateway
 * event bridge. The module reads `TABLE_NAME` and `DYNAMODB_ENDPOINT` when it loads, so they are
 * set before it is imported (a process that imported it already keeps its first table).
 */
export async function startLambdaProvider(location: DynamoLocation): Promise<RunningProvider> {
  process.env.TABLE_NAME = location.tableName;
  process.env.DYNAMODB_ENDPOINT = location.endpoint;
  process.env.AWS_REGION ??= location.region ?? 'us-east-1';
  // Webhook secrets are sealed with a key of this run (the stack gives the function a KMS key).
  process.env.HOOKS_SECRET_KEY ??= randomBytes(32).toString('base64');
  const { handler } = (await import('../../service/src/entry/lambda')) as { handler: ProxyHandler };
  const bridge = await startLambdaBridge(handler);
  const { client, store } = storeOn(location);
  const credentials = await freshStore(store);
  return {
    target: { origin: bridge.origin, ...credentials },
    stop: async () => {
      await bridge.stop();
      client.destroy();
    },
  };
}
