/**
 * `segments import` and `segments export` as processes, against the real app on a real port
 * (DynamoDB Local behind it), some runs through a real loopback proxy that answers 429 or 503.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSegmentationClient, type SegmentationClient, storeBaseUrl } from '../../contracts/client';
import { type CliConnection, finished, REPO_ROOT, runCli, spawnCli, summaryOf } from '../helpers/cli';
import { startProxy, type TestProxy } from '../helpers/proxy';
import { useServiceAndFreshStore } from '../helpers/service';

jest.setTimeout(180_000);

const context = useServiceAndFreshStore();
let dir: string;
let connection: CliConnection;
let client: SegmentationClient;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'segments-cli-'));
  connection = { origin: context.service.origin, storeHash: context.api.storeHash, token: context.api.modifyToken };
  client = createSegmentationClient(storeBaseUrl(connection.origin, connection.storeHash), connection.token);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function csvFile(name: string, customerIds: (number | string)[]): string {
  const file = join(dir, name);
  writeFileSync(file, `email,customer_id,name\n${customerIds.map((id) => `c${id}@example.com,${id},Customer ${id}`).join('\n')}\n`);
  return file;
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

async function segmentNamed(name: string) {
  const { data } = await client.listSegments({ limit: 250 });
  return data?.data.find((segment) => segment.name === name);
}

/** Every member of the segment, read page by page: customer id → profile id. */
async function membersOf(segmentId: string): Promise<Map<number, string>> {
  const members = new Map<number, string>();
  for (let page = 1; ; page++) {
    const { data } = await client.listSegmentProfiles(segmentId, { page, limit: 250 });
    for (const profile of data?.data ?? []) {
      if (members.has(profile.customer_id)) throw new Error(`customer ${profile.customer_id} is listed twice`);
      members.set(profile.customer_id, profile.id);
    }
    if (!data || page >= data.meta.pagination.total_pages) return members;
  }
}

async function profileTotal(): Promise<number> {
  const { data } = await client.listShopperProfiles({ limit: 1 });
  return data!.meta.pagination.total;
}

const sorted = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);
const writes = (proxy: TestProxy) => proxy.seen.filter((r) => r.method !== 'GET');

describe('segments (the command line)', () => {
  it('answers --help with the usage and exit code 0', async () => {
    const result = await runCli(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('segments import --segment <name> --file');
  });

  it('runs as `npx segments` from the repository, through the bin in package.json', async () => {
    const result = await finished(
      spawn('npx', ['--no-install', 'segments', '--help'], { cwd: REPO_ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] }),
    );

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes: 0 everything was done');
  });

  it('names a missing setting in one line and exits with 2', async () => {
    const result = await runCli(['import', '--segment', 'VIP', '--file', 'x.csv'], undefined, {
      SEGMENTS_BASE_URL: 'http://127.0.0.1:9',
      SEGMENTS_STORE_HASH: 'local',
    });

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['segments: missing token: pass --token or set SEGMENTS_TOKEN']);
  });

  it('exits with 2 when the segment does not exist and --create is not given', async () => {
    const result = await runCli(['import', '--segment', 'Nowhere', '--file', csvFile('a.csv', [1])], connection);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no segment is named "Nowhere"');
  });
});

