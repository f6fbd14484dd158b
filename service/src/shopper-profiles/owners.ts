import type { components } from '../generated/openapi-types';
import { type ItemKey, keys } from '../store/keys';
import type { Table, TransactAction } from '../store/table';

export type ShopperProfileEntry = components['schemas']['ShopperProfilesPostRequest'][number];

/** BigCommerce's own convention: a guest is customer 0, so a guest's profile reads `customer_id: 0`. */
export const GUEST_CUSTOMER_ID = 0;

/**
 * Who a profile belongs to: a customer or a guest. Each owner has one marker item pointing at
 * its profile, written with `attribute_not_exists` in the profile's own transaction, which keeps
 * the relationship one-to-one.
 */
export type Owner = { customerId: number } | { guestId: string };

/** The marker item of an owner: `CUSTOMER#<id>` or `GUEST#<id>`, holding the profile's id. */
export interface OwnerMarker {
  profile_id: string;
  customer_id?: number;
  guest_id?: string;
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

export function ownerMarkerItem(storeHash: string, owner: Owner, profileId: string): Record<string, unknown> {
  const marker: OwnerMarker =
    'guestId' in owner ? { guest_id: owner.guestId, profile_id: profileId } : { customer_id: owner.customerId, profile_id: profileId };
  return { ...ownerMarkerKey(storeHash, owner), ...marker };
}

/**
 * The action that deletes a profile's owner marker with the profile, on condition it still names
 * that profile. A merge may re-key a guest's profile to a customer between a delete's read and
 * its transaction: the guest marker is gone then, the transaction fails, and the delete reads the
 * profile again and removes the customer marker instead of leaving it to point at nothing.
 */
export function deleteOwnerMarker(
  tableName: string,
  storeHash: string,
  profile: { id: string; customer_id: number; guest_id?: string },
): TransactAction {
  return {
    Delete: {
      TableName: tableName,
      Key: ownerMarkerKey(storeHash, ownerOfProfile(profile)),
      ConditionExpression: 'profile_id = :profile',
      ExpressionAttributeValues: { ':profile': profile.id },
    },
  };
}

/** A stable text for an owner, to compare owners and find repeats. */
export function ownerLabel(owner: Owner): string {
  return 'guestId' in owner ? `Guest \`${owner.guestId}\`` : `Customer ${owner.customerId}`;
}

/**
 * The profile ids of the given owners, those that have one: one BatchGetItem of their markers
 * (up to 100 owners a request). The markers are read strongly consistent, and a marker exists
 * exactly while its profile does (both are written and deleted in one transaction).
 */
export async function profileIdsOfOwners(table: Table, storeHash: string, owners: readonly Owner[]): Promise<string[]> {
  if (owners.length === 0) return [];
  const markers = await table.getMany<OwnerMarker>(owners.map((owner) => ownerMarkerKey(storeHash, owner)));
  return markers.map((marker) => marker.profile_id);
}

/** The id of a customer's profile, if it has one: one GetItem. */
export async function profileIdOfCustomer(table: Table, storeHash: string, customerId: number): Promise<string | undefined> {
  return (await table.get<OwnerMarker>(keys.customer(storeHash, customerId)))?.profile_id;
}
