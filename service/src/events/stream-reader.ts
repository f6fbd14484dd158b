import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamsApiRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Logger } from '../logger';
import { decodeWireImage, type MalformedImage, type StreamRecord, type WireImage } from './images';
import type { Publisher } from './publisher';

/** A record given up on after its retries, with why: the in-process counterpart of the on-failure queue. */
export interface FailedRecord {
  record: StreamRecord;
  reason: string;
}

export interface StreamReaderOptions {
  streams: DynamoDBStreamsClient;
  streamArn: string;
  publisher: Publisher;
  logger: Logger;
  /**
   * How long a shard that had nothing new waits before it asks again: the floor under the
   * latency from commit to event. Lambda polls a shard four times a second; 100 ms here.
   * @default 100
   */
  pollIntervalMs?: number;
  /**
   * How long a batch that has records waits for more before it is published: the records of one
   * transaction may come over several GetRecords calls. Lambda's mapping has the same knob
   * (`maxBatchingWindow`, none in the stack: there a transaction's records come in one batch).
   * @default 20
   */
  batchWindowMs?: number;
  /**
   * Tries a record that cannot be read gets before it goes to `onFailure` and the shard moves on.
   * @default 3
   */
  attemptsPerRecord?: number;
  /** Wait between tries of a batch that failed (DynamoDB failing: retried until it works, nothing skipped). @default 200 */
  retryDelayMs?: number;
  /**
   * Where a reader with nothing read yet starts: the oldest record kept (a restart re-reads what
   * the last reader may not have finished) or only what comes next (the benchmark, on a table
   * loaded beforehand).
   * @default 'TRIM_HORIZON'
   */
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** Where a record given up on goes. @default logged */
  onFailure?: (failed: FailedRecord) => void | Promise<void>;
}

/** Records one batch holds at most (Lambda's mapping: `batchSize`, 100 in the stack; GetRecords gives up to 1000). */
const MAX_BATCH = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A record of the Streams API, in the shape the publisher reads (the same one the Lambda entry makes). */
export function fromStreamsApi(record: StreamsApiRecord): StreamRecord {
  const change = record.dynamodb;
  return {
    eventId: record.eventID ?? '',
    eventName: (record.eventName ?? 'MODIFY') as StreamRecord['eventName'],
    sequenceNumber: change?.SequenceNumber ?? '',
    committedAtMs: change?.ApproximateCreationDateTime?.getTime() ?? Date.now(),
    oldImage: decodeWireImage(change?.OldImage as WireImage | undefined),
    newImage: decodeWireImage(change?.NewImage as WireImage | undefined),
  };
}

/**
 * Reads the table's stream through the DynamoDB Streams API (DynamoDB Local's under `npm start`
 * and in the tests) and feeds it to the publisher, a batch per `GetRecords`, each shard in order,
 * a child shard only after its parent. It reads from the trim horizon: a new reader (a restart)
 * reads again what the last one may not have finished, and the feed's id markers keep that from
 * appending anything twice. The same semantics as Lambda's event source mapping with
 * `reportBatchItemFailures`, retries and an on-failure destination.
 */
export class StreamReader {
  private stopping = false;
  private readonly done = new Set<string>();
  private readonly started = new Set<string>();
  private readonly workers = new Set<Promise<void>>();
  private discovery: Promise<void> | undefined;
  readonly failed: FailedRecord[] = [];

  constructor(private readonly options: StreamReaderOptions) {}

  start(): void {
    this.discovery = this.discoverLoop();
  }

