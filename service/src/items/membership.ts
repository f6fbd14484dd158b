/**
 * A membership edge: `STORE#<h>#SEGMENT#<segmentId>` / `PROFILE#<bucket>#<profileId>`, with the
 * inverted index's keys (`STORE#<h>#PROFILE#<profileId>` / `SEGMENT#<segmentId>`) on it. It carries
 * a copy of the profile's fields (fixed once created, but for a merge's re-keying), so a page of a
 * segment's members is one query with no second read. The profile's side, its `segment_ids` set,
 * is written in the same transaction (./profile.ts).
 */
import { keys } from '../store/keys';
import { ITEM_ABSENT, ITEM_EXISTS, type TransactAction } from '../store/table';
import { meaningAs, type StoredImage } from './image';
import { profileFieldsOf, type ShopperProfile } from './profile';

export interface MembershipItem extends ShopperProfile {
  segment_id: string;
}

export const membershipKey = keys.membership;

/** A decoded edge: its store, segment and profile, and the copy of the profile it carries. */
export interface DecodedMembership {
  storeHash: string;
  segmentId: string;
  profileId: string;
  profile: ShopperProfile;
}

/** The edge an image holds; undefined for an image of anything else. Pure. */
export function decodeMembership(image: StoredImage | undefined): DecodedMembership | undefined {
  const meaning = meaningAs(image, 'membership');
  const profile = meaning && image && profileFieldsOf(image, meaning.profileId);
  return meaning && profile && { storeHash: meaning.storeHash, segmentId: meaning.segmentId, profileId: meaning.profileId, profile };
}

/** Writes a new edge carrying a copy of the profile, on condition there is none. */
export function putMembership(tableName: string, storeHash: string, segmentId: string, profile: ShopperProfile): TransactAction {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...membershipKey(storeHash, segmentId, profile.id),
        ...keys.membershipByProfile(storeHash, segmentId, profile.id),
        ...profile,
        segment_id: segmentId,
      } satisfies MembershipItem & Record<string, unknown>,
      ConditionExpression: ITEM_ABSENT,
    },
  };
}

/** Deletes an edge, on condition it exists. */
export function deleteMembership(tableName: string, storeHash: string, segmentId: string, profileId: string): TransactAction {
  return { Delete: { TableName: tableName, Key: membershipKey(storeHash, segmentId, profileId), ConditionExpression: ITEM_EXISTS } };
}

/** Brings an edge's copy of its profile up to date (after a merge re-keyed it), on condition the edge exists. */
export function refreshMembershipCopy(tableName: string, storeHash: string, segmentId: string, profile: ShopperProfile): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: membershipKey(storeHash, segmentId, profile.id),
      UpdateExpression: 'SET customer_id = :customer, updated_at = :updated REMOVE guest_id',
      ConditionExpression: ITEM_EXISTS,
      ExpressionAttributeValues: { ':customer': profile.customer_id, ':updated': profile.updated_at },
    },
  };
}
