/**
 * Events: from commit to the event on the in-process publisher's output (the feed append
 * commits before the output is called, so the feed is readable by then), with DynamoDB Local's
 * stream; the stream's own floor beside it (a bare GetRecords loop on the same stream); a
 * 50-profile add; a large segment's delete; and the AWS bill per million membership changes.
 */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { createApp } from '../../service/src/app';
import { createDynamoStore } from '../../service/src/assemble';
import { type InProcessPublisher, startInProcessPublisher } from '../../service/src/events/in-process';
import type { Event } from '../../service/src/events/types';
import { listen } from '../../service/src/http/listen';
import { silentLogger } from '../../service/src/logger';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { ensureTable } from '../../service/src/store/dynamodb-local';
import { streamDrivenCleanup } from '../../service/src/workflows/cleanup';
import { SegmentDeletes } from '../../service/src/workflows/segment-deletes';
import { AWS_PRICES, DYNAMODB_ON_DEMAND_PRICES, lambdaUsdPerMillion } from '../lib/cost';
import { RequestCounter } from '../lib/counter';
import { seedDeepStore } from '../lib/fixtures';
import type { Figure } from '../lib/report';
import { msSince, percentile } from '../lib/stats';

export const EVENTS_TABLE = 'segmentation-bench-events';
/** The in-process publisher's wait between empty polls (its default). */
const POLL_INTERVAL_MS = 100;
/** Generous: the bulk loads and the cleanup share two cores with DynamoDB Local's JVM. */
const TIMEOUTS = { connectionTimeoutMs: 5_000, requestTimeoutMs: 30_000 };
/** EventBridge custom bus events, per million (64 KB chunks); the archive per GB archived and per GB-month kept. */
const EVENTBRIDGE = { usdPerMillionEvents: 1.0, archiveUsdPerGb: 0.1, archiveUsdPerGbMonth: 0.023 } as const;

export interface EventsResult {
  samples: number;
  pollIntervalMs: number;
  commitToOutputMs: { p50: number; p99: number };
  rawStreamMs: { p50: number; p99: number };
  add50: { batches: number; deliveries: number; events: number; ms: number };
  bigDelete: {
    members: number;
    segmentDeletedOutMs: number;
    cleanupDoneMs: number;
    allRecordsOutMs: number;
    records: number;
    publisherRecordsPerSecond: number;
    rawRecordsPerSecond: number;
  };
  perEvent: { readUnits: number; writeUnits: number; bytes: number; publisherMsPerRecord: number };
  bill: { stream: number; publisher: number; dynamodb: number; eventbridge: number; archive: number; total: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bare reader of the stream: GetRecords back to back, to see when a record is first readable at all. */
class RawStream {
  private stopped = false;
  readonly seen = new Map<string, number>();
  count = 0;
  private loop: Promise<void> | undefined;
  constructor(
    private readonly streams: DynamoDBStreamsClient,
    private readonly arn: string,
  ) {}
  async start(type: 'LATEST' | 'TRIM_HORIZON', watch: (keys: string) => string | undefined): Promise<void> {
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.arn }));
    const shards = StreamDescription?.Shards ?? [];
    this.loop = Promise.all(
      shards.map(async (shard) => {
        let it = (
          await this.streams.send(new GetShardIteratorCommand({ StreamArn: this.arn, ShardId: shard.ShardId, ShardIteratorType: type }))
        ).ShardIterator;
        while (it && !this.stopped) {
          const page = await this.streams.send(new GetRecordsCommand({ ShardIterator: it }));
          const now = performance.now();
          for (const record of page.Records ?? []) {
            this.count += 1;
            const key = watch(JSON.stringify(record.dynamodb?.Keys));
            if (key && !this.seen.has(key)) this.seen.set(key, now);
          }
          it = page.NextShardIterator;
          if (!page.Records?.length) {
            if (type === 'TRIM_HORIZON') return;
            await sleep(1);
          }
        }
      }),
    ).then(() => undefined);
  }
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
  done(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }
}

