/**
 * The two owner markers, one item kind each, sharing one shape: a customer marker
 * (`STORE#<h>#PROFILES` / `CUSTOMER#<customer_id>`) and a guest marker (`… / GUEST#<guest_id>`),
 * each holding the id of its owner's profile. Written with `attribute_not_exists` in the profile's
 * own transaction, a marker keeps the profile-to-owner relationship one-to-one, and exists exactly
 * while its profile does. They live in one module because every caller handles both alike, through
 * `Owner`.
 */
import type { components } from '../generated/openapi-types';
import { type ItemKey, keys } from '../store/keys';
import { ITEM_ABSENT, type TransactAction, whereAttributeIs } from '../store/table';
import { isNumber, isString, meaningOf, type StoredImage } from './image';

export type ShopperProfileEntry = components['schemas']['ShopperProfilesPostRequest'][number];

/** BigCommerce's own convention: a guest is customer 0, so a guest's profile reads `customer_id: 0`. */
export const GUEST_CUSTOMER_ID = 0;

/** Who a profile belongs to: a customer or a guest. */
export type Owner = { customerId: number } | { guestId: string };

/** A marker as stored. */
export interface OwnerMarker {
  profile_id: string;
  customer_id?: number;
  guest_id?: string;
}

/** A decoded marker: its store, its owner, its profile. */
export interface DecodedOwnerMarker {
  kind: 'customer-marker' | 'guest-marker';
  storeHash: string;
  owner: Owner;
  profileId: string;
}

/** The marker an image holds (either kind); undefined for an image of anything else. Pure. */
export function decodeOwnerMarker(image: StoredImage | undefined): DecodedOwnerMarker | undefined {
  const meaning = meaningOf(image);
  if (!image || !isString(image.profile_id)) return undefined;
  if (meaning?.kind === 'customer-marker' && isNumber(image.customer_id)) {
    return { kind: meaning.kind, storeHash: meaning.storeHash, owner: { customerId: meaning.customerId }, profileId: image.profile_id };
  }
  if (meaning?.kind === 'guest-marker') {
    return { kind: meaning.kind, storeHash: meaning.storeHash, owner: { guestId: meaning.guestId }, profileId: image.profile_id };
  }
  return undefined;
}

export function ownerOfEntry(entry: ShopperProfileEntry): Owner {
  return 'guest_id' in entry ? { guestId: entry.guest_id } : { customerId: entry.customer_id };
}

/** The owner of a stored profile: a guest's carries `guest_id`. */
export function ownerOfProfile(profile: { customer_id: number; guest_id?: string }): Owner {
  return profile.guest_id !== undefined ? { guestId: profile.guest_id } : { customerId: profile.customer_id };
}

export function ownerOfMarker(marker: OwnerMarker): Owner {
  return marker.guest_id !== undefined ? { guestId: marker.guest_id } : { customerId: marker.customer_id ?? GUEST_CUSTOMER_ID };
}

export function ownerMarkerKey(storeHash: string, owner: Owner): ItemKey {
  return 'guestId' in owner ? keys.guest(storeHash, owner.guestId) : keys.customer(storeHash, owner.customerId);
}

/** A stable text for an owner, to compare owners and find repeats. */
export function ownerLabel(owner: Owner): string {
  return 'guestId' in owner ? `Guest \`${owner.guestId}\`` : `Customer ${owner.customerId}`;
}

/** Writes an owner's marker, on condition the owner has none. */
export function claimOwner(
  tableName: string,
  storeHash: string,
  owner: Owner,
  profileId: string,
  /** Profiles up to this id are deleted (all at once) though their markers may still be stored: such a marker is free. */
  deletedThrough?: string,
): TransactAction {
  const marker: OwnerMarker =
    'guestId' in owner ? { guest_id: owner.guestId, profile_id: profileId } : { customer_id: owner.customerId, profile_id: profileId };
  const Item = { ...ownerMarkerKey(storeHash, owner), ...marker };
  if (deletedThrough === undefined) return { Put: { TableName: tableName, Item, ConditionExpression: ITEM_ABSENT } };
  return {
    Put: {
      TableName: tableName,
      Item,
      ConditionExpression: `${ITEM_ABSENT} OR profile_id <= :through`,
      ExpressionAttributeValues: { ':through': deletedThrough },
    },
  };
}

/**
 * Deletes an owner's marker, on condition it still names that profile. A merge may re-key a
 * guest's profile to a customer between a delete's read and its transaction: the guest marker is
 * gone then, the transaction fails, and the delete reads the profile again and removes the
 * customer marker instead of leaving it to point at nothing.
 */
export function releaseOwner(tableName: string, storeHash: string, owner: Owner, profileId: string): TransactAction {
  return { Delete: { TableName: tableName, Key: ownerMarkerKey(storeHash, owner), ...whereAttributeIs('profile_id', profileId) } };
}
