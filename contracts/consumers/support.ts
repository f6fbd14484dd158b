/**
 * This repository's own setup for its consumer tests. Everything else a consumer test uses comes
 * from the consumer kit, `@customer-segmentation/client/pact`, installed as any other team
 * installs it; it is re-exported here for the consumer folders that import `../support`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consumerPact as kitConsumerPact } from '@customer-segmentation/client/pact';
import type { PactV4 } from '@pact-foundation/pact';

export * from '@customer-segmentation/client/pact';

/**
 * Where a consumer test writes its pact. `npm run pact:consumer` and the staleness check set
 * `PACT_OUTPUT_DIR` (Pact merges into an existing file, so they start from an empty directory);
 * a plain `npm test` writes to a temporary directory, removed after the file's tests, so running
 * the tests never changes the committed pacts.
 */
function pactOutputDir(): string {
  if (process.env.PACT_OUTPUT_DIR) return process.env.PACT_OUTPUT_DIR;
  const dir = mkdtempSync(join(tmpdir(), 'pacts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A Pact V4 consumer of the Customer Segmentation API, writing where this repository's scripts expect. */
export function consumerPact(consumer: string): PactV4 {
  return kitConsumerPact(consumer, { dir: pactOutputDir() });
}
