import type { Logger } from '../logger';
import type { Table } from '../store/table';
import { deriveEvents } from './derive';
import type { FeedRepository } from './feed.repository';
import { MalformedImage, type StreamRecord } from './images';
import { TableLookups } from './lookups';
import type { Event, EventDraft, EventSink } from './types';

/** What the publisher has done since it started: logged, and read by the bench and the tests. */
export interface PublisherCounts {
  batches: number;
  records: number;
  events: number;
  /** Records that named an item of ours but did not hold what it must (each logged). */
  malformed: number;
  /** Time spent publishing, in milliseconds (the benchmark's publisher rate). */
  busyMs: number;
}

/** A batch published up to, not including, `failedAt` (the index of the record it could not read), if any. */
export interface BatchOutcome {
  events: Event[];
  failedAt?: number;
  failure?: MalformedImage;
}

/**
 * The one publisher, the same code in Lambda and in process: it turns a batch of stream records
 * into events, appends them to their stores' feeds (which gives each its position, and nothing
 * twice), then hands them to the sinks. A record it cannot read stops the batch there: what came
 * before it is published, and the caller retries the rest or sends the record to its failure path.
 */
export class Publisher {
  readonly counts: PublisherCounts = { batches: 0, records: 0, events: 0, malformed: 0, busyMs: 0 };
  private lookups: TableLookups;

  constructor(
    private readonly feed: FeedRepository,
    table: Table,
    private readonly sinks: readonly EventSink[],
    private readonly logger: Logger,
  ) {
    this.lookups = new TableLookups(table);
  }

  async publish(records: readonly StreamRecord[]): Promise<BatchOutcome> {
    const started = performance.now();
    try {
      return await this.publishBatch(records);
    } finally {
      this.counts.busyMs += performance.now() - started;
    }
  }

  private async publishBatch(records: readonly StreamRecord[]): Promise<BatchOutcome> {
    this.lookups = this.lookups.forNextBatch();
    const drafts: EventDraft[] = [];
    let failedAt: number | undefined;
    let failure: MalformedImage | undefined;
    for (const [index, record] of records.entries()) {
      try {
        drafts.push(...(await deriveEvents(record, this.lookups)));
      } catch (error) {
        if (!(error instanceof MalformedImage)) throw error;
        this.counts.malformed += 1;
        this.logger.error('stream record not readable', {
          event_id: record.eventId,
          sequence_number: record.sequenceNumber,
          reason: error.message,
        });
        failedAt = index;
        failure = error;
        break;
      }
    }
    const events = await this.appendByStore(drafts);
    for (const sink of this.sinks) await sink.deliver(events);
    this.counts.batches += 1;
    this.counts.records += failedAt ?? records.length;
    this.counts.events += events.length;
    return { events, failedAt, failure };
  }

  /** Each store's events appended in the order derived; the answer in the same order. */
  private async appendByStore(drafts: EventDraft[]): Promise<Event[]> {
    const byStore = new Map<string, EventDraft[]>();
    for (const draft of drafts) {
      const ofStore = byStore.get(draft.store_hash) ?? [];
      ofStore.push(draft);
      byStore.set(draft.store_hash, ofStore);
    }
    const positioned = new Map<string, Event>();
    await Promise.all(
      [...byStore].map(async ([storeHash, ofStore]) => {
        for (const event of await this.feed.append(storeHash, ofStore)) positioned.set(event.id, event);
      }),
    );
    return drafts.map((draft) => positioned.get(draft.id)!);
  }
}
