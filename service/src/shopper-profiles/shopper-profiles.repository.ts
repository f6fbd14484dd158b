import { ConflictError, type ErrorDetails } from '../errors';
import type { components } from '../generated/openapi-types';
import { DYNAMODB_LIMITS } from '../limits';
import { repeatedEntries } from '../repeats';
import { newId } from '../store/ids';
import { ENTITY, keys, SK_PREFIX } from '../store/keys';
import { adjustCount, type ListHeader, profilesList } from '../store/lists';
import { type Page, type PageRequest, sliceToPage } from '../store/page';
import { PageReader } from '../store/pages';
import { ConditionsFailed, chunk, ITEM_ABSENT, ITEM_EXISTS, type Table, type TransactAction } from '../store/table';
import {
  deleteOwnerMarker,
  GUEST_CUSTOMER_ID,
  type Owner,
  type OwnerMarker,
  ownerLabel,
  ownerMarkerItem,
  ownerMarkerKey,
  ownerOfEntry,
  ownerOfMarker,
  ownerOfProfile,
  profileIdsOfOwners,
  type ShopperProfileEntry,
} from './owners';

export type ShopperProfile = components['schemas']['ShopperProfile'];
export type ShopperProfilePost = components['schemas']['ShopperProfilePost'];

/**
 * A profile as stored. `segment_ids` is the set of segments it has an edge in, written in the
 * same transaction as each edge, so the profile's side of the relationship is read strongly
 * consistently from the node itself (the inverted index is eventually consistent in AWS).
 * `deleting` is its tombstone: set by a delete before it sweeps the profile's memberships, it makes
 * every add that has not committed yet fail, so no edge can be written behind the sweep.
 */
export interface ShopperProfileItem extends ShopperProfile {
  segment_ids?: Set<string>;
  deleting?: string;
}

export const PROFILE_SEGMENTS_ATTRIBUTE = 'segment_ids';

/** A profile that exists and is not being deleted: the only kind an add may link to. */
export function isLiveProfile(item: object): item is ShopperProfileItem {
  return 'customer_id' in item && !('deleting' in item);
}

/** The segments a stored profile has edges in. */
export function segmentIdsOf(item: ShopperProfileItem): string[] {
  return [...(item.segment_ids ?? [])];
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
      Key: keys.profile(storeHash, profile.id),
      UpdateExpression: 'ADD #segments :segment',
      ConditionExpression: `${ITEM_EXISTS} AND attribute_not_exists(#deleting) AND updated_at = :read`,
      ExpressionAttributeNames: { '#segments': PROFILE_SEGMENTS_ATTRIBUTE, '#deleting': 'deleting' },
      ExpressionAttributeValues: { ':segment': new Set([segmentId]), ':read': profile.updated_at },
    },
  };
}

/** What a removal writes to each profile beside the edge it deletes. */
export function leaveSegment(tableName: string, storeHash: string, profileId: string, segmentId: string): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: keys.profile(storeHash, profileId),
      UpdateExpression: 'DELETE #segments :segment',
      ConditionExpression: ITEM_EXISTS,
      ExpressionAttributeNames: { '#segments': PROFILE_SEGMENTS_ATTRIBUTE },
      ExpressionAttributeValues: { ':segment': new Set([segmentId]) },
    },
  };
}

export type { ShopperProfileEntry } from './owners';

export const CUSTOMER_TAKEN_TITLE = 'A customer can have only one shopper profile.';
const MAX_DELETE_ATTEMPTS = 3;
/** Two actions a profile (node, customer marker) plus the store's count. */
const PROFILES_PER_DELETE = Math.floor((DYNAMODB_LIMITS.actionsPerTransaction - 1) / 2);

export function toShopperProfile(item: ShopperProfile): ShopperProfile {
  const owner = item.guest_id === undefined ? {} : { guest_id: item.guest_id };
  return { id: item.id, customer_id: item.customer_id, ...owner, created_at: item.created_at, updated_at: item.updated_at };
}

