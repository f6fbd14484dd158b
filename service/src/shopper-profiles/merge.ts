import { ConflictError, NotFoundError, ServiceUnavailableError } from '../errors';
import { DYNAMODB_LIMITS } from '../limits';
import type { MembershipsRepository } from '../memberships/memberships.repository';
import { keys } from '../store/keys';
import { KEY, TTL_ATTRIBUTE } from '../store/schema';
import { ConditionsFailed, chunk, ITEM_ABSENT, ITEM_EXISTS, type Item, type Table, type TransactAction } from '../store/table';
import { type OwnerMarker, ownerMarkerItem } from './owners';
import { type ShopperProfile, type ShopperProfilesRepository, segmentIdsOf, toShopperProfile } from './shopper-profiles.repository';

/**
 * How long a completed merge is remembered, so that the same merge sent again answers the same
 * profile: a day, ample for a client's retries. The item carries DynamoDB's time to live, and a
 * record past it is ignored even before DynamoDB removes it.
 */
export const MERGE_MEMORY_SECONDS = 24 * 3600;

/** Reads and attempts after a concurrent request changed the guest or the customer under us. */
const MAX_MERGE_ATTEMPTS = 4;
/** Segments copied at once (each is one `memberships.add`: a BatchGetItem and a transaction). */
const COPY_CONCURRENCY = 8;

/**
 * Where a merge stands: `adopted` (the guest's profile is the customer's, its membership copies
 * may still name the guest), `folding` (the guest's segments are being added to the customer's
 * profile and the guest's profile deleted), `done`.
 */
type MergeState = 'adopted' | 'folding' | 'done';

interface MergeRecord {
  guest_id: string;
  customer_id: number;
  /** The guest's profile when the merge began. */
  guest_profile_id: string;
  /** The customer's profile afterwards. */
  profile_id: string;
  state: MergeState;
  [TTL_ATTRIBUTE]: number;
}

export interface MergeOutcome {
  /** The customer's profile after the merge. */
  profile: ShopperProfile;
  /** Profiles the merge deleted (the guest's, when the customer had a profile): their cleanup is the caller's to schedule. */
  deletedProfileIds: string[];
}

/** The customer's profile went while the guest's segments were being added to it: read again. */
class TargetProfileGone extends Error {}

