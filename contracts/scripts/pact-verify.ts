/**
 * `npm run pact:verify`: verifies the provider against every consumer's pact.
 *
 * - Default: the committed pacts (contracts/pacts), against the app in-process and against the
 *   Lambda handler, both on an embedded DynamoDB Local.
 * - `PACT_FILES` (comma-separated paths): those pact files instead of the committed ones, e.g. a
 *   pact another team's consumer test wrote, before it is published or committed.
 * - `PROVIDER_BASE_URL` (+ `PROVIDER_STORE_HASH`, `PROVIDER_TOKEN`, `PROVIDER_READONLY_TOKEN`):
 *   against that running instance instead.
 * - `PACT_BROKER_BASE_URL` (+ `PACT_BROKER_TOKEN`): the pacts come from the broker (main branch,
 *   deployed or released, matching branch; pending and WIP pacts), and in CI (`CI=true`) the
 *   results are published with the git sha and branch.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDynamoClient } from '../../service/src/store/client';
import { ensureTable, startEmbeddedDynamoDb } from '../../service/src/store/dynamodb-local';
import { pactFilesIn } from '../provider/pact-files';
import { type EntryOutcome, summarize, verifyInProcess, verifyLambda, verifyRemote } from '../provider/run';
import { targetFromEnv } from '../provider/target';
import { type PactSource, quietPact } from '../provider/verify';
import { type GitInfo, gitInfo } from './support/git';
import { brokerRequirements, gitRequirements } from './support/pact-cli';
import { requireAll, runMain } from './support/run-main';

/** WIP pacts are those published since this date (override with PACT_INCLUDE_WIP_PACTS_SINCE). */
export const DEFAULT_WIP_SINCE = '2025-01-01';

/** Committed files by default; the broker, with the selectors of a provider's CI, when one is configured. */
export function pactSourceFromEnv(env: NodeJS.ProcessEnv, git: GitInfo): PactSource {
  if (env.PACT_FILES) {
    const files = env.PACT_FILES.split(',')
      .map((file) => file.trim())
      .filter(Boolean)
      .map((file) => resolve(file));
    const absent = files.filter((file) => !existsSync(file));
    if (files.length === 0) throw new Error('PACT_FILES is set but names no file');
    if (absent.length > 0) throw new Error(`PACT_FILES names files that do not exist: ${absent.join(', ')}`);
    return { kind: 'files', files };
  }
  if (!env.PACT_BROKER_BASE_URL) {
    const files = pactFilesIn();
    if (files.length === 0) throw new Error('contracts/pacts holds no pact files: run `npm run pact:consumer` first');
    return { kind: 'files', files };
  }
  requireAll('pact:verify (pacts from the broker)', [...brokerRequirements(env), ...gitRequirements(git)]);
  const buildUrl =
    env.BUILD_URL ||
    (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined);
  return {
    kind: 'broker',
    brokerUrl: env.PACT_BROKER_BASE_URL,
    token: env.PACT_BROKER_TOKEN,
    consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }, { matchingBranch: true }],
    enablePending: true,
    includeWipPactsSince: env.PACT_INCLUDE_WIP_PACTS_SINCE || DEFAULT_WIP_SINCE,
    providerVersion: git.sha!,
    providerVersionBranch: git.branch!,
    publishVerificationResult: env.CI === 'true',
    buildUrl,
  };
}

async function verifyLocally(source: PactSource): Promise<EntryOutcome[]> {
  const dynamo = await startEmbeddedDynamoDb();
  const location = { endpoint: dynamo.endpoint, tableName: 'pact-verify', region: 'us-east-1' };
  try {
    const client = createDynamoClient({ endpoint: dynamo.endpoint, region: 'us-east-1' });
    await ensureTable(client, location.tableName);
    client.destroy();
    return [await verifyInProcess(location, source), await verifyLambda(location, source)];
  } finally {
    await dynamo.stop();
  }
}

async function main(): Promise<number> {
  quietPact();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const source = pactSourceFromEnv(process.env, gitInfo());
  const remote = targetFromEnv();
  const outcomes = remote ? [await verifyRemote(remote, source)] : await verifyLocally(source);
  process.stdout.write(`\n${summarize(outcomes)}\n`);
  return outcomes.every((o) => o.ok) ? 0 : 1;
}

if (require.main === module) runMain(main);
