import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Store } from '../../service/src/repositories';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { keys, SK_PREFIX } from '../../service/src/store/keys';
import { membersList, segmentsList } from '../../service/src/store/lists';
import { SEGMENTS_BY_PROFILE_INDEX } from '../../service/src/store/schema';
import { Table } from '../../service/src/store/table';
import { bundleScript } from '../lib/bundle';
import type { OpsStore } from '../lib/fixtures';
import { atLeast, type Figure } from '../lib/report';
import { msSince, percentile, ratio } from '../lib/stats';

const ROOT = path.resolve(__dirname, '..', '..');

export interface MixResult {
  requestsPerSecond: number;
  latencyMedianMs: number;
  latencyP99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
}

export interface ThroughputResult {
  connections: number;
  durationSeconds: number;
  read: MixResult;
  /** The read mix's DynamoDB requests sent straight with the SDK, at the same concurrency. */
  rawRead: { requestsPerSecond: number; latencyMedianMs: number; latencyP99Ms: number; calls: number };
  /** Service's read-mix rate / the raw rate. */
  readVsRaw: number;
  write: MixResult;
  /** Peak resident set size of the service process over both mixes (VmHWM), in MB. */
  peakRssMb: number;
}

/** Peak and current RSS of a process, from /proc (Linux). */
function rssOf(pid: number): { peakMb: number; currentMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { peakMb: Math.round(kb('VmHWM') / 1024), currentMb: Math.round(kb('VmRSS') / 1024) };
}

/**
 * What DynamoDB Local itself sustains for the read mix: the requests the service sends for each
 * call (with its token cached), sent with the SDK from `connections` workers for the same time.
 * A call of the mix is its requests in order; its rate and latency are what the service's are
 * compared with.
 */
async function rawReadMix(options: { endpoint: string; tableName: string; ops: OpsStore; connections: number; durationSeconds: number }) {
  const client = createDynamoClient({ endpoint: options.endpoint, region: 'us-east-1' });
  const table = new Table(documentClient(client), options.tableName);
  const { ops } = options;
  const page = (list: ReturnType<typeof segmentsList>) => () =>
    table.queryFirst({ partition: list.partition, sortKeyPrefix: list.header.sk }, 51);
  const calls: (() => Promise<unknown>)[] = [
    page(segmentsList(ops.storeHash)),
    async () => {
      const edges = await table.queryAll<Record<string, string>>({
        partition: keys.profileEdgesPartition(ops.storeHash, ops.memberProfileId),
        sortKeyPrefix: SK_PREFIX.segment,
        index: SEGMENTS_BY_PROFILE_INDEX.name,
      });
      await table.getMany([
        keys.profile(ops.storeHash, ops.memberProfileId),
        ...edges.map((edge) => keys.segment(ops.storeHash, String(edge[SEGMENTS_BY_PROFILE_INDEX.sort]).slice(SK_PREFIX.segment.length))),
      ]);
    },
    page(membersList(ops.storeHash, ops.populousSegmentId)),
  ];
  const latencies: number[] = [];
  const drive = async (seconds: number, record: boolean) => {
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: options.connections }, async (_, worker) => {
        for (let i = worker; Date.now() < until; i++) {
          const started = process.hrtime.bigint();
          await calls[i % calls.length]!();
          if (record) latencies.push(msSince(started));
        }
      }),
    );
  };
  try {
    await drive(1, false);
    await drive(options.durationSeconds, true);
  } finally {
    client.destroy();
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requestsPerSecond: Math.round(latencies.length / options.durationSeconds),
    latencyMedianMs: round(percentile(latencies, 50)),
    latencyP99Ms: round(percentile(latencies, 99)),
    calls: latencies.length,
  };
}

async function startServer(workDir: string, endpoint: string, tableName: string): Promise<{ origin: string; child: ChildProcess }> {
  const script = await bundleScript(path.join(ROOT, 'bench/throughput/server.ts'), path.join(workDir, 'server', 'server.js'));
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: tableName, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n') && line) resolve((JSON.parse(line) as { origin: string }).origin);
    });
    child.once('exit', (code) => reject(new Error(`the load-test server exited with ${code}`)));
  });
  return { origin, child };
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function summarizeMix(result: autocannon.Result): MixResult {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    latencyMedianMs: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0])),
  };
}

interface Slot {
  segmentId: string;
  profileId: string;
  busy: boolean;
}

/**
 * Load on the service over loopback with autocannon: a read mix (a page of segments, a profile's
 * segments, a page of a segment's members) and a write mix that leaves the store as it found it
 * (create a segment, delete it, add a profile to a segment, remove it). Each connection works on
 * a segment and a profile of its own, so there is no conflict to retry and no limit to reach.
 */
