import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Builds the consumer kit (contracts/client) into its dist/, which this repository's consumer
 * tests load as installed teams do. Incremental: a no-op when nothing changed. `npm ci` builds it
 * too (the root `prepare` script); this keeps a test run from using a kit older than its source.
 */
export function buildConsumerKit(): void {
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(REPO_ROOT, 'contracts', 'client', 'tsconfig.build.json')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`building the consumer kit failed:\n${result.stdout}${result.stderr}${result.error ?? ''}`);
}
