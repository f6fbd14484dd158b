import { BatchConflict, type ErrorDetails } from '../errors';
import { adjustCount, type ListHeader, profilesList } from '../items/list-header';
import { decodeMergeRecord, type MergeRecord, mergeRecordKey, putMergeRecord } from '../items/merge-record';
import {
  claimOwner,
  decodeOwnerMarker,
  GUEST_CUSTOMER_ID,
  type Owner,
  type OwnerMarker,
  ownerLabel,
  ownerMarkerKey,
  ownerOfEntry,
  ownerOfProfile,
  releaseOwner,
  type ShopperProfileEntry,
} from '../items/owner-marker';
import {
  adoptProfile,
  createProfile,
  deleteProfile,
  profileKey,
  type ShopperProfile,
  type ShopperProfileItem,
  tombstoneProfile,
  toShopperProfile,
} from '../items/profile';
import { DYNAMODB_LIMITS } from '../limits';
import { repeatedEntries } from '../repeats';
import { newId } from '../store/ids';
import { keys, SK_PREFIX } from '../store/keys';
import { type Page, type PageRequest, sliceToPage } from '../store/page';
import { PageReader } from '../store/pages';
import type { ConditionsFailed, Table, TransactAction } from '../store/table';

export type { ShopperProfileEntry } from '../items/owner-marker';
export type { ShopperProfile, ShopperProfileItem } from '../items/profile';

export const CUSTOMER_TAKEN_TITLE = 'A customer can have only one shopper profile.';
/** Two actions a profile (node, owner marker) plus the store's count. */
export const PROFILES_PER_DELETE = Math.floor((DYNAMODB_LIMITS.actionsPerTransaction - 1) / 2);

/** The customers and guests a list asks for (`customer_id:in`, `guest_id:in`). */
export interface OwnerFilter {
  customerIds?: readonly number[];
  guestIds?: readonly string[];
}

/** What a merge reads first, in one request: the guest's marker, the customer's, and any record of an earlier merge. */
export interface MergeParties {
  guestProfileId: string | undefined;
  customerProfileId: string | undefined;
  record: MergeRecord | undefined;
}

