import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { buildConsumerKit } from './consumer-kit';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const COMMITTED_PACTS_DIR = join(REPO_ROOT, 'contracts', 'pacts');

/**
 * Runs the consumer tests (contracts/consumers) in a jest of their own, writing the pacts into
 * `outDir`. They need no DynamoDB, so the run skips the project's global setup.
 */
export function generateConsumerPacts(outDir: string): { ok: boolean; output: string } {
  buildConsumerKit();
  const config = {
    rootDir: REPO_ROOT,
    roots: ['<rootDir>/contracts/consumers'],
    testMatch: ['**/*.test.ts'],
    testEnvironment: 'node',
    transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  };
  const result = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--ci', '--colors=false'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, PACT_OUTPUT_DIR: outDir, PACT_DO_NOT_TRACK: 'true', SCARF_ANALYTICS: 'false' },
      encoding: 'utf8',
      timeout: 5 * 60_000,
    },
  );
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

interface PactJson {
  metadata?: Record<string, unknown>;
  interactions?: { description: string }[];
}

/** A pact without what changes from one Pact release to the next: the library version stamps. */
export function withoutVolatileMetadata(pact: PactJson): PactJson {
  const metadata = { ...pact.metadata };
  delete metadata['pact-js'];
  delete metadata.pactRust;
  return { ...pact, metadata };
}

function pactFiles(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.json'))
        .sort()
    : [];
}

function read(file: string): PactJson {
  return JSON.parse(readFileSync(file, 'utf8')) as PactJson;
}

function interactionChanges(fresh: PactJson, committed: PactJson): string[] {
  const byDescription = (pact: PactJson) => new Map((pact.interactions ?? []).map((i) => [i.description, i]));
  const now = byDescription(fresh);
  const before = byDescription(committed);
  const changes: string[] = [];
  for (const [description, interaction] of now) {
    if (!before.has(description)) changes.push(`new interaction "${description}"`);
    else if (!isDeepStrictEqual(interaction, before.get(description))) changes.push(`changed interaction "${description}"`);
  }
  for (const description of before.keys()) if (!now.has(description)) changes.push(`interaction "${description}" is gone`);
  return changes;
}

/**
 * How the committed pacts differ from freshly generated ones, one line per difference; empty
 * when they are current. Only the library version stamps in `metadata` are ignored.
 */
export function stalePacts(freshDir: string, committedDir: string = COMMITTED_PACTS_DIR): string[] {
  const fresh = pactFiles(freshDir);
  const committed = pactFiles(committedDir);
  const problems: string[] = [];
  for (const name of fresh.filter((n) => !committed.includes(n))) problems.push(`${name}: not committed`);
  for (const name of committed.filter((n) => !fresh.includes(n)))
    problems.push(`${name}: committed, but no consumer test writes it any more`);
  for (const name of fresh.filter((n) => committed.includes(n))) {
    const now = withoutVolatileMetadata(read(join(freshDir, name)));
    const before = withoutVolatileMetadata(read(join(committedDir, name)));
    if (isDeepStrictEqual(now, before)) continue;
    const changes = interactionChanges(now, before);
    problems.push(`${name}: ${changes.length > 0 ? changes.join('; ') : 'metadata or pact-level fields differ'}`);
  }
  return problems;
}
