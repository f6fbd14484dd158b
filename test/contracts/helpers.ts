import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PactFile, PactInteraction } from '../../contracts/provider/pact-files';
import { pactFilesIn, readPact } from '../../contracts/provider/pact-files';
import type { DynamoLocation } from '../../contracts/provider/providers';

/** The run's DynamoDB Local, started by the jest global setup. */
export function jestDynamo(): DynamoLocation {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const tableName = process.env.TABLE_NAME;
  if (!endpoint || !tableName) throw new Error('DYNAMODB_ENDPOINT and TABLE_NAME are not set: run the tests through jest');
  return { endpoint, tableName, region: 'us-east-1' };
}

export function committedPacts(): PactFile[] {
  return pactFilesIn().map(readPact);
}

/** A scratch directory removed after the file's tests. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Writes copies of the committed pacts holding only the interactions `keep` selects (and, with
 * `change`, altered), one file per consumer that still has any; answers their paths.
 */
export function writePacts(
  dir: string,
  keep: (interaction: PactInteraction, consumer: string) => boolean,
  change: (interaction: PactInteraction) => void = () => {},
): string[] {
  const files: string[] = [];
  for (const pact of committedPacts()) {
    const interactions = structuredClone(pact.interactions).filter((i) => keep(i, pact.consumer.name));
    if (interactions.length === 0) continue;
    interactions.forEach(change);
    const file = join(dir, `${pact.consumer.name}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ ...pact, interactions }, null, 2));
    files.push(file);
  }
  return files;
}
