import { Expired, InvalidRequest } from '../errors';
import { DYNAMODB_LIMITS } from '../limits';
import { keys, SK_PREFIX } from '../store/keys';
import { KEY, TTL_ATTRIBUTE } from '../store/schema';
import { ConditionsFailed, chunk, ITEM_ABSENT, type Table, type TransactAction } from '../store/table';
import type { Event, EventDraft } from './types';

/**
 * How long the feed keeps an event: the promise is 7 days; DynamoDB's time to live removes an
 * item some time after it expires, and a day more keeps the promise even if it were prompt.
 */
export const FEED_RETENTION_SECONDS = 8 * 24 * 3600;
export const FEED_PROMISED_DAYS = 7;

/** Events a feed transaction appends: two actions each (the event and its id marker) plus the header. */
const EVENTS_PER_APPEND = Math.floor((DYNAMODB_LIMITS.actionsPerTransaction - 1) / 2);
/** Appends of one store by other publishers (parallel shards) that one append waits out. */
const MAX_APPEND_ATTEMPTS = 20;
const LAST_POSITION = 'last_position';

interface FeedHeader {
  [LAST_POSITION]?: number;
}

interface EventItem {
  position: number;
  /** The event as published, JSON. */
  body: string;
  [TTL_ATTRIBUTE]: number;
}

interface EventIdMarker {
  position: number;
}

export class CursorExpired extends Expired {
  constructor() {
    super('The events after this cursor are no longer kept.', {
      after: `Events are kept at least ${FEED_PROMISED_DAYS} days. Start again without \`after\` and read the current state from the API.`,
    });
  }
}

const invalidCursor = () =>
  new InvalidRequest('The cursor is not valid.', { after: 'Pass `meta.next_cursor` of an answer as it was given.' });

/** The opaque cursor: a position in the store's feed (base64url, so it can change shape later). */
export function encodeFeedCursor(position: number): string {
  return Buffer.from(`e1.${position}`, 'utf8').toString('base64url');
}