describe('segments import', () => {
  it('creates the segment and the profiles, adds every customer, and a second run changes nothing', async () => {
    const file = csvFile('members.csv', range(1000, 130));

    const first = await runCli(['import', '--segment', 'VIP', '--file', file, '--create', '--json'], connection);

    expect(first.code).toBe(0);
    expect(summaryOf(first)).toMatchObject({ rows: 130, profilesCreated: 130, membersAdded: 130, alreadyMembers: 0, failed: 0 });
    // Not a terminal: plain progress lines on stderr, not a bar.
    expect(first.stderr).toMatch(/^adding members: 130\/130$/m);
    expect(first.stderr).not.toContain('\x1b[');
    const segment = await segmentNamed('VIP');
    expect(sorted((await membersOf(segment!.id)).keys())).toEqual(range(1000, 130));

    const proxy = await startProxy(connection.origin);
    try {
      const second = await runCli(['import', '--segment', 'VIP', '--file', file, '--json'], { ...connection, origin: proxy.origin });

      expect(second.code).toBe(0);
      expect(summaryOf(second)).toMatchObject({ profilesCreated: 0, membersAdded: 0, alreadyMembers: 130, removed: 0 });
      expect(writes(proxy)).toEqual([]);
      expect(await profileTotal()).toBe(130);
    } finally {
      await proxy.stop();
    }
  });

  it('uses the profiles the store already has, and reads NDJSON', async () => {
    for (const from of [1, 26, 51, 76]) await client.createShopperProfiles(range(from, 25).map((customer_id) => ({ customer_id })));
    const file = join(dir, 'members.ndjson');
    writeFileSync(
      file,
      `${range(11, 120)
        .map((id) => JSON.stringify({ customer_id: id, tier: 'gold' }))
        .join('\n')}\n`,
    );

    const result = await runCli(['import', '--segment', 'Gold', '--file', file, '--create', '--json'], connection);

    expect(result.code).toBe(0);
    expect(summaryOf(result)).toMatchObject({ profilesCreated: 30, membersAdded: 120, failed: 0 });
    expect(await profileTotal()).toBe(130);
    const segment = await segmentNamed('Gold');
    expect(sorted((await membersOf(segment!.id)).keys())).toEqual(range(11, 120));
  });

  it('with --mirror, removes the members that are not in the file', async () => {
    await runCli(['import', '--segment', 'VIP', '--file', csvFile('old.csv', range(1, 60)), '--create'], connection);

    const result = await runCli(
      ['import', '--segment', 'VIP', '--file', csvFile('new.csv', range(41, 40)), '--mirror', '--json'],
      connection,
    );

    expect(result.code).toBe(0);
    expect(summaryOf(result)).toMatchObject({ membersAdded: 20, alreadyMembers: 20, removed: 40 });
    const segment = await segmentNamed('VIP');
    expect(sorted((await membersOf(segment!.id)).keys())).toEqual(range(41, 40));
  });

  it('with --dry-run, reads everything, writes nothing and says what it would do', async () => {
    const proxy = await startProxy(connection.origin);
    try {
      const result = await runCli(
        ['import', '--segment', 'VIP', '--file', csvFile('m.csv', range(1, 75)), '--create', '--dry-run', '--json'],
        {
          ...connection,
          origin: proxy.origin,
        },
      );

      expect(result.code).toBe(0);
      expect(result.stderr).toContain('would create segment "VIP"');
      expect(summaryOf(result)).toMatchObject({ dryRun: true, profilesCreated: 75, membersAdded: 0 });
      expect(writes(proxy)).toEqual([]);
      expect(await segmentNamed('VIP')).toBeUndefined();
    } finally {
      await proxy.stop();
    }
  });

  it('reports bad rows with their line numbers, skips them and exits with 1; --strict writes nothing', async () => {
    const file = csvFile('bad.csv', [1, 2, 'abc', 3, 2, -4, 0, 2147483648, '']);

    const strict = await runCli(['import', '--segment', 'VIP', '--file', file, '--create', '--strict', '--json'], connection);

    expect(strict.code).toBe(1);
    expect(summaryOf(strict)).toMatchObject({ stoppedBeforeWriting: true, rowsSkipped: 6 });
    expect(await segmentNamed('VIP')).toBeUndefined();

    const result = await runCli(['import', '--segment', 'VIP', '--file', file, '--create', '--json'], connection);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 4: customer_id "abc" is not a positive integer, skipped');
    expect(result.stderr).toContain('line 6: customer_id 2 repeats line 3, skipped');
    expect(result.stderr).toContain('line 7: customer_id "-4" is not a positive integer, skipped');
    expect(result.stderr).toContain('line 8: customer_id 0 is outside 1..2147483647, skipped');
    expect(result.stderr).toContain('line 10: no customer_id, skipped');
    expect(summaryOf(result)).toMatchObject({ rows: 9, customers: 3, rowsSkipped: 6, membersAdded: 3, failed: 0 });
    const segment = await segmentNamed('VIP');
    expect(sorted((await membersOf(segment!.id)).keys())).toEqual([1, 2, 3]);
  });

  it('killed mid-way (SIGKILL), resumes from its checkpoint: nothing lost, nothing doubled', async () => {
    const customers = range(5000, 1200);
    const file = csvFile('big.csv', customers);
    const proxy = await startProxy(connection.origin);
    try {
      const child = spawnCli(['import', '--segment', 'Big', '--file', file, '--create', '--json', '--concurrency', '4'], {
        ...connection,
        origin: proxy.origin,
      });
      const adds = () =>
        proxy.seen.filter((r) => r.method === 'POST' && r.path.endsWith('/shopper-profiles') && r.path.includes('/segments/'));
      proxy.rule = () => {
        // Kill it while some additions are done and others in flight.
        if (adds().length === 8) child.kill('SIGKILL');
        return undefined;
      };
      const killed = await finished(child);
      expect(killed.signal).toBe('SIGKILL');
      // The adds the killed process had sent still reach the app: let them land before reading.
      await proxy.idle();
      const segment = await segmentNamed('Big');
      // Adds the killed process had in flight may still be landing: a walk of the pages could see
      // the list move under it, so read only the total, which is exact at every instant.
      const partial = (await client.listSegmentProfiles(segment!.id, { limit: 1 })).data?.meta.pagination.total ?? 0;
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(customers.length);
      const checkpoint = JSON.parse(readFileSync(`${file}.segments-checkpoint.json`, 'utf8'));
      expect(checkpoint).toMatchObject({ format: 'segments-import-checkpoint/1', segment: { name: 'Big', id: segment!.id } });

      proxy.rule = () => undefined;
      const resumed = await runCli(['import', '--segment', 'Big', '--file', file, '--json'], connection);

      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toContain('resuming the import');
      const summary = summaryOf(resumed);
      expect(summary).toMatchObject({ resumed: true, segmentId: segment!.id, profilesCreated: customers.length, failed: 0 });
      expect(Number(summary.membersAdded) + Number(summary.alreadyMembers)).toBe(customers.length);
      expect(sorted((await membersOf(segment!.id)).keys())).toEqual(customers);
      expect(await profileTotal()).toBe(customers.length);
      expect((await client.listSegments()).data?.data.filter((s) => s.name === 'Big')).toHaveLength(1);
    } finally {
      await proxy.stop();
    }
  });

  it.each([429, 503])('honours Retry-After on %i and finishes the job', async (status) => {
    const proxy = await startProxy(connection.origin);
    const isAdd = (path: string, method: string) => method === 'POST' && path.includes('/segments/') && path.endsWith('/shopper-profiles');
    const isCreate = (path: string, method: string) => method === 'POST' && /\/v3\/shopper-profiles$/.test(path);
    proxy.rule = (req, seen) => {
      const path = req.url ?? '';
      const method = req.method ?? '';
      const same = seen.filter((r) =>
        isAdd(path, method) ? isAdd(r.path, r.method) : isCreate(r.path, r.method) && isCreate(path, method),
      );
      if ((isAdd(path, method) || isCreate(path, method)) && same.length <= 2) return { status, retryAfter: '1' };
      return undefined;
    };
    try {
      // 25 customers: one batch of profiles to create, one of members to add.
      const result = await runCli(['import', '--segment', 'VIP', '--file', csvFile('m.csv', range(1, 25)), '--create', '--json'], {
        ...connection,
        origin: proxy.origin,
      });

      expect(result.code).toBe(0);
      expect(result.stderr).toContain(`${status} (Retry-After 1): trying again in`);
      for (const kind of [isAdd, isCreate]) {
        const calls = proxy.seen.filter((r) => kind(r.path, r.method));
        expect(calls.map((r) => r.answered)).toEqual([status, status, undefined]);
        expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
        expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(1000);
      }
      const segment = await segmentNamed('VIP');
      expect(sorted((await membersOf(segment!.id)).keys())).toEqual(range(1, 25));
    } finally {
      await proxy.stop();
    }
  });
});

