import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidRequest } from '../errors';
import { newId } from '../store/ids';
import { keys, SK_PREFIX } from '../store/keys';
import { KEY } from '../store/schema';
import type { Table } from '../store/table';

/** An event exactly as the feed (`GET /events`) shows it, and as a delivery's body carries it. */
export interface FeedEvent {
  id: string;
  type: string;
  store_hash: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

/** One event and the feed position just after it: where a reader that acknowledged it goes on from. */
export interface FeedEntry {
  event: FeedEvent;
  cursor: string;
}

export interface FeedPage {
  entries: FeedEntry[];
  /** After the last entry, or the cursor given when nothing is new. */
  nextCursor: string;
}

/**
 * What the webhooks read the events through: a store's feed, oldest first, from a cursor. The
 * delivery engine needs nothing else of the feed, so it does not care where the feed lives.
 */
export interface EventSource {
  /** The position after the store's latest event: where a hook created now starts. */
  endCursor(storeHash: string): Promise<string>;
  /** At most `limit` events after `cursor`, oldest first. */
  readAfter(storeHash: string, cursor: string, limit: number): Promise<FeedPage>;
}

/** The cursor before a store's first event. */
const START = 'start';

const encodeCursor = (sortKey: string) => Buffer.from(sortKey, 'utf8').toString('base64url');

function decodeCursor(cursor: string): string | undefined {
  if (cursor === START) return undefined;
  const sortKey = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!sortKey.startsWith(SK_PREFIX.event)) throw new InvalidRequest('The cursor was not given out by this feed.', { cursor });
  return sortKey;
}

/**
 * A store's events in the table, one item an event under `STORE#<h>#EVENTLOG`, sorted by a
 * UUIDv7 so a query reads them oldest first. This is the DynamoDB-backed `EventSource` the
 * webhooks are built and tested on while the feed of the events issue is being built; once that
 * feed lands, an `EventSource` over it replaces this class and nothing else changes.
 */
export class TableEventLog implements EventSource {
  constructor(private readonly table: Table) {}

  /** Appends an event (given an `id`, it keeps it: a redelivery test can name it); returns it as stored. */
  async append(event: Omit<FeedEvent, 'id'> & { id?: string }): Promise<FeedEvent> {
    const stored: FeedEvent = { ...event, id: event.id ?? newId() };
    const key = keys.eventLogEntry(event.store_hash, newId());
    await this.table.db.send(new PutCommand({ TableName: this.table.name, Item: { ...key, event: stored } }));
    return stored;
  }

  async endCursor(storeHash: string): Promise<string> {
    const { Items } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
        ExpressionAttributeValues: { ':pk': keys.eventLogPartition(storeHash), ':prefix': SK_PREFIX.event },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const last = Items?.[0];
    return last ? encodeCursor(String(last[KEY.sort])) : START;
  }

  async readAfter(storeHash: string, cursor: string, limit: number): Promise<FeedPage> {
    const after = decodeCursor(cursor);
    const partition = keys.eventLogPartition(storeHash);
    const { Items } = await this.table.db.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
        ExpressionAttributeValues: { ':pk': partition, ':prefix': SK_PREFIX.event },
        ExclusiveStartKey: after === undefined ? undefined : { [KEY.partition]: partition, [KEY.sort]: after },
        Limit: limit,
        ConsistentRead: true,
      }),
    );
    const entries = (Items ?? []).map((item) => ({ event: item.event as FeedEvent, cursor: encodeCursor(String(item[KEY.sort])) }));
    return { entries, nextCursor: entries.at(-1)?.cursor ?? cursor };
  }
}
