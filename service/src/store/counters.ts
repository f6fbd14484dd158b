import { keys } from './keys';
import type { PagedList } from './pages';
import type { TransactAction } from './table';

export type StoreCounter = 'segment_count' | 'profile_count';

export interface StoreCounters {
  segment_count?: number;
  profile_count?: number;
  segment_version?: number;
  profile_version?: number;
}

/** Each count has a version, bumped with it, that says when cached page boundaries are stale. */
export const VERSION_OF: Record<StoreCounter, 'segment_version' | 'profile_version'> = {
  segment_count: 'segment_version',
  profile_count: 'profile_version',
};

/**
 * The action that moves one of a store's counters by `delta` inside the same transaction as the
 * write it counts. With `ceiling`, the transaction fails rather than pass it: that is how the
 * segment limit holds under concurrent creates.
 */
export function adjustStoreCounter(
  tableName: string,
  storeHash: string,
  counter: StoreCounter,
  delta: number,
  ceiling?: number,
): TransactAction {
  const guarded = ceiling !== undefined && delta > 0;
  return {
    Update: {
      TableName: tableName,
      Key: keys.storeCounters(storeHash),
      UpdateExpression: 'ADD #counter :delta, #version :one',
      ConditionExpression: guarded ? 'attribute_not_exists(#counter) OR #counter <= :room' : undefined,
      ExpressionAttributeNames: { '#counter': counter, '#version': VERSION_OF[counter] },
      ExpressionAttributeValues: guarded ? { ':delta': delta, ':one': 1, ':room': ceiling - delta } : { ':delta': delta, ':one': 1 },
    },
  };
}

/** The store's segments or profiles, as a list paged by ./pages.ts. */
export function storeList(storeHash: string, counter: StoreCounter, partition: string, sortKeyPrefix: string): PagedList {
  return {
    partition,
    sortKeyPrefix,
    header: keys.storeCounters(storeHash),
    countAttribute: counter,
    versionAttribute: VERSION_OF[counter],
  };
}