async function streamArn(client: DynamoDBClient, tableName: string): Promise<string> {
  const arn = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.LatestStreamArn;
  if (!arn) throw new Error('the events table has no stream');
  return arn;
}

export async function measureEvents(options: { endpoint: string; members: number; samples: number }): Promise<EventsResult> {
  const client = createDynamoClient({ endpoint: options.endpoint, region: 'us-east-1', timeouts: TIMEOUTS });
  await ensureTable(client, EVENTS_TABLE);
  const db = documentClient(client);
  const store = createDynamoStore(db, EVENTS_TABLE);
  const streams = new DynamoDBStreamsClient({ region: 'us-east-1', endpoint: options.endpoint, credentials: client.config.credentials });
  const arn = await streamArn(client, EVENTS_TABLE);

  // The large segment is loaded before the publisher starts (it reads from what comes next), so
  // its 3 × members records of loading are not timed.
  const deepStore = 'bench-events-deep';
  const app = await listen(createApp({ store, logger: silentLogger }));
  const deep = await seedDeepStore({ store, db, tableName: EVENTS_TABLE, origin: app.origin }, deepStore, options.members);
  await app.close();

  const publisherClient = createDynamoClient({ endpoint: options.endpoint, region: 'us-east-1', timeouts: TIMEOUTS });
  const counter = new RequestCounter([]).attach(publisherClient);
  const deliveries: { at: number; events: readonly Event[] }[] = [];
  const publisher: InProcessPublisher = await startInProcessPublisher({
    client: publisherClient,
    tableName: EVENTS_TABLE,
    endpoint: options.endpoint,
    region: 'us-east-1',
    logger: silentLogger,
    pollIntervalMs: POLL_INTERVAL_MS,
    startingPosition: 'LATEST',
  });
  publisher.output.subscribe((events) => deliveries.push({ at: performance.now(), events }));
  const raw = new RawStream(streams, arn);
  await raw.start('LATEST', (keys) => /SEGMENT#([0-9a-f-]{36})"/.exec(keys)?.[1]);
  await sleep(500);

  const waitFor = async (match: (e: Event) => boolean, timeoutMs = 600_000): Promise<number> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const delivery of deliveries) if (delivery.events.some(match)) return delivery.at;
      if (Date.now() > deadline) throw new Error('the event never came out');
      await sleep(2);
    }
  };

  // 1. Commit → output, one segment a sample, at random offsets to the polling.
  const storeHash = 'bench-events';
  const latencies: number[] = [];
  const rawLatencies: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    await sleep(Math.random() * POLL_INTERVAL_MS);
    const [segment] = await store.segments.create(storeHash, [{ name: `latency ${i}` }]);
    const committed = performance.now();
    const out = await waitFor((e) => e.type === 'segment.created' && e.data.segment.id === segment!.id);
    latencies.push(out - committed);
    const rawAt = raw.seen.get(segment!.id);
    if (rawAt !== undefined) rawLatencies.push(Math.max(0, rawAt - committed));
  }
  await raw.stop();

  // 2. A 50-profile add: how many publisher batches and output deliveries its events take.
  const [target] = await store.segments.create(storeHash, [{ name: 'add 50' }]);
  // Created 25 a request, as the API allows.
  const profiles = [
    ...(await store.profiles.create(
      storeHash,
      Array.from({ length: 25 }, (_, i) => ({ customer_id: 10_000 + i })),
    )),
    ...(await store.profiles.create(
      storeHash,
      Array.from({ length: 25 }, (_, i) => ({ customer_id: 10_025 + i })),
    )),
  ];
  await waitFor((e) => e.type === 'shopper_profile.created' && e.data.shopper_profile.id === profiles.at(-1)!.id);
  const batchesBefore = publisher.publisher.counts.batches;
  const deliveriesBefore = deliveries.length;
  const unitsBefore = counter.snapshot();
  const recordsBefore = publisher.publisher.counts.records;
  const addStarted = process.hrtime.bigint();
  await store.memberships.add(
    storeHash,
    target!.id,
    profiles.map((p) => p.id),
  );
  const joined = (e: Event) => e.type === 'segment.shopper_profile_added' && e.data.segment_id === target!.id;
  for (;;) {
    const count = deliveries
      .slice(deliveriesBefore)
      .flatMap((d) => d.events)
      .filter(joined).length;
    if (count >= 50) break;
    await sleep(2);
  }
  const addMs = msSince(addStarted);
  const addDeliveries = deliveries.slice(deliveriesBefore).filter((d) => d.events.some(joined));
  const unitsAfter = counter.snapshot();
  const addEvents = addDeliveries.flatMap((d) => d.events).filter(joined);
  const eventBytes = addEvents.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e)), 0) / addEvents.length;
  const add50 = {
    batches: publisher.publisher.counts.batches - batchesBefore,
    deliveries: addDeliveries.length,
    events: addEvents.length,
    ms: addMs,
  };
  const perEvent = {
    readUnits: (unitsAfter.capacity.readUnits - unitsBefore.capacity.readUnits) / addEvents.length,
    writeUnits: (unitsAfter.capacity.writeUnits - unitsBefore.capacity.writeUnits) / addEvents.length,
    bytes: eventBytes,
    publisherMsPerRecord: addMs / Math.max(1, publisher.publisher.counts.records - recordsBefore),
  };

  // 3. The large segment's delete: its segment.deleted, then the cleanup's records (each member's
  // set loses the segment, each edge goes), published as nothing (implied by the delete).
  const recordsAtDelete = publisher.publisher.counts.records;
  const busyAtDelete = publisher.publisher.counts.busyMs;
  const deleteStarted = process.hrtime.bigint();
  // The cleanup is run below, by hand, so its records can be timed apart from the delete's.
  await new SegmentDeletes(store.segments, streamDrivenCleanup).delete(deepStore, [deep.segmentId]);
  const deletedAt = msSince(deleteStarted);
  await waitFor((e) => e.type === 'segment.deleted' && e.data.segment_id === deep.segmentId);
  const segmentDeletedOutMs = msSince(deleteStarted) - deletedAt;
  await store.memberships.removeAllOfSegment(deepStore, deep.segmentId);
  const cleanupDoneMs = msSince(deleteStarted);
  const [sentinel] = await store.segments.create(deepStore, [{ name: 'after the cleanup' }]);
  await waitFor((e) => e.type === 'segment.created' && e.data.segment.id === sentinel!.id);
  const allRecordsOutMs = msSince(deleteStarted);
  const deleteRecords = publisher.publisher.counts.records - recordsAtDelete;
  const deleteBusyMs = publisher.publisher.counts.busyMs - busyAtDelete;
  await publisher.stop();

  // The same stream read bare, from its start, in the same run: how fast records can be read at all.
  const rawAll = new RawStream(streams, arn);
  const rawStarted = process.hrtime.bigint();
  await rawAll.start('TRIM_HORIZON', () => undefined);
  await rawAll.done();
  const rawRecordsPerSecond = rawAll.count / (msSince(rawStarted) / 1000);

  const s = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  // The bill of a million membership changes, each one event: the publisher runs 512 MB for the
  // measured time a record, in batches of 50 (an add's size); DynamoDB's units as counted above.
  const memoryMb = 512;
  const invocations = 1_000_000 / 50;
  const publisherUsd =
    (invocations * AWS_PRICES.usdPerMillionLambdaRequests) / 1_000_000 +
    lambdaUsdPerMillion(perEvent.publisherMsPerRecord, memoryMb) -
    AWS_PRICES.usdPerMillionLambdaRequests;
  const dynamodbUsd =
    perEvent.readUnits * DYNAMODB_ON_DEMAND_PRICES.usdPerMillionReadUnits +
    perEvent.writeUnits * DYNAMODB_ON_DEMAND_PRICES.usdPerMillionWriteUnits;
  const gb = (perEvent.bytes * 1_000_000) / 1024 ** 3;
  const archiveUsd = gb * EVENTBRIDGE.archiveUsdPerGb + gb * EVENTBRIDGE.archiveUsdPerGbMonth;
  const bill = {
    stream: AWS_PRICES.usdPerMillionStreamReadsByLambda,
    publisher: publisherUsd,
    dynamodb: dynamodbUsd,
    eventbridge: EVENTBRIDGE.usdPerMillionEvents,
    archive: archiveUsd,
    total: 0,
  };
  bill.total = bill.stream + bill.publisher + bill.dynamodb + bill.eventbridge + bill.archive;

  streams.destroy();
  publisherClient.destroy();
  client.destroy();
  return {
    samples: options.samples,
    pollIntervalMs: POLL_INTERVAL_MS,
    commitToOutputMs: s(latencies),
    rawStreamMs: s(rawLatencies),
    add50,
    bigDelete: {
      members: options.members,
      segmentDeletedOutMs,
      allRecordsOutMs,
      cleanupDoneMs,
      records: deleteRecords,
      // The publisher's own time: the cleanup writes the records more slowly than they are published.
      publisherRecordsPerSecond: deleteRecords / (deleteBusyMs / 1000),
      rawRecordsPerSecond,
    },
    perEvent,
    bill,
  };
}