/** The customers and guests a list asks for (`customer_id:in`, `guest_id:in`). */
export interface OwnerFilter {
  customerIds?: readonly number[];
  guestIds?: readonly string[];
}

/** Data access for shopper profile nodes, their customer markers and the store's profile count. */
export class ShopperProfilesRepository {
  private readonly pages: PageReader;

  constructor(private readonly table: Table) {
    this.pages = new PageReader(table);
  }

  async list(storeHash: string, request: PageRequest, filter: OwnerFilter = {}): Promise<Page<ShopperProfile>> {
    if (filter.customerIds || filter.guestIds) return this.listOwnedBy(storeHash, request, filter);
    const page = await this.pages.read<ListHeader, ShopperProfile>(profilesList(storeHash), request);
    return { items: page.items.map(toShopperProfile), total: page.total };
  }

  async get(storeHash: string, id: string): Promise<ShopperProfileItem | undefined> {
    return this.table.get<ShopperProfileItem>(keys.profile(storeHash, id));
  }

  async getMany(storeHash: string, ids: readonly string[]): Promise<Map<string, ShopperProfile>> {
    const items = await this.table.getMany<ShopperProfile>(ids.map((id) => keys.profile(storeHash, id)));
    return new Map(items.map((item) => [item.id, toShopperProfile(item)]));
  }

  /** The profiles as stored (with their sets of segments), for audits. */
  async getManyStored(storeHash: string, ids: readonly string[]): Promise<ShopperProfileItem[]> {
    return this.table.getMany<ShopperProfileItem>(ids.map((id) => keys.profile(storeHash, id)));
  }

  /**
   * The profiles of the named customers and guests: one BatchGetItem of their markers, one of the
   * profiles (100 owners each), paged in memory in creation order. A profile deleted between the
   * two reads is simply not found.
   */
  private async listOwnedBy(storeHash: string, request: PageRequest, filter: OwnerFilter): Promise<Page<ShopperProfile>> {
    const owners: Owner[] = [
      ...(filter.customerIds ?? []).map((customerId) => ({ customerId })),
      ...(filter.guestIds ?? []).map((guestId) => ({ guestId })),
    ];
    const profileIds = await profileIdsOfOwners(this.table, storeHash, owners);
    const profiles = [...(await this.getMany(storeHash, profileIds)).values()].sort((a, b) => a.id.localeCompare(b.id));
    return sliceToPage(profiles, request);
  }

  /**
   * Creates every entry or none. The owner's marker (customer or guest), written in the same
   * transaction on condition it does not exist, keeps the profile-to-owner relationship one-to-one.
   */
  async create(storeHash: string, entries: ShopperProfileEntry[]): Promise<ShopperProfile[]> {
    rejectRepeatedOwners(entries);
    const now = new Date().toISOString();
    const profiles: ShopperProfile[] = entries.map((entry) => ({
      id: newId(),
      ...('guest_id' in entry ? { customer_id: GUEST_CUSTOMER_ID, guest_id: entry.guest_id } : { customer_id: entry.customer_id }),
      created_at: now,
      updated_at: now,
    }));
    const actions: TransactAction[] = profiles.flatMap((profile): TransactAction[] => [
      {
        Put: {
          TableName: this.table.name,
          Item: { ...keys.profile(storeHash, profile.id), ...profile, entity: ENTITY.profile, store_hash: storeHash },
          ConditionExpression: ITEM_ABSENT,
        },
      },
      {
        Put: {
          TableName: this.table.name,
          Item: ownerMarkerItem(storeHash, ownerOfProfile(profile), profile.id),
          ConditionExpression: ITEM_ABSENT,
        },
      },
    ]);
    actions.push(adjustCount(this.table.name, profilesList(storeHash), profiles.length));
    try {
      await this.table.transact(actions);
    } catch (error) {
      if (error instanceof ConditionsFailed) throw await this.explainCreateConflict(storeHash, entries);
      throw error;
    }
    return profiles;
  }