  /** Stops polling; a batch in hand is finished first. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.discovery;
    await Promise.all([...this.workers]);
  }

  private async discoverLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        for (const shard of await this.shards()) {
          const id = shard.ShardId;
          if (!id || this.started.has(id)) continue;
          // A child shard holds later changes of the same items as its parent: it waits for it.
          const parent = shard.ParentShardId;
          if (parent && this.started.has(parent) && !this.done.has(parent)) continue;
          this.started.add(id);
          const worker = this.readShard(id).finally(() => {
            this.done.add(id);
            this.workers.delete(worker);
          });
          this.workers.add(worker);
        }
      } catch (error) {
        this.options.logger.error('stream discovery failed', { error: error instanceof Error ? error.message : String(error) });
      }
      await sleep(Math.max(1000, this.pollInterval));
    }
  }

  private get pollInterval(): number {
    return this.options.pollIntervalMs ?? 100;
  }

  private async shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.options.streams.send(
        new DescribeStreamCommand({ StreamArn: this.options.streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  private async iterator(shardId: string, after: string | undefined): Promise<string | undefined> {
    const { ShardIterator } = await this.options.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.options.streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: this.options.startingPosition ?? 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  private async readShard(shardId: string): Promise<void> {
    let checkpoint: string | undefined;
    let iterator: string | undefined;
    while (!this.stopping) {
      try {
        iterator ??= await this.iterator(shardId, checkpoint);
        if (!iterator) return;
        const { records, next } = await this.drain(iterator);
        if (records.length > 0) {
          await this.handle(records);
          checkpoint = records.at(-1)?.sequenceNumber ?? checkpoint;
        }
        iterator = next;
        // No next iterator: the shard is closed and read to its end.
        if (!iterator) return;
        if (records.length === 0) await sleep(this.pollInterval);
      } catch (error) {
        if (error instanceof ExpiredIteratorException) {
          iterator = undefined;
          continue;
        }
        this.options.logger.error('stream read failed; retrying', {
          shard: shardId,
          error: error instanceof Error ? error.message : String(error),
        });
        iterator = undefined;
        await sleep(this.options.retryDelayMs ?? 200);
      }
    }
  }

  /**
   * Reads what the shard holds now, up to `MAX_BATCH` records: GetRecords again at once while it
   * answers records, and for `batchWindowMs` after the last ones, so the records of one
   * transaction (a 50-profile add) that DynamoDB Local hands out over several calls make one batch.
   */
  private async drain(iterator: string): Promise<{ records: StreamRecord[]; next: string | undefined }> {
    const records: StreamRecord[] = [];
    let next: string | undefined = iterator;
    let lastRecordAt = 0;
    while (next && records.length < MAX_BATCH) {
      const result: GetRecordsCommandOutput = await this.options.streams.send(new GetRecordsCommand({ ShardIterator: next }));
      next = result.NextShardIterator;
      if (result.Records?.length) {
        records.push(...result.Records.map(fromStreamsApi));
        lastRecordAt = performance.now();
        continue;
      }
      // Nothing new: the batch ends, unless records came within the window (more of the same write may follow).
      const waited = performance.now() - lastRecordAt;
      const window = this.options.batchWindowMs ?? 20;
      if (records.length === 0 || waited >= window) break;
      await sleep(window - waited);
    }
    return { records, next };
  }

  /**
   * Publishes a batch, trying again from the first unpublished record until every record is
   * published or given up on. A record the publisher cannot read is tried `attemptsPerRecord`
   * times, then goes to `onFailure` and is skipped, so the shard keeps flowing.
   */
  private async handle(records: StreamRecord[]): Promise<void> {
    let rest = records;
    let attempts = 0;
    while (rest.length > 0) {
      let outcome: { failedAt?: number; failure?: MalformedImage };
      try {
        outcome = await this.options.publisher.publish(rest);
      } catch (error) {
        // DynamoDB or a sink failing: nothing may be skipped, so the batch waits and goes again.
        this.options.logger.error('publishing failed; retrying the batch', {
          error: error instanceof Error ? error.message : String(error),
        });
        await sleep(this.options.retryDelayMs ?? 200);
        if (this.stopping) throw error;
        continue;
      }
      if (outcome.failedAt === undefined) return;
      const failedRecord = rest[outcome.failedAt]!;
      rest = rest.slice(outcome.failedAt);
      attempts += 1;
      if (attempts < (this.options.attemptsPerRecord ?? 3)) continue;
      const failed = { record: failedRecord, reason: outcome.failure?.message ?? 'unreadable' };
      this.failed.push(failed);
      this.options.logger.error('stream record sent to the failure path', { event_id: failedRecord.eventId, reason: failed.reason });
      await this.options.onFailure?.(failed);
      rest = rest.slice(1);
      attempts = 0;
    }
  }
}