function guestNotFound(guestId: string): NotFoundError {
  return new NotFoundError('Guest shopper profile not found.', { guest_id: `Guest \`${guestId}\` has no shopper profile.` });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function mergeRecord(merge: {
  guestId: string;
  customerId: number;
  guestProfileId: string;
  profileId: string;
  state: MergeState;
}): MergeRecord {
  return {
    guest_id: merge.guestId,
    customer_id: merge.customerId,
    guest_profile_id: merge.guestProfileId,
    profile_id: merge.profileId,
    state: merge.state,
    [TTL_ATTRIBUTE]: nowSeconds() + MERGE_MEMORY_SECONDS,
  };
}

/**
 * Merges a guest's shopper profile into a customer's when the guest signs in or registers.
 *
 * - The customer has no profile: one transaction re-keys the guest's profile to the customer
 *   (`customer_id` set, `guest_id` removed, the guest marker swapped for a customer marker that must
 *   not exist yet), then the copies of the profile on its membership edges are brought up to date.
 * - The customer has one: the guest's profile is deleted through the profiles repository, and
 *   while it is tombstoned and still exists (its sweep step) every segment of it is added to the
 *   customer's profile through the memberships repository, before its own edges are removed; no
 *   add can join the guest's profile once it is tombstoned, so one copy is enough. So the guards
 *   of those two paths (conditions on the segment, the profile and the counts) hold for merges too.
 *
 * A record of the merge (`MERGED#<guest_id>`, kept `MERGE_MEMORY_SECONDS`) lets a retry answer
 * the same profile, and finish a merge that failed part-way.
 */
export class GuestMerges {
  constructor(
    private readonly table: Table,
    private readonly profiles: ShopperProfilesRepository,
    private readonly memberships: MembershipsRepository,
  ) {}

  async merge(storeHash: string, guestId: string, customerId: number): Promise<MergeOutcome> {
    for (let attempt = 1; attempt <= MAX_MERGE_ATTEMPTS; attempt++) {
      const { guest, customer, record } = await this.readParties(storeHash, guestId, customerId);
      try {
        if (!guest) {
          // A BatchGetItem reads each item at its own instant: the record of a merge that removed
          // the guest marker may have been read just before that merge committed. It is written in
          // the same transaction, so reading it again now finds it.
          const done = record ?? (await this.table.get<MergeRecord>(keys.guestMerge(storeHash, guestId)));
          if (done && done.customer_id === customerId && done[TTL_ATTRIBUTE] > nowSeconds()) return await this.finish(storeHash, done);
          throw guestNotFound(guestId);
        }
        // Both markers naming one profile: an adoption committed between the reads of the two
        // (a BatchGetItem is not a snapshot). Folding now would delete the customer's profile.
        if (customer?.profile_id === guest.profile_id) continue;
        if (!customer) return await this.adopt(storeHash, guestId, guest.profile_id, customerId);
        return await this.fold(storeHash, guestId, guest.profile_id, customer.profile_id, customerId);
      } catch (error) {
        // Another request created, deleted or merged one of the two meanwhile: read them again.
        if (!(error instanceof ConditionsFailed || error instanceof TargetProfileGone)) throw error;
      }
    }
    throw new ServiceUnavailableError(1);
  }

  /** The guest's marker, the customer's marker and any record of an earlier merge: one BatchGetItem. */
  private async readParties(storeHash: string, guestId: string, customerId: number) {
    const wanted = {
      guest: keys.guest(storeHash, guestId),
      customer: keys.customer(storeHash, customerId),
      record: keys.guestMerge(storeHash, guestId),
    };
    const items = await this.table.getMany<Item>(Object.values(wanted));
    const find = (key: (typeof wanted)[keyof typeof wanted]) => items.find((item) => item[KEY.sort] === key[KEY.sort]);
    return {
      guest: find(wanted.guest) as OwnerMarker | undefined,
      customer: find(wanted.customer) as OwnerMarker | undefined,
      record: find(wanted.record) as MergeRecord | undefined,
    };
  }

  /** The customer has no profile: the guest's becomes it, in one transaction. */
  private async adopt(storeHash: string, guestId: string, profileId: string, customerId: number): Promise<MergeOutcome> {
    const now = new Date().toISOString();
    const record = mergeRecord({ guestId, customerId, guestProfileId: profileId, profileId, state: 'adopted' });
    await this.table.transact([
      {
        Update: {
          TableName: this.table.name,
          Key: keys.profile(storeHash, profileId),
          UpdateExpression: 'SET customer_id = :customer, updated_at = :now REMOVE guest_id',
          ConditionExpression: 'guest_id = :guest',
          ExpressionAttributeValues: { ':customer': customerId, ':now': now, ':guest': guestId },
        },
      },
      {
        Put: { TableName: this.table.name, Item: ownerMarkerItem(storeHash, { customerId }, profileId), ConditionExpression: ITEM_ABSENT },
      },
      {
        Delete: {
          TableName: this.table.name,
          Key: keys.guest(storeHash, guestId),
          ConditionExpression: 'profile_id = :profile',
          ExpressionAttributeValues: { ':profile': profileId },
        },
      },
      this.putRecord(storeHash, record),
    ]);
    return this.finish(storeHash, record);
  }

  /** The customer has a profile: the guest's segments are added to it, then the guest's profile is deleted. */
  private async fold(
    storeHash: string,
    guestId: string,
    guestProfileId: string,
    profileId: string,
    customerId: number,
  ): Promise<MergeOutcome> {
    const record = mergeRecord({ guestId, customerId, guestProfileId, profileId, state: 'folding' });
    await this.table.transact([this.putRecord(storeHash, record)]);
    const deleted = await this.profiles.delete(storeHash, [guestProfileId], async (ids) => {
      for (const id of ids) {
        await this.copySegments(storeHash, id, profileId);
        await this.memberships.removeAllOfProfile(storeHash, id);
      }
    });
    return { ...(await this.finish(storeHash, record)), deletedProfileIds: deleted };
  }

  /** Completes whatever a merge left to do (all of it idempotent) and answers the customer's profile. */
  private async finish(storeHash: string, record: MergeRecord): Promise<MergeOutcome> {
    if (record.state === 'adopted') await this.refreshEdgeCopies(storeHash, record.profile_id);
    // A fold needs no second copy: its guest profile was tombstoned before the copy (no add could
    // join it after), and by the time a fold's record is finished the guest profile is gone.
    if (record.state !== 'done') await this.table.transact([this.putRecord(storeHash, { ...record, state: 'done' })]);
    const profile = await this.profiles.get(storeHash, record.profile_id);
    if (!profile)
      throw new NotFoundError('Shopper profile not found.', {
        customer_id: `Customer ${record.customer_id} has no shopper profile any more.`,
      });
    return { profile: toShopperProfile(profile), deletedProfileIds: [] };
  }

  /**
   * Adds the customer's profile to every segment the guest's profile is in and the customer's is
   * not, one `memberships.add` a segment. A segment deleted meanwhile is skipped; so is one the
   * customer joined meanwhile. The customer's profile can be in at most every segment of the store
   * (1000), so the union never passes the per-profile limit.
   */
  private async copySegments(storeHash: string, fromProfileId: string, toProfileId: string): Promise<void> {
    const [from, to] = await Promise.all([this.segmentIdsOf(storeHash, fromProfileId), this.segmentIdsOf(storeHash, toProfileId)]);
    const had = new Set(to);
    const missing = from.filter((segmentId) => !had.has(segmentId));
    for (const part of chunk(missing, COPY_CONCURRENCY)) {
      await Promise.all(part.map((segmentId) => this.addTo(storeHash, segmentId, toProfileId)));
    }
  }

  private async addTo(storeHash: string, segmentId: string, profileId: string): Promise<void> {
    try {
      await this.memberships.add(storeHash, segmentId, [profileId]);
    } catch (error) {
      if (error instanceof ConflictError) return; // already a member
      if (error instanceof NotFoundError && 'segmentId' in error.details) return; // the segment went
      if (error instanceof NotFoundError) throw new TargetProfileGone();
      throw error;
    }
  }

  /**
   * A re-keyed profile's edges carry a copy of it (so a segment's member list is one query): they
   * are rewritten to the customer, 100 to a transaction, each on condition it still exists.
   */
  private async refreshEdgeCopies(storeHash: string, profileId: string): Promise<void> {
    const profile = await this.profiles.get(storeHash, profileId);
    if (!profile) return;
    const update = (segmentId: string): TransactAction => ({
      Update: {
        TableName: this.table.name,
        Key: keys.membership(storeHash, segmentId, profileId),
        UpdateExpression: 'SET customer_id = :customer, updated_at = :updated REMOVE guest_id',
        ConditionExpression: ITEM_EXISTS,
        ExpressionAttributeValues: { ':customer': profile.customer_id, ':updated': profile.updated_at },
      },
    });
    for (const part of chunk(await this.segmentIdsOf(storeHash, profileId), DYNAMODB_LIMITS.actionsPerTransaction)) {
      try {
        await this.table.transact(part.map(update));
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        // An edge was removed meanwhile: the rest one at a time, the missing ones left missing.
        for (const segmentId of part) {
          await this.table.transact([update(segmentId)]).catch((failure: unknown) => {
            if (!(failure instanceof ConditionsFailed)) throw failure;
          });
        }
      }
    }
  }

  /** The segments a profile has edges to, from its own set (read strongly); none once it is gone. */
  private async segmentIdsOf(storeHash: string, profileId: string): Promise<string[]> {
    const profile = await this.profiles.get(storeHash, profileId);
    return profile ? segmentIdsOf(profile) : [];
  }

  private putRecord(storeHash: string, record: MergeRecord): TransactAction {
    return { Put: { TableName: this.table.name, Item: { ...keys.guestMerge(storeHash, record.guest_id), ...record } } };
  }
}
