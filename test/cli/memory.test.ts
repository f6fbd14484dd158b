/**
 * A million rows through `segments import` (dry run, so the store is not filled) in a process
 * whose JavaScript heap is capped far below what a million row objects would need: it passes only
 * while the file is streamed and the customers are kept in the flat typed arrays of CustomerSet.
 */

import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, summaryOf } from '../helpers/cli';
import { useServiceAndFreshStore } from '../helpers/service';

jest.setTimeout(180_000);

const ROWS = 1_000_000;
const HEAP_MB = 32;

const context = useServiceAndFreshStore();
let dir: string;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function millionRowFile(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'segments-million-'));
  const file = join(dir, 'million.csv');
  const out = createWriteStream(file);
  out.write('customer_id,email\n');
  for (let start = 1; start <= ROWS; start += 10_000) {
    let chunk = '';
    for (let id = start; id < start + 10_000; id++) chunk += `${id},c${id}@example.com\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

it(`reads a file of a million rows with a ${HEAP_MB} MB JavaScript heap`, async () => {
  const file = await millionRowFile();
  const { service, api } = context;

  const result = await runCli(
    ['import', '--segment', 'Everyone', '--file', file, '--create', '--dry-run', '--json', '--no-progress'],
    { origin: service.origin, storeHash: api.storeHash, token: api.modifyToken },
    { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
  );

  expect(result.stderr).not.toMatch(/heap out of memory/i);
  expect(result.code).toBe(0);
  expect(summaryOf(result)).toMatchObject({ rows: ROWS, customers: ROWS, rowsSkipped: 0, profilesCreated: ROWS, dryRun: true });
});