  /**
   * Deletes the named profiles (all of the store's when `ids` is undefined) with their customer
   * markers and count, 49 to a transaction; returns the ids deleted. Each chunk goes in three
   * steps: its profiles are tombstoned (from then on no add can link them), `sweep` takes them out
   * of their segments while they still exist, then they are deleted. So no list ever shows a
   * membership of a profile that is gone. A delete stopped between the steps leaves tombstoned
   * profiles, still listed; sending it again finishes it.
   */
  async delete(storeHash: string, ids: string[] | undefined, sweep: (profileIds: string[]) => Promise<void>): Promise<string[]> {
    const deleted = new Set<string>();
    for (let attempt = 0; attempt < MAX_DELETE_ATTEMPTS; attempt++) {
      const profiles = ids
        ? [...(await this.getMany(storeHash, ids)).values()]
        : await this.table.queryAll<ShopperProfile>({
            partition: keys.profilesPartition(storeHash),
            sortKeyPrefix: SK_PREFIX.profile,
            projection: ['id', 'customer_id', 'guest_id'],
          });
      const remaining = profiles.filter((profile) => !deleted.has(profile.id));
      if (remaining.length === 0) break;
      try {
        for (const part of chunk(remaining, PROFILES_PER_DELETE)) {
          await this.tombstone(storeHash, part);
          await sweep(part.map((profile) => profile.id));
          await this.table.transact([
            ...part.flatMap((profile): TransactAction[] => [
              { Delete: { TableName: this.table.name, Key: keys.profile(storeHash, profile.id), ConditionExpression: ITEM_EXISTS } },
              deleteOwnerMarker(this.table.name, storeHash, profile),
            ]),
            adjustCount(this.table.name, profilesList(storeHash), -part.length),
          ]);
          for (const profile of part) deleted.add(profile.id);
        }
        if (ids) break;
      } catch (error) {
        // Another request deleted one of these first: read again and finish the rest.
        if (!(error instanceof ConditionsFailed)) throw error;
      }
    }
    return [...deleted];
  }

  /** Marks profiles as being deleted, in one transaction, on condition they still exist. */
  private async tombstone(storeHash: string, profiles: ShopperProfile[]): Promise<void> {
    const now = new Date().toISOString();
    await this.table.transact(
      profiles.map(
        (profile): TransactAction => ({
          Update: {
            TableName: this.table.name,
            Key: keys.profile(storeHash, profile.id),
            UpdateExpression: 'SET #deleting = if_not_exists(#deleting, :now)',
            ConditionExpression: ITEM_EXISTS,
            ExpressionAttributeNames: { '#deleting': 'deleting' },
            ExpressionAttributeValues: { ':now': now },
          },
        }),
      ),
    );
  }

  private async explainCreateConflict(storeHash: string, entries: ShopperProfileEntry[]): Promise<ConflictError> {
    const markers = await this.table.getMany<OwnerMarker>(entries.map((entry) => ownerMarkerKey(storeHash, ownerOfEntry(entry))));
    const taken = new Map(markers.map((marker) => [ownerLabel(ownerOfMarker(marker)), marker.profile_id]));
    const details: ErrorDetails = {};
    entries.forEach((entry, index) => {
      const label = ownerLabel(ownerOfEntry(entry));
      const profileId = taken.get(label);
      if (profileId) details[String(index)] = `${label} already has shopper profile \`${profileId}\`.`;
    });
    if (Object.keys(details).length === 0) details.request = 'Another request changed these profiles at the same time; retry.';
    return new ConflictError(CUSTOMER_TAKEN_TITLE, details, entries.length);
  }
}

function rejectRepeatedOwners(entries: ShopperProfileEntry[]): void {
  const details = repeatedEntries(
    entries.map((entry) => ownerLabel(ownerOfEntry(entry))),
    (label, first) => ['{index}', `${label} is also asked for by entry ${first}.`],
  );
  if (Object.keys(details).length > 0) throw new ConflictError(CUSTOMER_TAKEN_TITLE, details, entries.length);
}
