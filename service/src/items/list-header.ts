/**
 * The list headers: one item leading each list the API pages through (the store's segments, its
 * profiles, its targeted promotions, and each segment's members), holding the list's count and
 * version (and, for members, a count per bucket). How lists and their headers work is the store's
 * (../store/lists.ts); this module names the four and decodes their images.
 */
import { ENTITY, keys, SK_PREFIX } from '../store/keys';
import {
  adjustCount,
  bucketCountAttribute,
  createHeader,
  deleteHeader,
  HIDDEN_IDS_ATTRIBUTE,
  HIDDEN_THROUGH_ATTRIBUTE,
  type ListHeader,
  membersList,
  type PagedList,
  profilesList,
  segmentsList,
} from '../store/lists';
import { KEY } from '../store/schema';
import { ITEM_EXISTS, type TransactAction } from '../store/table';
import { isNumber, meaningOf, type StoredImage } from './image';

export type { ListHeader, PagedList };
export { adjustCount, createHeader, deleteHeader, membersList, profilesList, segmentsList };

/** The store's targeted promotions, counted for the per-store limit. */
export const promotionsList = (storeHash: string): PagedList => ({
  partition: keys.promotionsPartition(storeHash),
  sortKeyPrefix: SK_PREFIX.promotion,
  header: keys.listHeader(keys.promotionsPartition(storeHash), SK_PREFIX.promotion),
  countAttribute: 'promotion_count',
  versionAttribute: 'promotion_version',
});

/** The store's webhooks, counted for the per-store limit (../hooks/). */
export const hooksList = (storeHash: string): PagedList => ({
  partition: keys.hooksPartition(storeHash),
  sortKeyPrefix: SK_PREFIX.hook,
  header: keys.listHeader(keys.hooksPartition(storeHash), SK_PREFIX.hook),
  countAttribute: 'hook_count',
  versionAttribute: 'hook_version',
});

/** A decoded header: which list, of which store (and segment), and its count. */
export type DecodedListHeader =
  | { list: 'segments' | 'profiles' | 'promotions'; storeHash: string; count: number }
  | { list: 'members'; storeHash: string; segmentId: string; count: number };

/** The header an image holds; undefined for an image of anything else. Pure. */
export function decodeListHeader(image: StoredImage | undefined): DecodedListHeader | undefined {
  const meaning = meaningOf(image);
  if (!meaning || !image) return undefined;
  const count = (list: PagedList) => {
    const value = image[list.countAttribute];
    return isNumber(value) ? value : 0;
  };
  switch (meaning.kind) {
    case 'segments-header':
      return { list: 'segments', storeHash: meaning.storeHash, count: count(segmentsList(meaning.storeHash)) };
    case 'profiles-header':
      return { list: 'profiles', storeHash: meaning.storeHash, count: count(profilesList(meaning.storeHash)) };
    case 'promotions-header':
      return { list: 'promotions', storeHash: meaning.storeHash, count: count(promotionsList(meaning.storeHash)) };
    case 'members-header':
      return {
        list: 'members',
        storeHash: meaning.storeHash,
        segmentId: meaning.segmentId,
        count: count(membersList(meaning.storeHash, meaning.segmentId)),
      };
    default:
      return undefined;
  }
}

/**
 * Moves a segment's member count (and its buckets' counts), on condition the segment still exists
 * and its header does not hide these profiles (a delete of every profile up to some id).
 */
export function adjustMemberCount(
  tableName: string,
  storeHash: string,
  segmentId: string,
  delta: number,
  profileIds: readonly string[],
): TransactAction {
  const changed = profileIds.map((id) => keys.membership(storeHash, segmentId, id)[KEY.sort]);
  return adjustCount(tableName, membersList(storeHash, segmentId), delta, { mustExist: true, changed, idsAbove: lowest(profileIds) });
}

const lowest = (ids: readonly string[]) => [...ids].sort()[0];

/**
 * Profiles deleted one by one leave their segments at once, though their edges stay until the
 * cleanup: a segment's header, as read, rewritten to hide them (`departed`) with its counts (and
 * its buckets') down by them, on condition the header has not changed since. So a delete sent
 * again, or two at once, count nothing twice, and a refusal returns the header as it is now.
 * Written whole rather than updated: DynamoDB Local applies a put of a small item several times
 * faster than an update naming tens of attributes. Pass only ids the header does not hide yet.
 */
