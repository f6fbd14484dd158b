import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Store } from '../../service/src/store/dynamo-store';
import { bundleScript } from '../lib/bundle';
import type { OpsStore } from '../lib/fixtures';
import type { Figure } from '../lib/report';

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
  write: MixResult;
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
    const read = await run({ ...common, duration: options.durationSeconds, requests: readRequests });
    await run({ ...common, duration: 1, requests: writeRequests });
    await resetSlots();
    const write = await run({ ...common, duration: options.durationSeconds, requests: writeRequests });
    await resetSlots();
    return { connections, durationSeconds: options.durationSeconds, read: summarizeMix(read), write: summarizeMix(write) };
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
    ...row('write', 'write mix (create + delete segment, add + remove member)', result.write),
  ];
}
