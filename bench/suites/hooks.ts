import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../../service/src/assemble';
import { HookDeliverer } from '../../service/src/hooks/delivery';
import { DestinationPolicy } from '../../service/src/hooks/destinations';
import type { FeedEvent } from '../../service/src/hooks/event-source';
import { silentLogger } from '../../service/src/logger';
import type { Figure } from '../lib/report';
import { percentile, ratio } from '../lib/stats';

export interface HooksResult {
  latency: { samples: number; p50: number; p99: number };
  oneHook: { deliveries: number; perSecond: number; loopPerSecond: number; ratio: number };
  twentyHooks: { deliveries: number; perSecond: number; loopPerSecond: number; ratio: number };
}

/** A receiver on loopback that answers 204 and calls `onAnswer` when each answer is sent. */
async function startReceiver(onAnswer: () => void): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(204).end();
      onAnswer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const event = (storeHash: string, i: number): Omit<FeedEvent, 'id'> => ({
  type: 'segment.shopper_profile_added',
  store_hash: storeHash,
  occurred_at: new Date().toISOString(),
  data: { segment_id: '01900000-0000-7000-8000-0000000000aa', shopper_profile_id: `p${i % 50}` },
});

/** Posts each body once, `parallel` loops at a time, on a kept-alive connection: what a delivery adds nothing to. */
async function postFromLoops(origin: string, bodies: string[], parallel: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });
  const url = new URL(origin);
  const send = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        { host: url.hostname, port: url.port, method: 'POST', path: '/', agent, headers: { 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < bodies.length) await send(bodies[next++] as string);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return bodies.length / seconds;
}

/**
 * Webhook deliveries on loopback, with DynamoDB Local holding the hooks and the events: how long
 * from an event's commit to the receiver's 2xx when its store is woken at once (what the bus's
 * wake-up does in AWS; `npm start`'s loop adds up to its 200 ms poll), and deliveries per second
 * with 1 hook and with 20, beside posting the same bodies straight from 1 and 20 loops.
 */
export async function measureHooks(store: Store, options: { latencySamples: number; events: number }): Promise<HooksResult> {
  let answered = 0;
  let onAnswer: (() => void) | undefined;
  const receiver = await startReceiver(() => {
    answered++;
    onAnswer?.();
  });
  const policy = new DestinationPolicy({ allowLoopback: true });
  const deliverer = new HookDeliverer(store.hooks, store.events, policy, silentLogger);
  const createHooks = async (storeHash: string, count: number) => {
    const cursor = await store.events.endCursor(storeHash);
    for (let i = 0; i < count; i++) {
      await store.hooks.create(storeHash, { scope: '*', destination: `${receiver.origin}/hooks/${i}`, is_active: true }, cursor);
    }
  };
  try {
    // Commit → 2xx, one event at a time.
    const latencyStore = 'bench-hooks-latency';
    await createHooks(latencyStore, 1);
    const latencies: number[] = [];
    for (let i = 0; i < options.latencySamples; i++) {
      const started = process.hrtime.bigint();
      const acknowledged = new Promise<void>((resolve) => {
        onAnswer = resolve;
      });
      await store.events.append(event(latencyStore, i));
      await Promise.all([deliverer.runStore(latencyStore), acknowledged]);
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    onAnswer = undefined;

    const throughput = async (storeHash: string, hooks: number) => {
      await createHooks(storeHash, hooks);
      const bodies: string[] = [];
      for (let i = 0; i < options.events; i++) bodies.push(JSON.stringify(await store.events.append(event(storeHash, i))));
      const before = answered;
      const started = process.hrtime.bigint();
      await deliverer.runStore(storeHash);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const deliveries = answered - before;
      const loopPerSecond = await postFromLoops(receiver.origin, Array.from({ length: hooks }, () => bodies).flat(), hooks);
      const perSecond = deliveries / seconds;
      return {
        deliveries,
        perSecond: Math.round(perSecond),
        loopPerSecond: Math.round(loopPerSecond),
        ratio: ratio(perSecond, loopPerSecond),
      };
    };
    const oneHook = await throughput('bench-hooks-one', 1);
    const twentyHooks = await throughput('bench-hooks-twenty', 20);
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      latency: { samples: latencies.length, p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
      oneHook,
      twentyHooks,
    };
  } finally {
    await receiver.close();
  }
}

export function hooksFigures(result: HooksResult): Figure[] {
  const section = '9. Webhooks: commit to receiver, deliveries per second';
  const context = (id: string, name: string, value: string): Figure => ({ id: `hooks.${id}`, section, name, value, target: '' });
  const rate = (r: HooksResult['oneHook']) =>
    `${r.perSecond.toLocaleString('en')}/s vs ${r.loopPerSecond.toLocaleString('en')}/s from loops (×${r.ratio}), ${r.deliveries} deliveries`;
  return [
    context('latency', 'commit → receiver 2xx, store woken at once (p50 / p99)', `${result.latency.p50} / ${result.latency.p99} ms`),
    context('oneHook', 'deliveries per second, 1 hook', rate(result.oneHook)),
    context('twentyHooks', 'deliveries per second, 20 hooks of one store', rate(result.twentyHooks)),
  ];
}