describe('segments export', () => {
  it('writes every member as CSV or NDJSON, and an export imports back to the same members', async () => {
    await runCli(['import', '--segment', 'VIP', '--file', csvFile('m.csv', range(700, 260)), '--create'], connection);
    const segment = await segmentNamed('VIP');
    const members = await membersOf(segment!.id);
    const output = join(dir, 'export.csv');

    const csv = await runCli(['export', '--segment', 'VIP', '--output', output], connection);
    const ndjson = await runCli(['export', '--segment', segment!.id, '--format', 'ndjson'], connection);

    expect(csv.code).toBe(0);
    const [header, ...lines] = readFileSync(output, 'utf8').trim().split('\n');
    expect(header).toBe('customer_id,shopper_profile_id');
    expect(new Map(lines.map((line) => [Number(line.split(',')[0]), line.split(',')[1]]))).toEqual(members);
    expect(ndjson.code).toBe(0);
    const rows = ndjson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { customer_id: number; shopper_profile_id: string });
    expect(new Map(rows.map((row) => [row.customer_id, row.shopper_profile_id]))).toEqual(members);

    const back = await runCli(['import', '--segment', 'Copy', '--file', output, '--create', '--json'], connection);
    expect(summaryOf(back)).toMatchObject({ profilesCreated: 0, membersAdded: 260 });
    const copy = await segmentNamed('Copy');
    expect(await membersOf(copy!.id)).toEqual(members);
  });
});
