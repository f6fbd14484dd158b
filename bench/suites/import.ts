import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { MAX_CONCURRENCY } from '../../cli/src/main';
import { LIMITS } from '../../service/src/limits';
import { createProfiles } from '../lib/fixtures';
import { Api } from '../lib/http';
import type { Figure } from '../lib/report';
import type { BenchService } from '../lib/service';
import { pool, summarize, type Timings } from '../lib/stats';

const execFileAsync = promisify(execFile);
const CLI = path.join(__dirname, '..', '..', 'cli', 'bin', 'segments.js');

export interface ImportResult {
  customers: number;
  /** Members per second of `segments import` into a new segment, profiles already in the store. */
  membersPerSecond: number;
  elapsedSeconds: number;
  /** The same import when every profile has to be created first (context: 25 per create). */
  withProfileCreation: { membersPerSecond: number; elapsedSeconds: number };
  /** Adds of 50 profiles, 10 in flight, in a segment of their own: the latency the ceiling uses. */
  addLatency: Timings;
  /** 50 per add × 10 in flight ÷ the median add latency. */
  ceilingMembersPerSecond: number;
  ratio: number;
}

async function runImport(service: BenchService, storeHash: string, token: string, file: string, segment: string) {
  const { stdout } = await execFileAsync(
    process.execPath,
    [CLI, 'import', '--segment', segment, '--file', file, '--create', '--json', '--no-progress'],
    {
      env: { PATH: process.env.PATH, SEGMENTS_BASE_URL: service.origin, SEGMENTS_STORE_HASH: storeHash, SEGMENTS_TOKEN: token },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 10 * 60_000,
    },
  );
  const summary = JSON.parse(stdout.trim().split('\n').pop()!) as { membersAdded: number; elapsedSeconds: number; failed: number };
  if (summary.failed > 0) throw new Error(`the import failed for ${summary.failed} rows: ${stdout}`);
  return summary;
}

/**
 * `segments import` as a process, against the app over HTTP: 10,000 customers into a new segment
 * of a store that already has their profiles, against the ceiling the API allows (the median add
 * latency at 10 in flight, measured in the same run just before).
 */
export async function measureImport(service: BenchService, workDir: string, customers: number): Promise<ImportResult> {
  const storeHash = 'bench-import';
  const token = await service.store.tokens.mint(storeHash, 'modify');
  const profileIds = await createProfiles(service.store, storeHash, customers);
  const file = path.join(workDir, 'import.csv');
  writeFileSync(file, `customer_id\n${Array.from({ length: customers }, (_, i) => i + 1).join('\n')}\n`);

  // The ceiling: adds of 50, 10 in flight, into a scratch segment.
  const api = new Api(service.origin, storeHash, token);
  const scratch = (await api.expect(201, 'POST', '/segments', [{ name: 'ceiling' }])).body as { data: { id: string }[] };
  const scratchId = scratch.data[0]!.id;
  const batches: string[][] = [];
  for (let i = 0; i < Math.min(profileIds.length, 4000); i += LIMITS.profilesPerAdd)
    batches.push(profileIds.slice(i, i + LIMITS.profilesPerAdd));
  const latencies: number[] = [];
  await pool(batches, MAX_CONCURRENCY, async (batch, index) => {
    const { ms } = await api.expect(201, 'POST', `/segments/${scratchId}/shopper-profiles`, batch);
    if (index >= MAX_CONCURRENCY) latencies.push(ms);
  });
  const addLatency = summarize(latencies);
  const ceilingMembersPerSecond = (LIMITS.profilesPerAdd * MAX_CONCURRENCY) / (addLatency.median / 1000);

  const measured = await runImport(service, storeHash, token, file, 'imported');
  const membersPerSecond = measured.membersAdded / measured.elapsedSeconds;

  // Context: a store that has none of the profiles yet.
  const freshStore = 'bench-import-fresh';
  const freshToken = await service.store.tokens.mint(freshStore, 'modify');
  const fresh = await runImport(service, freshStore, freshToken, file, 'imported');

  return {
    customers,
    membersPerSecond: Math.round(membersPerSecond),
    elapsedSeconds: measured.elapsedSeconds,
    withProfileCreation: { membersPerSecond: Math.round(fresh.membersAdded / fresh.elapsedSeconds), elapsedSeconds: fresh.elapsedSeconds },
    addLatency,
    ceilingMembersPerSecond: Math.round(ceilingMembersPerSecond),
    ratio: Math.round((membersPerSecond / ceilingMembersPerSecond) * 100) / 100,
  };
}

export function importFigures(result: ImportResult): Figure[] {
  const section = '7. Bulk import (segments CLI)';
  return [
    {
      id: 'import.membersPerSecond',
      section,
      name: `segments import: ${result.customers.toLocaleString('en')} customers into a new segment (profiles exist)`,
      value: `${result.membersPerSecond} members/s (${result.elapsedSeconds.toFixed(1)} s), ${Math.round(result.ratio * 100)}% of the ceiling`,
      measured: result.ratio,
      target: '≥ 60% of the ceiling',
      pass: result.ratio >= 0.6,
    },
    {
      id: 'import.ceiling',
      section,
      name: 'ceiling: 50 per add × 10 in flight ÷ median add latency',
      value: `${result.ceilingMembersPerSecond} members/s (median add ${result.addLatency.median.toFixed(1)} ms at 10 in flight)`,
      target: '',
    },
    {
      id: 'import.withProfileCreation',
      section,
      name: 'the same import, every profile created first (25 per create)',
      value: `${result.withProfileCreation.membersPerSecond} members/s (${result.withProfileCreation.elapsedSeconds.toFixed(1)} s)`,
      target: '',
    },
  ];
}
