import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Store } from '../../service/src/assemble';
import { type ShopperProfileItem, segmentIdsOf } from '../../service/src/items/profile';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { keys } from '../../service/src/store/keys';
import { membersList, segmentsList } from '../../service/src/store/lists';
import { Table } from '../../service/src/store/table';
import { bundleScript } from '../lib/bundle';
import type { OpsStore } from '../lib/fixtures';
import { atLeast, type Figure } from '../lib/report';
import { median, msSince, percentile, ratio } from '../lib/stats';

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
  /** Each slice's length: the read mix ran `rounds` slices each way, the write mix one. */
  durationSeconds: number;
  rounds: number;
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
 * call (with its token cached), sent with the SDK from `connections` workers. A call of the mix is
 * its requests in order; its rate and latency are what the service's are compared with. Driven in
 * slices, taken turn about with the service's (see `measureThroughput`).
 */
function rawReadDriver(options: { endpoint: string; tableName: string; ops: OpsStore; connections: number }) {
  const client = createDynamoClient({ endpoint: options.endpoint, region: 'us-east-1' });
  const table = new Table(documentClient(client), options.tableName);
  const { ops } = options;
  const page = (list: ReturnType<typeof segmentsList>) => () =>
    table.queryFirst({ partition: list.partition, sortKeyPrefix: list.header.sk }, 51);
  const calls: (() => Promise<unknown>)[] = [
    page(segmentsList(ops.storeHash)),
    // A profile's segments: the profile (which keeps the set of its segments), then those segments.
    async () => {
      const profile = await table.get<ShopperProfileItem>(keys.profile(ops.storeHash, ops.memberProfileId));
      if (profile) await table.getMany(segmentIdsOf(profile).map((id) => keys.segment(ops.storeHash, id)));
    },
    page(membersList(ops.storeHash, ops.populousSegmentId)),
  ];
  const drive = async (seconds: number): Promise<Slice> => {
    const latencies: number[] = [];
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: options.connections }, async (_, worker) => {
        for (let i = worker; Date.now() < until; i++) {
          const started = process.hrtime.bigint();
          await calls[i % calls.length]!();
          latencies.push(msSince(started));
        }
      }),
    );
    return { requests: latencies.length, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  };
  return { drive, stop: () => client.destroy() };
}

/** One slice of a mix: how many calls were answered in how long, and their latency. */
interface Slice {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** Slices of one mix as one figure: the rate over all of them, the median slice's latencies. */
function combine(slices: Slice[]): { requestsPerSecond: number; latencyMedianMs: number; latencyP99Ms: number; requests: number } {
  const requests = slices.reduce((sum, slice) => sum + slice.requests, 0);
  const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requestsPerSecond: Math.round(requests / seconds),
    latencyMedianMs: round(median(slices.map((slice) => slice.p50))),
    latencyP99Ms: round(median(slices.map((slice) => slice.p99))),
    requests,
  };
}

interface LoadTestServer {
  origin: string;
  child: ChildProcess;
  /** Resolves once the server has no request in flight and no cleanup pending (see server.ts). */
  idle(): Promise<void>;
}

async function startServer(workDir: string, endpoint: string, tableName: string): Promise<LoadTestServer> {
  const script = await bundleScript(path.join(ROOT, 'bench/throughput/server.ts'), path.join(workDir, 'server', 'server.js'));
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, DYNAMODB_ENDPOINT: endpoint, TABLE_NAME: tableName, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  // The server's stdout is lines: its origin first, then one `idle` per question asked.
  const lines: string[] = [];
  const readers: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      const reader = readers.shift();
      if (reader) reader.resolve(line);
      else lines.push(line);
    }
  });
  let exited: Error | undefined;
  child.once('exit', (code) => {
    exited = new Error(`the load-test server exited with ${code}`);
    for (const reader of readers.splice(0)) reader.reject(exited);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) resolve(line);
      else if (exited) reject(exited);
      else readers.push({ resolve, reject });
    });
  const origin = (JSON.parse(await nextLine()) as { origin: string }).origin;
  const idle = async () => {
    child.stdin?.write('idle?\n');
    const answer = await nextLine();
    if (answer !== 'idle') throw new Error(`the load-test server answered ${answer}`);
  };
  return { origin, child, idle };
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

/** Read-mix slices as one result: rates and latencies as `combine` takes them, answers summed. */
function summarizeMixes(results: autocannon.Result[], seconds: number): MixResult {
  const mixes = results.map(summarizeMix);
  const statuses: Record<string, number> = {};
  for (const mix of mixes) for (const [code, n] of Object.entries(mix.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  return {
    ...combine(results.map((r) => ({ requests: r.requests.total, seconds, p50: r.latency.p50, p99: r.latency.p99 }))),
    non2xx: mixes.reduce((sum, mix) => sum + mix.non2xx, 0),
    errors: mixes.reduce((sum, mix) => sum + mix.errors, 0),
    statuses,
  };
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
  /** Each slice's length. */
  durationSeconds: number;
  /** Slices of the read mix, each way. */
  rounds: number;
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

    // A run that stops mid-cycle can leave a member in a slot's segment: take it out before the
    // next, once the writes still in flight when the run stopped have landed.
    const resetSlots = async () => {
      await server.idle();
      for (const slot of slots) {
        await options.store.memberships.remove(ops.storeHash, slot.segmentId, [slot.profileId]);
        slot.busy = false;
      }
    };
    // The read mix through the service and straight to DynamoDB Local, in slices taken turn about
    // (the order swapping every round), so that both see the same background load on this shared
    // machine. A short run of each first: JIT, connection pools and DynamoDB Local's caches warm up.
    const raw = rawReadDriver(options);
    const readSlices: autocannon.Result[] = [];
    const rawSlices: Slice[] = [];
    try {
      await run({ ...common, duration: 1, requests: readRequests });
      await raw.drive(1);
      for (let round = 0; round < options.rounds; round++) {
        const service = async () => {
          readSlices.push(await run({ ...common, duration: options.durationSeconds, requests: readRequests }));
        };
        const straight = async () => {
          rawSlices.push(await raw.drive(options.durationSeconds));
        };
        for (const slice of round % 2 === 0 ? [service, straight] : [straight, service]) await slice();
      }
    } finally {
      raw.stop();
    }
    const read = summarizeMixes(readSlices, options.durationSeconds);
    const rawRead = { ...combine(rawSlices), calls: rawSlices.reduce((sum, slice) => sum + slice.requests, 0) };
    await run({ ...common, duration: 1, requests: writeRequests });
    await resetSlots();
    const write = await run({ ...common, duration: options.durationSeconds, requests: writeRequests });
    await resetSlots();
    return {
      connections,
      durationSeconds: options.durationSeconds,
      rounds: options.rounds,
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
  const section = `5. Throughput (autocannon, ${result.connections} connections, loopback; the read mix ${result.rounds} × ${result.durationSeconds} s turn about with the SDK straight, the write mix ${result.durationSeconds} s)`;
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
