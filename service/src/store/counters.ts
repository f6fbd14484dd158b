import { keys } from './keys';
import type { TransactAction } from './table';

export type StoreCounter = 'segment_count' | 'profile_count';

export interface StoreCounters {
  segment_count?: number;
  profile_count?: number;
}

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
      UpdateExpression: 'ADD #counter :delta',
      ConditionExpression: guarded ? 'attribute_not_exists(#counter) OR #counter <= :room' : undefined,
      ExpressionAttributeNames: { '#counter': counter },
      ExpressionAttributeValues: guarded ? { ':delta': delta, ':room': ceiling - delta } : { ':delta': delta },
    },
  };
}