export function hideDepartedMembers(tableName: string, header: ListHeader, profileIds: readonly string[]): TransactAction {
  const members = decodeListHeader(header);
  if (members?.list !== 'members') throw new Error('hideDepartedMembers rewrites a members header');
  const list = membersList(members.storeHash, members.segmentId);
  const item: Record<string, unknown> = { ...header };
  const add = (attribute: string, delta: number) => {
    item[attribute] = Number(item[attribute] ?? 0) + delta;
  };
  add(list.countAttribute, -profileIds.length);
  add(list.versionAttribute, 1);
  for (const id of profileIds)
    add(bucketCountAttribute(list.buckets!.of(keys.membership(members.storeHash, members.segmentId, id)[KEY.sort])), -1);
  const departed = header[HIDDEN_IDS_ATTRIBUTE];
  item[HIDDEN_IDS_ATTRIBUTE] = new Set([...(departed instanceof Set ? (departed as Set<string>) : []), ...profileIds]);
  return {
    Put: {
      TableName: tableName,
      Item: item,
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': list.versionAttribute },
      ExpressionAttributeValues: { ':version': Number(header[list.versionAttribute] ?? 0) },
    },
  };
}

/**
 * The same change as `hideDepartedMembers`, as an update that commutes with every other write of
 * the header (counts move by `ADD`): for a header that other requests keep changing, where a
 * rewrite conditioned on the version read would lose every time. Conditioned instead on the
 * segment existing and on none of the ids hidden yet (at most 40 ids: each is a condition, and an
 * expression holds 4 KB). Costlier for DynamoDB Local than the rewrite, so only the fallback.
 */
export function hideDepartedMembersCommuting(
  tableName: string,
  storeHash: string,
  segmentId: string,
  profileIds: readonly string[],
): TransactAction {
  const update = adjustMemberCount(tableName, storeHash, segmentId, -profileIds.length, profileIds).Update!;
  const notYet = profileIds.map((_, i) => `NOT contains(#departed, :d${i})`);
  return {
    Update: {
      ...update,
      UpdateExpression: `${update.UpdateExpression}, #departed :departed`,
      ConditionExpression: [update.ConditionExpression, ...notYet].join(' AND '),
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, '#departed': HIDDEN_IDS_ATTRIBUTE },
      ExpressionAttributeValues: {
        ...update.ExpressionAttributeValues,
        ':departed': new Set(profileIds),
        ...Object.fromEntries(profileIds.map((id, i) => [`:d${i}`, id])),
      },
    },
  };
}

/** Once the cleanup has removed departed profiles' edges, their segment's header stops hiding them. */
export function unhideDepartedMembers(
  tableName: string,
  storeHash: string,
  segmentId: string,
  profileIds: readonly string[],
): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: membersList(storeHash, segmentId).header,
      UpdateExpression: 'DELETE #departed :ids',
      ConditionExpression: ITEM_EXISTS,
      ExpressionAttributeNames: { '#departed': HIDDEN_IDS_ATTRIBUTE },
      ExpressionAttributeValues: { ':ids': new Set(profileIds) },
    },
  };
}

/**
 * A segment's header, as read, rewritten to hide every member up to `through` (a delete of every
 * profile): its count and its buckets' counts start again from nothing, since every member it
 * counted is one of those. Refused if the header changed since it was read.
 */
export function hideMembersThrough(tableName: string, header: ListHeader, through: string): TransactAction {
  const members = decodeListHeader(header);
  if (members?.list !== 'members') throw new Error('hideMembersThrough rewrites a members header');
  const list = membersList(members.storeHash, members.segmentId);
  const bucketAttributes = new Set(list.buckets!.names.map(bucketCountAttribute));
  const kept = Object.fromEntries(Object.entries(header).filter(([name]) => !bucketAttributes.has(name) && name !== HIDDEN_IDS_ATTRIBUTE));
  const version = Number(header[list.versionAttribute] ?? 0);
  return {
    Put: {
      TableName: tableName,
      Item: { ...kept, [list.countAttribute]: 0, [list.versionAttribute]: version + 1, [HIDDEN_THROUGH_ATTRIBUTE]: through },
      ConditionExpression: `${ITEM_EXISTS} AND #version = :version`,
      ExpressionAttributeNames: { '#version': list.versionAttribute },
      ExpressionAttributeValues: { ':version': version },
    },
  };
}

/** Once the cleanup has removed every edge up to `through`, the header stops hiding (its reads go the short way again). */
export function stopHidingMembersThrough(tableName: string, storeHash: string, segmentId: string, through: string): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: membersList(storeHash, segmentId).header,
      UpdateExpression: 'REMOVE #through',
      ConditionExpression: '#through = :through',
      ExpressionAttributeNames: { '#through': HIDDEN_THROUGH_ATTRIBUTE },
      ExpressionAttributeValues: { ':through': through },
    },
  };
}

/** A new segment's members header, hiding what the store's profiles header hides (profiles deleted all at once). */
export function createMembersHeader(tableName: string, storeHash: string, segmentId: string, through: string | undefined): TransactAction {
  const created = createHeader(tableName, membersList(storeHash, segmentId));
  return through === undefined
    ? created
    : { Put: { ...created.Put!, Item: { ...created.Put!.Item, [HIDDEN_THROUGH_ATTRIBUTE]: through } } };
}

// A delete of every profile of a store (../workflows/profile-deletes.ts) on the profiles header.

/**
 * How long the mark of a delete of every profile holds the store's profile and segment creates.
 * The delete takes a few seconds and the function 10 at most: a mark older than this is one whose
 * request died, and nothing heeds it.
 */