/** Data access for shopper profile nodes, their owner markers, the store's profile count and merge records. */
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
    return this.table.get<ShopperProfileItem>(profileKey(storeHash, id));
  }

  async getMany(storeHash: string, ids: readonly string[]): Promise<Map<string, ShopperProfile>> {
    const items = await this.table.getMany<ShopperProfile>(ids.map((id) => profileKey(storeHash, id)));
    return new Map(items.map((item) => [item.id, toShopperProfile(item)]));
  }

  /** The profiles as stored (with their sets of segments), for audits. */
  async getManyStored(storeHash: string, ids: readonly string[]): Promise<ShopperProfileItem[]> {
    return this.table.getMany<ShopperProfileItem>(ids.map((id) => profileKey(storeHash, id)));
  }

  /**
   * The profile ids of the given owners, those that have one: one BatchGetItem of their markers
   * (up to 100 owners a request). The markers are read strongly consistent, and a marker exists
   * exactly while its profile does (both are written and deleted in one transaction).
   */
  async profileIdsOfOwners(storeHash: string, owners: readonly Owner[]): Promise<string[]> {
    if (owners.length === 0) return [];
    const markers = await this.table.getMany<OwnerMarker>(owners.map((owner) => ownerMarkerKey(storeHash, owner)));
    return markers.map((marker) => marker.profile_id);
  }

  /** The id of a customer's profile, if it has one: one GetItem. */
  async profileIdOfCustomer(storeHash: string, customerId: number): Promise<string | undefined> {
    return (await this.table.get<OwnerMarker>(keys.customer(storeHash, customerId)))?.profile_id;
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
    const profileIds = await this.profileIdsOfOwners(storeHash, owners);
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
      createProfile(this.table.name, storeHash, profile),
      claimOwner(this.table.name, storeHash, ownerOfProfile(profile), profile.id),
    ]);
    actions.push(adjustCount(this.table.name, profilesList(storeHash), profiles.length));
    await this.table.transactOrExplain(actions, (refusal) => explainCreateConflict(entries, refusal));
    return profiles;
  }

  /** The named profiles (all of the store's when `ids` is undefined), with what a delete needs of them. */
  async readForDelete(storeHash: string, ids: string[] | undefined): Promise<ShopperProfile[]> {
    return ids
      ? [...(await this.getMany(storeHash, ids)).values()]
      : this.table.queryAll<ShopperProfile>({
          partition: keys.profilesPartition(storeHash),
          sortKeyPrefix: SK_PREFIX.profile,
          projection: ['id', 'customer_id', 'guest_id'],
        });
  }

  /** Marks profiles as being deleted, in one transaction, on condition they still exist: from then on no add can link them. */
  async tombstone(storeHash: string, profiles: readonly ShopperProfile[]): Promise<void> {
    const now = new Date().toISOString();
    await this.table.transact(profiles.map((profile) => tombstoneProfile(this.table.name, storeHash, profile.id, now)));
  }

  /**
   * Deletes profiles (at most `PROFILES_PER_DELETE`) with their owner markers and the store's
   * count, in one transaction: refused (ConditionsFailed) if one went, or changed owner, since it was read.
   */
  async deleteAtOnce(storeHash: string, profiles: readonly ShopperProfile[]): Promise<void> {
    await this.table.transact([
      ...profiles.flatMap((profile): TransactAction[] => [
        deleteProfile(this.table.name, storeHash, profile.id),
        releaseOwner(this.table.name, storeHash, ownerOfProfile(profile), profile.id),
      ]),
      adjustCount(this.table.name, profilesList(storeHash), -profiles.length),
    ]);
  }

  /** The guest's marker, the customer's marker and any record of an earlier merge: one BatchGetItem. */
  async readMergeParties(storeHash: string, guestId: string, customerId: number): Promise<MergeParties> {
    const items = await this.table.getMany<Record<string, unknown>>([
      keys.guest(storeHash, guestId),
      keys.customer(storeHash, customerId),
      mergeRecordKey(storeHash, guestId),
    ]);
    const markers = items.map(decodeOwnerMarker);
    return {
      guestProfileId: markers.find((marker) => marker?.kind === 'guest-marker')?.profileId,
      customerProfileId: markers.find((marker) => marker?.kind === 'customer-marker')?.profileId,
      record: items.map(decodeMergeRecord).find((record) => record !== undefined),
    };
  }

  async getMergeRecord(storeHash: string, guestId: string): Promise<MergeRecord | undefined> {
    return decodeMergeRecord(await this.table.get<Record<string, unknown>>(mergeRecordKey(storeHash, guestId)));
  }

  async putMergeRecord(storeHash: string, record: MergeRecord): Promise<void> {
    await this.table.transact([putMergeRecord(this.table.name, storeHash, record)]);
  }

  /**
   * A merge's adoption, in one transaction: the guest's profile re-keyed to the customer, the guest
   * marker swapped for a customer marker that must not exist yet, and the merge's record.
   */
  async adopt(storeHash: string, record: MergeRecord): Promise<void> {
    const now = new Date().toISOString();
    await this.table.transact([
      adoptProfile(this.table.name, storeHash, record.profile_id, record.guest_id, record.customer_id, now),
      claimOwner(this.table.name, storeHash, { customerId: record.customer_id }, record.profile_id),
      releaseOwner(this.table.name, storeHash, { guestId: record.guest_id }, record.profile_id),
      putMergeRecord(this.table.name, storeHash, record),
    ]);
  }
}

/** Which owners already have a profile, from what the refused marker claims saw. */
function explainCreateConflict(entries: ShopperProfileEntry[], refusal: ConditionsFailed): BatchConflict {
  const details: ErrorDetails = {};
  entries.forEach((entry, index) => {
    const marker = decodeOwnerMarker(refusal.seen.get(2 * index + 1));
    if (marker) details[String(index)] = `${ownerLabel(ownerOfEntry(entry))} already has shopper profile \`${marker.profileId}\`.`;
  });
  if (Object.keys(details).length === 0) details.request = 'Another request changed these profiles at the same time; retry.';
  return new BatchConflict(CUSTOMER_TAKEN_TITLE, details, entries.length);
}

function rejectRepeatedOwners(entries: ShopperProfileEntry[]): void {
  const details = repeatedEntries(
    entries.map((entry) => ownerLabel(ownerOfEntry(entry))),
    (label, first) => ['{index}', `${label} is also asked for by entry ${first}.`],
  );
  if (Object.keys(details).length > 0) throw new BatchConflict(CUSTOMER_TAKEN_TITLE, details, entries.length);
}