export async function measureThroughput(options: {
  workDir: string;
  endpoint: string;
  tableName: string;
  store: Store;
  ops: OpsStore;
  connections: number;
  durationSeconds: number;
}): Promise<ThroughputResult> {
  const { ops, connections } = options;
  const created = await options.store.segments.create(
    ops.storeHash,
    Array.from({ length: connections }, (_, i) => ({ name: `load-${i}` })),
  );
  const slots: Slot[] = created.map((segment, i) => ({ segmentId: segment.id, profileId: ops.profileIds[150 + i]!, busy: false }));
  const server = await startServer(options.workDir, options.endpoint, options.tableName);
  try {
    const base = `/stores/${ops.storeHash}/v3`;
    const headers = { 'x-auth-token': ops.token, 'content-type': 'application/json', accept: 'application/json' };
    const common = { url: server.origin, connections, headers };

    const readRequests: autocannon.Request[] = [
      { method: 'GET', path: `${base}/segments?limit=50` },
      { method: 'GET', path: `${base}/shopper-profiles/${ops.memberProfileId}/segments?limit=50` },
      { method: 'GET', path: `${base}/segments/${ops.populousSegmentId}/shopper-profiles?limit=50` },
    ];

    let names = 0;
    type Context = { slot?: Slot; segmentId?: string };
    const writeRequests: autocannon.Request[] = [
      {
        method: 'POST',
        path: `${base}/segments`,
        setupRequest: (request, context) => {
          const ctx = context as Context;
          ctx.slot = slots.find((slot) => !slot.busy) ?? slots[0]!;
          ctx.slot.busy = true;
          return { ...request, body: JSON.stringify([{ name: `churn-${process.pid}-${names++}` }]) };
        },
        onResponse: (status, body, context) => {
          if (status === 201) (context as Context).segmentId = (JSON.parse(body) as { data: { id: string }[] }).data[0]?.id;
        },
      },
      {
        method: 'DELETE',
        setupRequest: (request, context) => ({ ...request, path: `${base}/segments?id:in=${(context as Context).segmentId}` }),
      },
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const slot = (context as Context).slot!;
          return { ...request, path: `${base}/segments/${slot.segmentId}/shopper-profiles`, body: JSON.stringify([slot.profileId]) };
        },
      },
      {
        method: 'DELETE',
        setupRequest: (request, context) => {
          const slot = (context as Context).slot!;
          return { ...request, path: `${base}/segments/${slot.segmentId}/shopper-profiles?id:in=${slot.profileId}` };
        },
        onResponse: (_status, _body, context) => {
          const slot = (context as Context).slot;
          if (slot) slot.busy = false;
        },
      },
    ];

    // A run that stops mid-cycle can leave a member in a slot's segment: take it out before the next.
    const resetSlots = async () => {
      for (const slot of slots) {
        await options.store.memberships.remove(ops.storeHash, slot.segmentId, [slot.profileId]);
        slot.busy = false;
      }
    };
    // A short run of each first: JIT, connection pools and DynamoDB Local's caches warm up.
    await run({ ...common, duration: 1, requests: readRequests });
    const read = summarizeMix(await run({ ...common, duration: options.durationSeconds, requests: readRequests }));
    const rawRead = await rawReadMix(options);
    await run({ ...common, duration: 1, requests: writeRequests });
    await resetSlots();
    const write = await run({ ...common, duration: options.durationSeconds, requests: writeRequests });
    await resetSlots();
    return {
      connections,
      durationSeconds: options.durationSeconds,
      read,
      rawRead,
      readVsRaw: ratio(read.requestsPerSecond, rawRead.requestsPerSecond),
      write: summarizeMix(write),
      peakRssMb: rssOf(server.child.pid!).peakMb,
    };
  } finally {
    await stopServer(server.child);
  }
}

export function throughputFigures(result: ThroughputResult): Figure[] {
  const section = `5. Throughput (autocannon, ${result.connections} connections, ${result.durationSeconds} s, loopback)`;
  const row = (id: string, name: string, mix: MixResult): Figure[] => [
    {
      id: `throughput.${id}`,
      section,
      name,
      value: `${mix.requestsPerSecond} req/s, median ${mix.latencyMedianMs} ms, p99 ${mix.latencyP99Ms} ms`,
      measured: mix.requestsPerSecond,
      target: '',
    },
    {
      id: `throughput.${id}.failures`,
      section,
      name: `${name}: non-2xx answers and errors`,
      value:
        `${mix.non2xx + mix.errors} of ${mix.requests}` +
        (mix.non2xx > 0
          ? ` (${Object.entries(mix.statuses)
              .filter(([code]) => !code.startsWith('2'))
              .map(([code, n]) => `${n}×${code}`)
              .join(', ')})`
          : ''),
      measured: mix.non2xx + mix.errors,
      target: '0',
      pass: mix.non2xx + mix.errors === 0,
    },
  ];
  return [
    ...row('read', 'read mix (segments page, profile’s segments, members page)', result.read),
    {
      id: 'throughput.rawRead',
      section,
      name: 'the read mix’s DynamoDB requests, SDK straight to DynamoDB Local, same concurrency',
      value: `${result.rawRead.requestsPerSecond} calls/s, median ${result.rawRead.latencyMedianMs} ms, p99 ${result.rawRead.latencyP99Ms} ms`,
      measured: result.rawRead.requestsPerSecond,
      target: '',
    },
    {
      id: 'throughput.readVsRaw',
      section,
      name: 'read mix through the service / SDK straight',
      value: `${Math.round(result.readVsRaw * 100)}%`,
      ...atLeast(result.readVsRaw, 0.7),
      target: '≥ 70%',
    },
    ...row('write', 'write mix (create + delete segment, add + remove member)', result.write),
    {
      id: 'throughput.peakRss',
      section,
      name: 'service process, peak RSS over both mixes (VmHWM)',
      value: `${result.peakRssMb} MB`,
      measured: result.peakRssMb,
      target: '',
    },
  ];
}