export const DELETE_ALL_HOLD_SECONDS = 60;
const DELETE_STARTED_ATTRIBUTE = 'delete_started_at';

/** What the profiles header says of deletes of every profile: done up to `through`, one running since `runningSince`. */
export interface ProfilesDeletion {
  through?: string;
  runningSince?: string;
}

export function profilesDeletionOf(header: ListHeader | undefined): ProfilesDeletion {
  const through = header?.[HIDDEN_THROUGH_ATTRIBUTE];
  const since = header?.[DELETE_STARTED_ATTRIBUTE];
  return { ...(typeof through === 'string' ? { through } : {}), ...(typeof since === 'string' ? { runningSince: since } : {}) };
}

/** Whether a delete of every profile is running now (its mark not yet past the hold). */
export function deleteAllRunning(deletion: ProfilesDeletion, now: Date): boolean {
  return deletion.runningSince !== undefined && deletion.runningSince > holdStart(now);
}

const holdStart = (now: Date) => new Date(now.getTime() - DELETE_ALL_HOLD_SECONDS * 1000).toISOString();

/** Marks a delete of every profile as running: from now until it finishes, creates are refused. */
export function markDeleteAllRunning(tableName: string, storeHash: string, now: Date): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: profilesList(storeHash).header,
      UpdateExpression: 'SET #started = :now',
      ExpressionAttributeNames: { '#started': DELETE_STARTED_ATTRIBUTE },
      ExpressionAttributeValues: { ':now': now.toISOString() },
    },
  };
}

/**
 * Every profile up to `through` is deleted, all at once: hidden from every read and no longer
 * counted; the running mark goes. Never moves `through` back.
 */
export function finishDeleteAll(tableName: string, storeHash: string, through: string): TransactAction {
  const list = profilesList(storeHash);
  return {
    Update: {
      TableName: tableName,
      Key: list.header,
      UpdateExpression: 'SET #count = :zero, #through = :through REMOVE #started ADD #version :one',
      ConditionExpression: 'attribute_not_exists(#through) OR #through <= :through',
      ExpressionAttributeNames: {
        '#count': list.countAttribute,
        '#version': list.versionAttribute,
        '#through': HIDDEN_THROUGH_ATTRIBUTE,
        '#started': DELETE_STARTED_ATTRIBUTE,
      },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':through': through },
    },
  };
}

/**
 * The record of a delete of every profile whose cleanup is not done yet. Its insert is what sets
 * the cleanup going (the table's stream in AWS); the cleanup deletes it when done.
 */
export function recordDeleteAll(tableName: string, storeHash: string, through: string): TransactAction {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.profilesDeletion(storeHash, through), entity: ENTITY.profilesDeletion, store_hash: storeHash, through },
    },
  };
}

/** The record of a delete of every profile, as a stream image holds it; undefined for any other image. Pure. */
export function decodeDeleteAllRecord(image: StoredImage | undefined): { storeHash: string; through: string } | undefined {
  const meaning = meaningOf(image);
  return meaning?.kind === 'profiles-deletion' && image?.entity === ENTITY.profilesDeletion
    ? { storeHash: meaning.storeHash, through: meaning.through }
    : undefined;
}

/** The condition that no delete of every profile is running, for writes it must not cross. */
function noDeleteAllRunning(now: Date) {
  return {
    condition: '(attribute_not_exists(#started) OR #started <= :holdStart)',
    names: { '#started': DELETE_STARTED_ATTRIBUTE },
    values: { ':holdStart': holdStart(now) },
  };
}

/**
 * The store's profile count up by the new profiles, on condition no delete of every profile is
 * running and their ids sort after every profile such a delete removed.
 */
export function countNewProfiles(tableName: string, storeHash: string, profileIds: readonly string[], now: Date): TransactAction {
  const update = adjustCount(tableName, profilesList(storeHash), profileIds.length, { idsAbove: lowest(profileIds) }).Update!;
  const running = noDeleteAllRunning(now);
  return {
    Update: {
      ...update,
      ConditionExpression: [update.ConditionExpression, running.condition].filter(Boolean).join(' AND '),
      ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...running.names },
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...running.values },
    },
  };
}

/**
 * For a segment's creation: no delete of every profile is running, and the last one is the one
 * read (`through`), whose limit the new members header carries.
 */
export function checkProfilesDeletion(tableName: string, storeHash: string, through: string | undefined, now: Date): TransactAction {
  const running = noDeleteAllRunning(now);
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: profilesList(storeHash).header,
      ConditionExpression: `${through === undefined ? 'attribute_not_exists(#through)' : '#through = :through'} AND ${running.condition}`,
      ExpressionAttributeNames: { '#through': HIDDEN_THROUGH_ATTRIBUTE, ...running.names },
      ExpressionAttributeValues: { ...(through === undefined ? {} : { ':through': through }), ...running.values },
    },
  };
}
