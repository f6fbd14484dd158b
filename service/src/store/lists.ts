import { type ItemKey, keys, SK_PREFIX } from './keys';
import { ITEM_ABSENT, ITEM_EXISTS, type TransactAction } from './table';

/**
 * A list the API pages through: the items of one partition under a sort-key prefix, led by a
 * header item whose sort key is that prefix without its final `#`, so it sorts just before the
 * items. The header holds the items' count and a version that every write adding or removing an
 * item bumps in the same transaction. Page 1 is then a single query (header and items together),
 * totals are exact, and the version tells when remembered page boundaries (./pages.ts) are stale.
 */
export interface PagedList {
  partition: string;
  /** The items' sort-key prefix, ending in `#`. */
  sortKeyPrefix: string;
  header: ItemKey;
  countAttribute: string;
  versionAttribute: string;
}

export interface ListHeader {
  [attribute: string]: unknown;
}

function list(partition: string, sortKeyPrefix: string, countAttribute: string, versionAttribute: string): PagedList {
  return { partition, sortKeyPrefix, header: keys.listHeader(partition, sortKeyPrefix), countAttribute, versionAttribute };
}

/** The store's segments (at most 1000). */
export const segmentsList = (storeHash: string) =>
  list(keys.segmentsPartition(storeHash), SK_PREFIX.segment, 'segment_count', 'segment_version');

/** The store's shopper profiles. */
export const profilesList = (storeHash: string) =>
  list(keys.profilesPartition(storeHash), SK_PREFIX.profile, 'profile_count', 'profile_version');

/**
 * A segment's members. Its header is created and deleted with the segment, so it exists exactly
 * while the segment does: a write conditioned on it cannot add to a deleted segment.
 */
export const membersList = (storeHash: string, segmentId: string) =>
  list(keys.membersPartition(storeHash, segmentId), SK_PREFIX.profile, 'member_count', 'member_version');

/** The action that writes a new, empty list header, on condition there is none. */
export function createHeader(tableName: string, target: PagedList): TransactAction {
  return {
    Put: {
      TableName: tableName,
      Item: { ...target.header, [target.countAttribute]: 0, [target.versionAttribute]: 0 },
      ConditionExpression: ITEM_ABSENT,
    },
  };
}

export function deleteHeader(tableName: string, target: PagedList): TransactAction {
  return { Delete: { TableName: tableName, Key: target.header } };
}

/**
 * The action that moves a list's count by `delta` (and bumps its version) inside the same
 * transaction as the write it counts. `ceiling` makes the transaction fail rather than pass it
 * (the 1000-segment limit under concurrent creates); `mustExist` makes it fail when the header is
 * gone (adding members to a segment deleted meanwhile).
 */
export function adjustCount(
  tableName: string,
  target: PagedList,
  delta: number,
  options: { ceiling?: number; mustExist?: boolean } = {},
): TransactAction {
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':delta': delta, ':one': 1 };
  if (options.mustExist) conditions.push(ITEM_EXISTS);
  if (options.ceiling !== undefined && delta > 0) {
    conditions.push('(attribute_not_exists(#count) OR #count <= :room)');
    values[':room'] = options.ceiling - delta;
  }
  return {
    Update: {
      TableName: tableName,
      Key: target.header,
      UpdateExpression: 'ADD #count :delta, #version :one',
      ConditionExpression: conditions.length > 0 ? conditions.join(' AND ') : undefined,
      ExpressionAttributeNames: { '#count': target.countAttribute, '#version': target.versionAttribute },
      ExpressionAttributeValues: values,
    },
  };
}
