import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../../service/src/assemble';
import { startInProcessPublisher } from '../../service/src/events/in-process';
import { HookDeliverer } from '../../service/src/hooks/delivery';
import { DestinationPolicy } from '../../service/src/hooks/destinations';
import { silentLogger } from '../../service/src/logger';
import { createDynamoClient } from '../../service/src/store/client';
import type { Figure } from '../lib/report';
import { percentile, ratio } from '../lib/stats';

/** The in-process publisher's wait between empty polls of the stream (its default, as under `npm start`). */
const POLL_INTERVAL_MS = 100;

export interface HooksResult {
  latency: { samples: number; pollIntervalMs: number; p50: number; p99: number };
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Webhook deliveries on loopback, with DynamoDB Local holding the hooks and the feed, and every
 * event a real change: written to the table, read from its stream by the in-process publisher,
 * appended to the feed, and read from there by the delivery. How long from a change's commit to
 * the receiver's 2xx when the publisher's output wakes the store (as the bus's rule does in
 * AWS, and `npm start`'s loop does), and deliveries per second with 1 hook and with 20, beside
 * posting the same bodies straight from 1 and 20 loops.
 */
export async function measureHooks(
  target: { store: Store; endpoint: string; tableName: string },
  options: { latencySamples: number; events: number },
): Promise<HooksResult> {
  const { store } = target;
  let answered = 0;
  let onAnswer: (() => void) | undefined;
  const receiver = await startReceiver(() => {
    answered++;
    onAnswer?.();
  });
  const policy = new DestinationPolicy({ allowLoopback: true });
  const deliverer = new HookDeliverer(store.hooks, store.feed, policy, silentLogger);
  const createHooks = async (storeHash: string, count: number) => {
    const cursor = await store.feed.endCursor(storeHash);
    for (let i = 0; i < count; i++) {
      await store.hooks.create(storeHash, { scope: '*', destination: `${receiver.origin}/hooks/${i}`, is_active: true }, cursor);
    }
  };
  // The publisher reads what is written from now on (the earlier sections' changes are not its business).
  const publisherClient = createDynamoClient({ endpoint: target.endpoint, region: 'us-east-1' });
  const publisher = await startInProcessPublisher({
    client: publisherClient,
    tableName: target.tableName,
    endpoint: target.endpoint,
    region: 'us-east-1',
    logger: silentLogger,
    pollIntervalMs: POLL_INTERVAL_MS,
    startingPosition: 'LATEST',
  });
  const latencyStore = 'bench-hooks-latency';
  const published = new Map<string, number>();
  let running: Promise<unknown> = Promise.resolve();
  publisher.output.subscribe((events) => {
    for (const event of events) published.set(event.store_hash, (published.get(event.store_hash) ?? 0) + 1);
    // The wake-up: the latency store's hooks run as soon as its events are in the feed.
    if (events.some((event) => event.store_hash === latencyStore)) running = deliverer.runStore(latencyStore);
  });
  const publishedCount = async (storeHash: string, count: number) => {
    const deadline = Date.now() + 120_000;
    while ((published.get(storeHash) ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`the publisher announced ${published.get(storeHash) ?? 0} of ${count} events`);
      await sleep(5);
    }
  };
  try {
    await sleep(500);
    // Commit → 2xx, one change at a time, at random offsets to the publisher's polling.
    await createHooks(latencyStore, 1);
    const latencies: number[] = [];
    for (let i = 0; i < options.latencySamples; i++) {
      await sleep(Math.random() * POLL_INTERVAL_MS);
      const acknowledged = new Promise<void>((resolve) => {
        onAnswer = resolve;
      });
      await store.segments.create(latencyStore, [{ name: `latency ${i}` }]);
      const committed = performance.now();
      await acknowledged;
      latencies.push(performance.now() - committed);
      // The run ends (its position written, the hook released) before the next change, which it would otherwise find held.
      await running;
    }
    onAnswer = undefined;

    const throughput = async (storeHash: string, hooks: number) => {
      await createHooks(storeHash, hooks);
      // The events first (profiles created, 25 a request as the API allows), all in the feed before the timing starts.
      for (let start = 0; start < options.events; start += 25) {
        const entries = Array.from({ length: Math.min(25, options.events - start) }, (_, i) => ({ customer_id: start + i + 1 }));
        await store.profiles.create(storeHash, entries);
      }
      await publishedCount(storeHash, options.events);
      const bodies: string[] = [];
      for (let after: number | undefined; bodies.length < options.events; ) {
        const { events, last } = await store.feed.read(storeHash, after, 250);
        bodies.push(...events.map((event) => JSON.stringify(event)));
        after = last;
      }
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
      latency: {
        samples: latencies.length,
        pollIntervalMs: POLL_INTERVAL_MS,
        p50: round(percentile(latencies, 50)),
        p99: round(percentile(latencies, 99)),
      },
      oneHook,
      twentyHooks,
    };
  } finally {
    await publisher.stop();
    publisherClient.destroy();
    await receiver.close();
  }
}

export function hooksFigures(result: HooksResult): Figure[] {
  const section = '9. Webhooks: commit to receiver, deliveries per second';
  const context = (id: string, name: string, value: string): Figure => ({ id: `hooks.${id}`, section, name, value, target: '' });
  const rate = (r: HooksResult['oneHook']) =>
    `${r.perSecond.toLocaleString('en')}/s vs ${r.loopPerSecond.toLocaleString('en')}/s from loops (×${r.ratio}), ${r.deliveries} deliveries`;
  return [
    context(
      'latency',
      `commit → receiver 2xx, through the stream, the publisher (polling every ${result.latency.pollIntervalMs} ms) and the feed; store woken by its output (p50 / p99)`,
      `${result.latency.p50} / ${result.latency.p99} ms`,
    ),
    context('oneHook', 'deliveries per second, 1 hook', rate(result.oneHook)),
    context('twentyHooks', 'deliveries per second, 20 hooks of one store', rate(result.twentyHooks)),
  ];
}
