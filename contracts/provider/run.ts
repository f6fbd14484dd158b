import { type DynamoLocation, type RunningProvider, startInProcessProvider, startLambdaProvider } from './providers';
import type { ProviderTarget } from './target';
import { type PactSource, type VerificationOutcome, verifyProvider } from './verify';

export type Entry = 'in-process app' | 'Lambda handler' | 'remote instance';

export interface EntryOutcome extends VerificationOutcome {
  entry: Entry;
}

async function verifyStarted(entry: Entry, start: () => Promise<RunningProvider>, source: PactSource): Promise<EntryOutcome> {
  const provider = await start();
  try {
    return { entry, ...(await verifyProvider({ target: provider.target, source })) };
  } finally {
    await provider.stop();
  }
}

/** Verifies `createApp` served in-process, on a fresh store of the given DynamoDB. */
export function verifyInProcess(location: DynamoLocation, source: PactSource): Promise<EntryOutcome> {
  return verifyStarted('in-process app', () => startInProcessProvider(location), source);
}

/** Verifies the Lambda entry (`handler`) through an HTTP → API Gateway event bridge. */
export function verifyLambda(location: DynamoLocation, source: PactSource): Promise<EntryOutcome> {
  return verifyStarted('Lambda handler', () => startLambdaProvider(location), source);
}

/** Verifies a running instance (a local `npm start`, or a deployed stage). */
export async function verifyRemote(target: ProviderTarget, source: PactSource): Promise<EntryOutcome> {
  return { entry: 'remote instance', ...(await verifyProvider({ target, source })) };
}

/** One line per entry, and under it what failed (or, for a passing broker run, what its pending pacts hit). */
export function summarize(outcomes: EntryOutcome[]): string {
  return outcomes
    .map((o) =>
      [
        o.ok
          ? `✔ ${o.entry}: every interaction verified${o.failures.length > 0 ? ' (pending pacts had problems)' : ''}`
          : `✘ ${o.entry}: verification failed`,
        ...o.failures.map((f) => `    ${f}`),
      ].join('\n'),
    )
    .join('\n');
}