export function eventsFigures(r: EventsResult): Figure[] {
  const f = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const section = '9. Events';
  return [
    {
      id: 'events.commitToOutput',
      section,
      name: `commit → event on the publisher's output and in the feed, p50 / p99 (${r.samples} samples)`,
      value: `${f(r.commitToOutputMs.p50)} / ${f(r.commitToOutputMs.p99)} ms`,
      measured: r.commitToOutputMs.p99,
      target: '≤ 1000 ms (p99)',
      pass: r.commitToOutputMs.p99 <= 1000,
    },
    {
      id: 'events.streamFloor',
      section,
      name: `the stream's own floor: commit → record readable by a bare GetRecords loop, p50 / p99; the publisher polls every ${r.pollIntervalMs} ms when idle`,
      value: `${f(r.rawStreamMs.p50)} / ${f(r.rawStreamMs.p99)} ms`,
      target: '',
    },
    {
      id: 'events.add50',
      section,
      name: 'a 50-profile add: publisher batches / output deliveries / events',
      value: `${r.add50.batches} / ${r.add50.deliveries} / ${r.add50.events} in ${f(r.add50.ms)} ms`,
      measured: r.add50.deliveries,
      target: '1 delivery',
      pass: r.add50.deliveries === 1 && r.add50.events === 50,
    },
    {
      id: 'events.bigDelete',
      section,
      name: `a ${f(r.bigDelete.members)}-member segment deleted: segment.deleted out / the cleanup's last write / its ${f(r.bigDelete.records)} records all read (none announced)`,
      value: `${f(r.bigDelete.segmentDeletedOutMs)} ms / ${f(r.bigDelete.cleanupDoneMs / 1000, 1)} s / ${f(r.bigDelete.allRecordsOutMs / 1000, 1)} s`,
      target: '',
    },
    {
      id: 'events.rates',
      section,
      name: 'records a second: the publisher (its own time, during that delete) vs a bare read of the same stream',
      value: `${f(r.bigDelete.publisherRecordsPerSecond)} vs ${f(r.bigDelete.rawRecordsPerSecond)} (${f(r.bigDelete.publisherRecordsPerSecond / r.bigDelete.rawRecordsPerSecond, 2)}×)`,
      target: '',
    },
    {
      id: 'events.bill',
      section,
      name: 'AWS bill per million membership changes: stream + publisher + DynamoDB + EventBridge + archive',
      value: `$${f(r.bill.stream, 2)} + $${f(r.bill.publisher, 2)} + $${f(r.bill.dynamodb, 2)} + $${f(r.bill.eventbridge, 2)} + $${f(r.bill.archive, 3)} = $${f(r.bill.total, 2)}`,
      target: '',
    },
  ];
}
