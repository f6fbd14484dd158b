import type { TypedOperationHandlers } from '../http/operation-types';
import { decodeFeedCursor, encodeFeedCursor, type FeedRepository } from './feed.repository';

/** `GET /events`: a store's feed, read from a cursor; `next_cursor` is always given, so a consumer polls with it. */
export function eventsHandlers(feed: FeedRepository): TypedOperationHandlers {
  return {
    GetEvents: async ({ storeHash, query }, reply) => {
      const after = query.after === undefined ? undefined : decodeFeedCursor(query.after);
      const { events, last } = await feed.read(storeHash, after, query.limit);
      return reply(200, { data: events, meta: { next_cursor: encodeFeedCursor(last) } });
    },
  };
}
