import { Verifier, type VerifierOptions } from '@pact-foundation/pact';
import { PACT_TOKENS, PROVIDER, stateValueExample } from '../client/conventions';
import { type PactFile, readPact, sendsHeaderValue, stateProblems } from './pact-files';
import { answerInPactTerms, mapToTarget, STATE_SETUP_PATH } from './request-filter';
import { emptyStore, stateHandlers } from './states';
import { ProviderConfigError, type ProviderTarget, stateClient } from './target';

type ConsumerVersionSelector = NonNullable<VerifierOptions['consumerVersionSelectors']>[number];
type StateHandlers = NonNullable<VerifierOptions['stateHandlers']>;

/** Pact tells its makers about each run unless told not to; an offline CI would wait on it. */
export function quietPact(env: NodeJS.ProcessEnv = process.env): void {
  env.PACT_DO_NOT_TRACK = 'true';
  env.SCARF_ANALYTICS = 'false';
}

/** Where the pacts come from: committed files, or a Pact Broker. */
export type PactSource =
  | { kind: 'files'; files: string[] }
  | {
      kind: 'broker';
      brokerUrl: string;
      token: string | undefined;
      consumerVersionSelectors: ConsumerVersionSelector[];
      enablePending: boolean;
      includeWipPactsSince: string | undefined;
      providerVersion: string;
      providerVersionBranch: string;
      /** Only CI publishes: a developer's run must not count as a verification of a version. */
      publishVerificationResult: boolean;
      buildUrl: string | undefined;
    };

export interface VerifyOptions {
  target: ProviderTarget;
  source: PactSource;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /**
   * Check committed pacts' states before verifying (default). Pacts from a broker cannot be
   * read beforehand; a state without a handler then fails the run when it is met.
   */
  checkStatesFirst?: boolean;
}

export interface VerificationOutcome {
  ok: boolean;
  /** One line per failing interaction (or state, or hook), for a person to read. */
  failures: string[];
  /** The verifier's own JSON report, when it produced one. */
  report: unknown;
}

export class StateCheckError extends Error {}

/** Fails before verifying when a pact names a state that has no handler, or no state at all. */
export function checkPacts(pacts: PactFile[], target: ProviderTarget, handled: Iterable<string>): void {
  const problems = stateProblems(pacts, handled);
  if (problems.length > 0) {
    throw new StateCheckError(
      `Provider states are missing:\n${problems.map((p) => `  - ${p.consumer}: "${p.interaction}" ${p.problem}`).join('\n')}`,
    );
  }
  const readOnlyUsers = sendsHeaderValue(pacts, 'X-Auth-Token', PACT_TOKENS.readOnly);
  if (readOnlyUsers.length > 0 && !target.readOnlyToken) {
    throw new ProviderConfigError(
      `${readOnlyUsers.join(', ')} call with a read-only token, and none is configured: set PROVIDER_READONLY_TOKEN to a read-only token of PROVIDER_STORE_HASH.`,
    );
  }
}