export function decodeFeedCursor(cursor: string): number {
  const match = /^e1\.(0|[1-9][0-9]{0,14})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidCursor();
  return Number(match[1]);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * A store's events, in the order the publisher appended them.
 *
 * Appends go through the feed header: one transaction moves `last_position` from the value read
 * to the value after the new events, and puts the events and their id markers. So positions are
 * given without gaps and become visible in order: an event at position n commits after (or
 * with) every event before it, and a reader that has seen n never later finds n-1 appear. An
 * id marker (absent, on condition) makes a replayed stream record append nothing twice.
 */
export class FeedRepository {
  constructor(private readonly table: Table) {}

  /** Appends the events not yet in the feed; answers every event given, with its position (old or new). */
  async append(storeHash: string, drafts: readonly EventDraft[]): Promise<Event[]> {
    const appended: Event[] = [];
    for (const part of chunk([...drafts], EVENTS_PER_APPEND)) appended.push(...(await this.appendPart(storeHash, part)));
    return appended;
  }

  private async appendPart(storeHash: string, drafts: EventDraft[]): Promise<Event[]> {
    for (let attempt = 1; ; attempt++) {
      const [markers, header] = await Promise.all([
        this.table.getMany<EventIdMarker & { id: string }>(drafts.map((draft) => keys.eventId(storeHash, draft.id))),
        this.table.get<FeedHeader>(this.headerKey(storeHash)),
      ]);
      const known = new Map(markers.map((marker) => [marker.id, marker.position]));
      const last = header?.[LAST_POSITION] ?? 0;
      let next = last;
      const events = drafts.map((draft) => ({ ...draft, position: known.get(draft.id) ?? ++next }) as Event);
      const fresh = events.filter((event) => !known.has(event.id));
      if (fresh.length === 0) return events;
      try {
        await this.table.transact([this.moveHeader(storeHash, last, next), ...fresh.flatMap((event) => this.putEvent(storeHash, event))]);
        return events;
      } catch (error) {
        // Another publisher appended first (the header moved, or it wrote one of these ids): read again.
        if (!(error instanceof ConditionsFailed) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Up to `limit` events after the cursor's position (from the oldest kept without one), and the
   * position the next read starts after. A gap between the cursor and the first event kept means
   * retention took events the reader never saw: that is a 410, never a silent skip.
   */
  async read(storeHash: string, after: number | undefined, limit: number): Promise<{ events: Event[]; last: number }> {
    const [items, header] = await Promise.all([
      after === undefined
        ? this.table.queryFirst<EventItem>({ partition: keys.eventsPartition(storeHash), sortKeyPrefix: SK_PREFIX.event }, limit)
        : this.table.queryAfter<EventItem>(
            { partition: keys.eventsPartition(storeHash), sortKeyPrefix: SK_PREFIX.event },
            keys.event(storeHash, after)[KEY.sort],
            limit,
          ),
      this.table.get<FeedHeader>(this.headerKey(storeHash)),
    ]);
    const lastPosition = header?.[LAST_POSITION] ?? 0;
    const now = nowSeconds();
    const kept = items.filter((item) => item[TTL_ATTRIBUTE] > now);
    if (after === undefined) {
      const events = kept.map((item) => JSON.parse(item.body) as Event);
      return { events, last: events.at(-1)?.position ?? lastPosition };
    }
    // A cursor past the end was not given out by this feed (another store's, or made up).
    if (after > lastPosition) throw invalidCursor();
    const first = items[0];
    if (after < lastPosition && (first === undefined || first.position !== after + 1 || first[TTL_ATTRIBUTE] <= now))
      throw new CursorExpired();
    const events = kept.map((item) => JSON.parse(item.body) as Event);
    return { events, last: events.at(-1)?.position ?? after };
  }

  /** The cursor after the store's latest event (before its first when it has none): where a reader that wants only new events starts. */
  async endCursor(storeHash: string): Promise<string> {
    const header = await this.table.get<FeedHeader>(this.headerKey(storeHash));
    return encodeFeedCursor(header?.[LAST_POSITION] ?? 0);
  }

  /**
   * `read` from a cursor, each event with the cursor just after it, and the cursor the next read
   * starts from (the one given when nothing is new). The webhooks' delivery reads the feed
   * through this (../hooks/event-source.ts); an expired cursor throws `CursorExpired` as `read` does.
   */
  async readAfter(
    storeHash: string,
    cursor: string,
    limit: number,
  ): Promise<{ entries: { event: Event; cursor: string }[]; nextCursor: string }> {
    const { events, last } = await this.read(storeHash, decodeFeedCursor(cursor), limit);
    return {
      entries: events.map((event) => ({ event, cursor: encodeFeedCursor(event.position) })),
      nextCursor: encodeFeedCursor(last),
    };
  }

  private headerKey(storeHash: string) {
    return keys.listHeader(keys.eventsPartition(storeHash), SK_PREFIX.event);
  }

  private moveHeader(storeHash: string, from: number, to: number): TransactAction {
    return {
      Update: {
        TableName: this.table.name,
        Key: this.headerKey(storeHash),
        UpdateExpression: 'SET #last = :to',
        ConditionExpression: from === 0 ? 'attribute_not_exists(#last)' : '#last = :from',
        ExpressionAttributeNames: { '#last': LAST_POSITION },
        ExpressionAttributeValues: from === 0 ? { ':to': to } : { ':to': to, ':from': from },
      },
    };
  }

  private putEvent(storeHash: string, event: Event): TransactAction[] {
    const expiresAt = nowSeconds() + FEED_RETENTION_SECONDS;
    return [
      {
        Put: {
          TableName: this.table.name,
          Item: {
            ...keys.event(storeHash, event.position),
            position: event.position,
            body: JSON.stringify(event),
            [TTL_ATTRIBUTE]: expiresAt,
          },
          ConditionExpression: ITEM_ABSENT,
        },
      },
      {
        Put: {
          TableName: this.table.name,
          Item: { ...keys.eventId(storeHash, event.id), id: event.id, position: event.position, [TTL_ATTRIBUTE]: expiresAt },
          ConditionExpression: ITEM_ABSENT,
        },
      },
    ];
  }
}
