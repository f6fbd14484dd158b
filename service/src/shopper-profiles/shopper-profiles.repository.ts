import { BatchConflict, Contended, type ErrorDetails } from '../errors';
import {
  adjustCount,
  countNewProfiles,
  deleteAllRunning,
  finishDeleteAll,
  type ListHeader,
  markDeleteAllRunning,
  type ProfilesDeletion,
  profilesDeletionOf,
  profilesList,
  recordDeleteAll,
} from '../items/list-header';
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
import { KEY } from '../store/schema';
import { ConditionsFailed, type Table, type TransactAction } from '../store/table';

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
    return (await this.getManyStored(storeHash, [id]))[0];
  }

  async getMany(storeHash: string, ids: readonly string[]): Promise<Map<string, ShopperProfile>> {
    const items = await this.getManyStored(storeHash, ids);
    return new Map(items.map((item) => [item.id, toShopperProfile(item)]));
  }

  /**
   * The profiles as stored (with their sets of segments), those that exist. Read with the store's
   * profiles header in the same request: a profile a delete of every profile removed is still
   * stored until the cleanup gets to it, and the header says it is gone.
   */
  async getManyStored(storeHash: string, ids: readonly string[]): Promise<ShopperProfileItem[]> {
    const { items, deletion } = await this.readWithHeader<ShopperProfileItem>(
      storeHash,
      ids.map((id) => profileKey(storeHash, id)),
    );
    return items.filter((item) => item[KEY.sort]?.startsWith(SK_PREFIX.profile) && !deletedBy(deletion, item.id));
  }

  /** What the store's profiles header says of deletes of every profile: one GetItem. */
  async deletion(storeHash: string): Promise<ProfilesDeletion> {
    return profilesDeletionOf(await this.table.get<ListHeader>(profilesList(storeHash).header));
  }

  /** Items of the profiles partition by key, and the header's word on deletes of every profile, in one BatchGetItem. */
  private async readWithHeader<T extends object>(
    storeHash: string,
    itemKeys: ReturnType<typeof profileKey>[],
  ): Promise<{ items: (T & { [KEY.sort]?: string })[]; deletion: ProfilesDeletion }> {
    const header = profilesList(storeHash).header;
    // In the same batch when it has room; beside it when the keys fill their batches (one request more, no more waiting).
    const headerFits = itemKeys.length % DYNAMODB_LIMITS.keysPerBatchGet !== 0;
    const [read, headerItem] = headerFits
      ? await this.table.getMany<T & { [KEY.sort]?: string }>([header, ...itemKeys]).then((all) => {
          const found = all.find((item) => item[KEY.sort] === header[KEY.sort]);
          return [all.filter((item) => item !== found), found] as const;
        })
      : await Promise.all([this.table.getMany<T & { [KEY.sort]?: string }>(itemKeys), this.table.get<ListHeader>(header)]);
    return { items: [...read], deletion: profilesDeletionOf(headerItem as ListHeader | undefined) };
  }

  /**
   * The profile ids of the given owners, those that have one: one BatchGetItem of their markers
   * (up to 100 owners a request) and the profiles header. The markers are read strongly
   * consistent, and a marker exists while its profile does (both are written and deleted in one
   * transaction); after a delete of every profile, until the cleanup removes it, a marker may
   * outlive its profile, and the header says so.
   */
  async profileIdsOfOwners(storeHash: string, owners: readonly Owner[]): Promise<string[]> {
    if (owners.length === 0) return [];
    const { items, deletion } = await this.readWithHeader<OwnerMarker>(
      storeHash,
      owners.map((owner) => ownerMarkerKey(storeHash, owner)),
    );
    return items.map((marker) => marker.profile_id).filter((id) => !deletedBy(deletion, id));
  }

  /** The id of a customer's profile, if it has one: one BatchGetItem (the marker and the header). */
  async profileIdOfCustomer(storeHash: string, customerId: number): Promise<string | undefined> {
    return (await this.profileIdsOfOwners(storeHash, [{ customerId }]))[0];
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
    // The markers were read with the profiles header: the ids are of profiles no delete of every profile removed.
    const profileIds = await this.profileIdsOfOwners(storeHash, owners);
    const items = await this.table.getMany<ShopperProfile>(profileIds.map((id) => profileKey(storeHash, id)));
    const profiles = items.map(toShopperProfile).sort((a, b) => a.id.localeCompare(b.id));
    return sliceToPage(profiles, request);
  }

  /**
   * Creates every entry or none. The owner's marker (customer or guest), written in the same
   * transaction on condition it does not exist, keeps the profile-to-owner relationship one-to-one.
   */
  async create(storeHash: string, entries: ShopperProfileEntry[]): Promise<ShopperProfile[]> {
    rejectRepeatedOwners(entries);
    // Markers are taken as free only once a delete of every profile is known to have left them.
    let deletedThrough: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const now = new Date();
      const profiles: ShopperProfile[] = entries.map((entry) => ({
        id: newId(),
        ...('guest_id' in entry ? { customer_id: GUEST_CUSTOMER_ID, guest_id: entry.guest_id } : { customer_id: entry.customer_id }),
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      }));
      const actions: TransactAction[] = profiles.flatMap((profile): TransactAction[] => [
        createProfile(this.table.name, storeHash, profile),
        claimOwner(this.table.name, storeHash, ownerOfProfile(profile), profile.id, deletedThrough),
      ]);
      actions.push(
        countNewProfiles(
          this.table.name,
          storeHash,
          profiles.map((profile) => profile.id),
          now,
        ),
      );
      try {
        await this.table.transact(actions);
        return profiles;
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        const retry = attempt < MAX_CREATE_ATTEMPTS ? await this.whyCreateRefused(storeHash, error, actions.length - 1, now) : undefined;
        if (retry === 'running') throw new Contended(error);
        if (retry === undefined) throw explainCreateConflict(entries, error);
        deletedThrough = retry.deletedThrough;
      }
    }
  }

  /**
   * Whether a refused create may go again: when the only markers in its way are those of profiles
   * a delete of every profile removed (the header says which), with that limit. 'running' when such
   * a delete is running now; undefined when an owner really has a profile.
   */
  private async whyCreateRefused(
    storeHash: string,
    refusal: ConditionsFailed,
    headerIndex: number,
    now: Date,
  ): Promise<{ deletedThrough: string | undefined } | 'running' | undefined> {
    const deletion = refusal.has(headerIndex) ? profilesDeletionOf(refusal.seen.get(headerIndex)) : await this.deletion(storeHash);
    if (deleteAllRunning(deletion, now)) return 'running';
    const blocking = refusal.failed.filter((index) => index !== headerIndex);
    const stale = blocking.every((index) => {
      const marker = decodeOwnerMarker(refusal.seen.get(index));
      return marker !== undefined && deletedBy(deletion, marker.profileId);
    });
    // A refused header with no running delete: ids made on a clock behind the delete's; new ones are.
    return stale ? { deletedThrough: deletion.through } : undefined;
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

  /** Marks a delete of every profile as running: creates are refused until it finishes. */
  async markDeleteAllRunning(storeHash: string): Promise<void> {
    await this.table.transact([markDeleteAllRunning(this.table.name, storeHash, new Date())]);
  }

  /**
   * Where a delete of every profile ends: the id of the last profile stored, or one made now if
   * that sorts later. Read once the delete is marked running, so no profile created after it can
   * sort past it.
   */
  async deleteAllLimit(storeHash: string): Promise<string> {
    const last = await this.table.queryLast<ShopperProfile>({
      partition: keys.profilesPartition(storeHash),
      sortKeyPrefix: SK_PREFIX.profile,
      projection: ['id'],
    });
    const now = newId();
    return last && last.id > now ? last.id : now;
  }

  /** Every profile up to `through` deleted at once: hidden, uncounted, and creates allowed again. */
  async finishDeleteAll(storeHash: string, through: string): Promise<void> {
    await this.table.transact([finishDeleteAll(this.table.name, storeHash, through), recordDeleteAll(this.table.name, storeHash, through)]);
  }

  /** The cleanup after a delete of every profile is done: its record goes. */
  async forgetDeleteAll(storeHash: string, through: string): Promise<void> {
    await this.table.deleteMany([keys.profilesDeletion(storeHash, through)]);
  }

  /**
   * The cleanup after a delete of every profile: the profiles up to `through` still stored, a page
   * at a time, with their owners and segments; `removeStored` then deletes each page.
   */
  async *storedThrough(storeHash: string, through: string, pageSize: number): AsyncGenerator<ShopperProfileItem[]> {
    const last = keys.profile(storeHash, through)[KEY.sort];
    for await (const page of this.table.queryPages<ShopperProfileItem & { [KEY.sort]: string }>(
      { partition: keys.profilesPartition(storeHash), sortKeyPrefix: SK_PREFIX.profile },
      pageSize,
    )) {
      const inRange = page.filter((item) => item[KEY.sort] <= last);
      if (inRange.length > 0) yield inRange;
      if (inRange.length < page.length) return;
    }
  }

  /**
   * Deletes profiles a delete of every profile removed, and their owners' markers where these
   * still name them (a profile created since may hold the marker now). Not atomic; safe to repeat.
   */
  async removeStored(storeHash: string, profiles: readonly ShopperProfileItem[]): Promise<void> {
    // A refused release is a marker that names another profile now: it stays.
    await this.table.writeEach(
      profiles.map((profile) => releaseOwner(this.table.name, storeHash, ownerOfProfile(profile), profile.id)),
      MARKER_RELEASES_IN_FLIGHT,
    );
    await this.table.deleteMany(profiles.map((profile) => profileKey(storeHash, profile.id)));
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

  /** The guest's marker, the customer's marker and any record of an earlier merge: one BatchGetItem (with the profiles header). */
  async readMergeParties(storeHash: string, guestId: string, customerId: number): Promise<MergeParties> {
    const { items, deletion } = await this.readWithHeader<Record<string, unknown>>(storeHash, [
      keys.guest(storeHash, guestId),
      keys.customer(storeHash, customerId),
      mergeRecordKey(storeHash, guestId),
    ]);
    const markers = items.map(decodeOwnerMarker).filter((marker) => marker && !deletedBy(deletion, marker.profileId));
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

const MAX_CREATE_ATTEMPTS = 3;
const MARKER_RELEASES_IN_FLIGHT = 25;

/** Whether a delete of every profile removed this one (it may still be stored until the cleanup). */
function deletedBy(deletion: ProfilesDeletion, profileId: string): boolean {
  return deletion.through !== undefined && profileId <= deletion.through;
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