function parseReport(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface ReportError {
  interaction?: string;
  mismatch?: { type?: string; message?: string; mismatches?: { type?: string; mismatch?: string; path?: string }[] };
}

/** The verifier's JSON report, one line per failing interaction. */
export function describeFailures(report: unknown): string[] {
  const errors = (report as { errors?: ReportError[] } | undefined)?.errors;
  if (!Array.isArray(errors)) return typeof report === 'string' && report ? [report] : [];
  return errors.map((error) => {
    const details = error.mismatch?.mismatches?.map((m) => `${m.path ?? m.type ?? ''}: ${m.mismatch ?? ''}`.trim()) ?? [];
    const message = details.length > 0 ? details.join('; ') : (error.mismatch?.message ?? JSON.stringify(error.mismatch));
    return `${error.interaction ?? '?'} — ${message}`;
  });
}

/**
 * Verifies the provider at `target` against every pact of `source`. Each interaction starts from
 * an empty store, and its states are built through the public API, so a remote instance is
 * verified the same way as the in-process app. Resolves with the outcome; never throws on a
 * mere mismatch.
 */
export async function verifyProvider({
  target,
  source,
  logLevel = 'error',
  checkStatesFirst = true,
}: VerifyOptions): Promise<VerificationOutcome> {
  quietPact();
  const client = stateClient(target);
  const handlers = stateHandlers(client);
  if (source.kind === 'files' && checkStatesFirst) checkPacts(source.files.map(readPact), target, Object.keys(handlers));

  const stateErrors: string[] = [];
  // The ids the current interaction's states made, each with the example a pact writes for it.
  const madeByStates = new Map<string, string>();
  const remember = (values: Record<string, string | number>) => {
    for (const [name, value] of Object.entries(values)) {
      const example = stateValueExample(name);
      if (typeof value !== 'string' || example === undefined) continue;
      const known = madeByStates.get(value);
      if (known !== undefined && known !== example) {
        stateErrors.push(
          `state value ${name} is an id another state value of the interaction already stands for (${known}, not ${example})`,
        );
      }
      madeByStates.set(value, example);
    }
  };
  const wrapped: StateHandlers = {};
  for (const [name, setup] of Object.entries(handlers)) {
    wrapped[name] = {
      setup: async (params?: unknown) => {
        try {
          const values = await setup((params ?? {}) as Record<string, unknown>);
          remember(values);
          return values;
        } catch (error) {
          // Pact logs a failing state handler and carries on; the run must fail for it.
          stateErrors.push(`state "${name}" ${JSON.stringify(params ?? {})} could not be set up: ${(error as Error).message}`);
          throw error;
        }
      },
    };
  }
  const toPactTerms = answerInPactTerms(() => madeByStates);
  const common: VerifierOptions = {
    providerBaseUrl: target.origin,
    logLevel,
    stateHandlers: wrapped,
    // Every interaction starts from an empty store: its first state setup empties it.
    beforeEach: async () => {
      madeByStates.clear();
      try {
        await emptyStore(client);
      } catch (error) {
        // Pact reports a failing hook only when every interaction passed; report it anyway.
        stateErrors.push(`the store could not be emptied before an interaction: ${(error as Error).message}`);
        throw error;
      }
    },
    requestFilter: (req, res, next) => {
      // A pact fetched from a broker may name a state no handler knows; Pact only logs a warning.
      const body = req.body as { state?: unknown; action?: unknown } | undefined;
      if (
        req.method === 'POST' &&
        req.path === STATE_SETUP_PATH &&
        body?.action === 'setup' &&
        typeof body.state === 'string' &&
        !(body.state in wrapped)
      ) {
        stateErrors.push(`state "${body.state}" has no handler in contracts/provider/states.ts`);
      }
      // Requests into the target's terms; its answers back into the pacts' (exact ids: `stateId`).
      mapToTarget(target)(req, res, (error?: unknown) => (error ? next(error) : toPactTerms(req, res, next)));
    },
    failIfNoPactsFound: true,
  };
  const options: VerifierOptions =
    source.kind === 'files'
      ? // No provider name: pact-core would otherwise also read PACT_BROKER_BASE_URL from the environment.
        { ...common, pactUrls: source.files }
      : {
          ...common,
          provider: PROVIDER,
          pactBrokerUrl: source.brokerUrl,
          ...(source.token ? { pactBrokerToken: source.token } : {}),
          consumerVersionSelectors: source.consumerVersionSelectors,
          enablePending: source.enablePending,
          providerVersion: source.providerVersion,
          providerVersionBranch: source.providerVersionBranch,
          publishVerificationResult: source.publishVerificationResult,
          // pact-core refuses an option that is present but undefined.
          ...(source.includeWipPactsSince ? { includeWipPactsSince: source.includeWipPactsSince } : {}),
          ...(source.buildUrl ? { buildUrl: source.buildUrl } : {}),
        };

  let report: unknown;
  let ok: boolean;
  try {
    report = parseReport(await new Verifier(options).verifyProvider());
    ok = true;
  } catch (error) {
    report = parseReport(error instanceof Error ? error.message : error);
    ok = false;
  }
  const failures = [...new Set(stateErrors), ...(ok ? [] : describeFailures(report))];
  // Committed pacts must be verifiable to the letter. A broker's pending or WIP pact may name a
  // state nobody has written yet: it is reported, and the verifier's own result (which knows
  // which pacts are pending) decides.
  const strict = source.kind === 'files';
  return { ok: ok && (!strict || stateErrors.length === 0), failures, report };
}
