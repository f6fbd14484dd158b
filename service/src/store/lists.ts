import { bucketOfMemberSortKey, type ItemKey, idFromSortKey, keys, MEMBER_BUCKET_NAMES, SK_PREFIX } from './keys';
import { ITEM_ABSENT, ITEM_EXISTS, type TransactAction } from './table';

/**
 * A list the API pages through: the items of one partition under a sort-key prefix, led by a
 * header item whose sort key is that prefix without its final `#`, so it sorts just before the
 * items. The header holds the items' count and a version that every write adding or removing an
 * item bumps in the same transaction. Page 1 is then a single query (header and items together),
 * totals are exact, and the version tells when remembered page boundaries (./pages.ts) are stale.
 *
 * A bucketed list (a segment's members) also keeps, on the same header and in the same update,
 * one count per bucket of its sort keys (`buckets`): a reader then knows from the header alone
 * which bucket page N starts in and how far into it, so no page needs remembered boundaries.
 */
export interface PagedList {
  partition: string;
  /** The items' sort-key prefix, ending in `#`. */
  sortKeyPrefix: string;
  header: ItemKey;
  countAttribute: string;
  versionAttribute: string;
  /** For lists whose items sort by bucket first: how to tell an item's bucket, and where each starts. */
  buckets?: ListBuckets;
}

export interface ListBuckets {
  /** Every bucket, in sort order. */
  names: readonly string[];
  of(sortKey: string): string;
  /** A sort key just before the bucket's first item. */
  start(bucket: string): string;
}

/** The header attribute counting the items of one bucket. */
export const bucketCountAttribute = (bucket: string) => `n${bucket}`;

export interface ListHeader {
  [attribute: string]: unknown;
}

/**
 * Items a list's header says are deleted although still stored, because removing them would take
 * longer than a request may (../workflows/profile-deletes.ts): every item whose id is at most
 * `through` (ids are UUIDv7, so that is everything created before a delete of all of them), and
 * the ids in `ids` (profiles deleted one by one). The cleanup removes them later; until then every
 * read skips them and no count includes them.
 */
export interface HiddenItems {
  through?: string;
  ids: ReadonlySet<string>;
}

/** Header attributes: the `through` of HiddenItems, and its `ids` (a string set). */
export const HIDDEN_THROUGH_ATTRIBUTE = 'deleted_through';
export const HIDDEN_IDS_ATTRIBUTE = 'departed';

/** What a header hides; undefined when it hides nothing. */
export function hiddenBy(header: object | undefined): HiddenItems | undefined {
  const attributes = header as Record<string, unknown> | undefined;
  const through = attributes?.[HIDDEN_THROUGH_ATTRIBUTE];
  const ids = attributes?.[HIDDEN_IDS_ATTRIBUTE];
  const idSet = ids instanceof Set ? (ids as Set<string>) : new Set<string>();
  if (typeof through !== 'string' && idSet.size === 0) return undefined;
  return { ...(typeof through === 'string' ? { through } : {}), ids: idSet };
}

/** Whether an item with this id is one the header hides. */
export function hidesId(hidden: HiddenItems | undefined, id: string): boolean {
  return hidden !== undefined && ((hidden.through !== undefined && id <= hidden.through) || hidden.ids.has(id));
}

/** Whether the item under this sort key is one the header hides. */
export function hidesSortKey(hidden: HiddenItems | undefined, sortKey: string): boolean {
  return hidesId(hidden, idFromSortKey(sortKey));
}

/**
 * The sort key to start after so as to skip the hidden items at the start of a run of sort keys
 * `prefix<id>` (ids sort by creation): `prefix<through>`, or the prefix's own start when none.
 */
export function startPastHidden(hidden: HiddenItems | undefined, prefix: string): string | undefined {
  return hidden?.through === undefined ? undefined : `${prefix}${hidden.through}`;
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
export const membersList = (storeHash: string, segmentId: string): PagedList => ({
  ...list(keys.membersPartition(storeHash, segmentId), SK_PREFIX.profile, 'member_count', 'member_version'),
  buckets: { names: MEMBER_BUCKET_NAMES, of: bucketOfMemberSortKey, start: keys.memberBucketStart },
});

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
 * gone (adding members to a segment deleted meanwhile). A bucketed list needs `changed`, the sort
 * keys of the items added (delta > 0) or removed (delta < 0): their buckets' counts move in the
 * same update, so they always add up to the count. Still one action, whatever the buckets.
 * `idsAbove` (the lowest id among the items changed) refuses the write once the header hides it.
 */
export function adjustCount(
  tableName: string,
  target: PagedList,
  delta: number,
  options: { ceiling?: number; mustExist?: boolean; changed?: readonly string[]; idsAbove?: string } = {},
): TransactAction {
  const conditions: string[] = [];
  const values: Record<string, unknown> = { ':delta': delta, ':one': 1 };
  const names: Record<string, string> = { '#count': target.countAttribute, '#version': target.versionAttribute };
  const additions = ['#count :delta', '#version :one'];
  if (target.buckets) {
    if (options.changed?.length !== Math.abs(delta)) {
      throw new Error(
        `a bucketed list's count moves with the sort keys that change: ${delta} needs as many, got ${options.changed?.length}`,
      );
    }
    const perBucket = new Map<string, number>();
    for (const sortKey of options.changed) {
      const bucket = target.buckets.of(sortKey);
      perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + Math.sign(delta));
    }
    [...perBucket].forEach(([bucket, change], i) => {
      names[`#b${i}`] = bucketCountAttribute(bucket);
      values[`:b${i}`] = change;
      additions.push(`#b${i} :b${i}`);
    });
  }
  if (options.mustExist) conditions.push(ITEM_EXISTS);
  if (options.idsAbove !== undefined) {
    // The items counted must not be hidden by a delete of everything up to some id: the count
    // excludes those, and a write that read the list before that delete must not move it.
    conditions.push('(attribute_not_exists(#through) OR #through < :lowest)');
    names['#through'] = HIDDEN_THROUGH_ATTRIBUTE;
    values[':lowest'] = options.idsAbove;
  }
  if (options.ceiling !== undefined && delta > 0) {
    conditions.push('(attribute_not_exists(#count) OR #count <= :room)');
    values[':room'] = options.ceiling - delta;
  }
  return {
    Update: {
      TableName: tableName,
      Key: target.header,
      UpdateExpression: `ADD ${additions.join(', ')}`,
      ConditionExpression: conditions.length > 0 ? conditions.join(' AND ') : undefined,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
