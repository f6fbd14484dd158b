import type { components } from '../generated/openapi-types';

/**
 * An event exactly as the feed (`GET /events`) shows it, and as a delivery's body carries it:
 * the document's `Event`, the one description of it.
 */
export type FeedEvent = components['schemas']['Event'];

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
 * delivery engine needs nothing else of the feed; the composition root (../assemble.ts) gives it
 * the feed the publisher writes (../events/feed.repository.ts), which has this shape.
 */
export interface EventSource {
  /** The position after the store's latest event: where a hook created now starts. */
  endCursor(storeHash: string): Promise<string>;
  /**
   * At most `limit` events after `cursor`, oldest first. Throws an `Expired` (../errors.ts) when
   * the feed no longer keeps every event after `cursor`: a reader is told, never skipped ahead.
   */
  readAfter(storeHash: string, cursor: string, limit: number): Promise<FeedPage>;
}
