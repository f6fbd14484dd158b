/**
 * A shopper profile node: `STORE#<h>#PROFILES` / `PROFILE#<id>`.
 *
 * `segment_ids` is the set of segments it has an edge in, written in the same transaction as each
 * edge, so the profile's side of the relationship is read strongly consistently from the node
 * itself (the inverted index is eventually consistent in AWS). `deleting` is its tombstone: set by
 * a delete before it sweeps the profile's memberships, it makes every add that has not committed
 * yet fail, so no edge can be written behind the sweep. Like a segment it carries `entity` and
 * `store_hash` for the stream.
 */
import type { components } from '../generated/openapi-types';
import { keys } from '../store/keys';
import { ITEM_EXISTS, type TransactAction } from '../store/table';
import { createNode, fieldsOf, isNumber, isString, meaningAs, type StoredImage, stringSet } from './image';

export type ShopperProfile = components['schemas']['ShopperProfile'];

/** A profile as stored. */
export interface ShopperProfileItem extends ShopperProfile {
  segment_ids?: Set<string>;
  deleting?: string;
}

export const PROFILE_SEGMENTS_ATTRIBUTE = 'segment_ids';
const TOMBSTONE_ATTRIBUTE = 'deleting';

export const profileKey = keys.profile;

/** The API's view of a stored profile (a guest's carries `guest_id`). */
export function toShopperProfile(item: ShopperProfile): ShopperProfile {
  const owner = item.guest_id === undefined ? {} : { guest_id: item.guest_id };
  return { id: item.id, customer_id: item.customer_id, ...owner, created_at: item.created_at, updated_at: item.updated_at };
}

/** A decoded profile: the API's fields, its store, its segments and whether it is being deleted. */
export interface DecodedProfile extends ShopperProfile {
  storeHash: string;
  segmentIds: string[];
  tombstoned: boolean;
}

/** A profile's API fields as an image holds them (a profile's, or a membership edge's copy of it). Pure. */
export function profileFieldsOf(image: StoredImage, id: string): ShopperProfile | undefined {
  const fields = fieldsOf(image, { customer_id: isNumber, created_at: isString, updated_at: isString });
  return fields && { id, ...fields, ...(isString(image.guest_id) ? { guest_id: image.guest_id } : {}) };
}

/** The profile an image holds; undefined for an image of anything else. Pure. */
export function decodeProfile(image: StoredImage | undefined): DecodedProfile | undefined {
  const meaning = meaningAs(image, 'profile');
  const profile = meaning && image && profileFieldsOf(image, meaning.profileId);
  if (!meaning || !image || !profile) return undefined;
  const segmentIds = [...(stringSet(image[PROFILE_SEGMENTS_ATTRIBUTE]) ?? [])];
  return { storeHash: meaning.storeHash, ...profile, segmentIds, tombstoned: image[TOMBSTONE_ATTRIBUTE] !== undefined };
}

/** A profile that exists and is not being deleted: the only kind an add may link to. */
export function isLiveProfile(profile: DecodedProfile | undefined): profile is DecodedProfile {
  return profile !== undefined && !profile.tombstoned;
}

/** The segments a stored profile has edges in. */
export function segmentIdsOf(item: ShopperProfileItem): string[] {
  return [...(item.segment_ids ?? [])];
}

/** Writes a new profile node, on condition there is none under its key. */
export function createProfile(tableName: string, storeHash: string, profile: ShopperProfile): TransactAction {
  return createNode(tableName, profileKey(storeHash, profile.id), 'profile', storeHash, profile);
}

/** Marks a profile as being deleted (keeping the first mark), on condition it still exists. */
export function tombstoneProfile(tableName: string, storeHash: string, profileId: string, now: string): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: profileKey(storeHash, profileId),
      UpdateExpression: 'SET #deleting = if_not_exists(#deleting, :now)',
      ConditionExpression: ITEM_EXISTS,
      ExpressionAttributeNames: { '#deleting': TOMBSTONE_ATTRIBUTE },
      ExpressionAttributeValues: { ':now': now },
    },
  };
}

/** Deletes a profile node, on condition it still exists. */
export function deleteProfile(tableName: string, storeHash: string, profileId: string): TransactAction {
  return { Delete: { TableName: tableName, Key: profileKey(storeHash, profileId), ConditionExpression: ITEM_EXISTS } };
}

/**
 * What an add writes to each profile beside its edge: the segment joins the profile's set, on
 * condition the profile still exists, is not being deleted, and is as the add read it (the edge
 * carries a copy of it: a guest's profile given to a customer meanwhile must not be copied stale).
 */
export function joinSegment(tableName: string, storeHash: string, profile: ShopperProfile, segmentId: string): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: profileKey(storeHash, profile.id),
      UpdateExpression: 'ADD #segments :segment',
      ConditionExpression: `${ITEM_EXISTS} AND attribute_not_exists(#deleting) AND updated_at = :read`,
      ExpressionAttributeNames: { '#segments': PROFILE_SEGMENTS_ATTRIBUTE, '#deleting': TOMBSTONE_ATTRIBUTE },
      ExpressionAttributeValues: { ':segment': new Set([segmentId]), ':read': profile.updated_at },
    },
  };
}

/**
 * What a removal writes to each profile beside the edge it deletes, on condition the profile is
 * not being deleted: its delete takes it out of its segments, counting from the set it reads once
 * the profile is tombstoned, and a removal committed after that read would be counted twice.
 */
export function leaveSegment(tableName: string, storeHash: string, profileId: string, segmentId: string): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: profileKey(storeHash, profileId),
      UpdateExpression: 'DELETE #segments :segment',
      ConditionExpression: `${ITEM_EXISTS} AND attribute_not_exists(#deleting)`,
      ExpressionAttributeNames: { '#segments': PROFILE_SEGMENTS_ATTRIBUTE, '#deleting': TOMBSTONE_ATTRIBUTE },
      ExpressionAttributeValues: { ':segment': new Set([segmentId]) },
    },
  };
}

/** Re-keys a guest's profile to a customer (a merge's adoption), on condition it is still the guest's. */
export function adoptProfile(
  tableName: string,
  storeHash: string,
  profileId: string,
  guestId: string,
  customerId: number,
  now: string,
): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: profileKey(storeHash, profileId),
      UpdateExpression: 'SET customer_id = :customer, updated_at = :now REMOVE guest_id',
      ConditionExpression: 'guest_id = :guest',
      ExpressionAttributeValues: { ':customer': customerId, ':now': now, ':guest': guestId },
    },
  };
}
