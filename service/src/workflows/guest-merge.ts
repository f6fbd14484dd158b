import { BatchConflict, NotFound } from '../errors';
import { isRemembered, type MergeRecord, newMergeRecord } from '../items/merge-record';
import { type ShopperProfile, toShopperProfile } from '../items/profile';
import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import { writeOptimistically } from '../store/optimistic';
import { ConditionsFailed, chunk } from '../store/table';
import type { ProfileDeletes } from './profile-deletes';

export { MERGE_MEMORY_SECONDS } from '../items/merge-record';

/** Reads and attempts after a concurrent request changed the guest or the customer under us. */
const MAX_MERGE_ATTEMPTS = 4;
/** Segments copied at once (each is one `memberships.add`: a BatchGetItem and a transaction). */
const COPY_CONCURRENCY = 8;

/** The customer's profile went while the guest's segments were being added to it: read again. */
class TargetProfileGone extends Error {}

/** Both markers named one profile: an adoption committed between the reads of the two (a BatchGetItem is not a snapshot). */
class ReadTorn extends Error {}

function guestNotFound(guestId: string): NotFound {
  return new NotFound('guest', 'Guest shopper profile not found.', { guest_id: `Guest \`${guestId}\` has no shopper profile.` });
}

/**
 * Merging a guest's shopper profile into a customer's when the guest signs in or registers, a
 * workflow over profiles, memberships and the profile delete:
 *
 * 1. read the guest's marker, the customer's and any record of an earlier merge (one request);
 * 2. no guest: a remembered merge of this guest into this customer answers again (finishing it);
 *    else 404;
 * 3. the customer has no profile (adopt): one transaction re-keys the guest's profile to the
 *    customer and records the merge; then the copies of the profile on its edges are refreshed;
 * 4. the customer has one (fold): the merge is recorded, then the guest's profile is deleted by the
 *    profile delete, which, while it is tombstoned and still exists, adds each of its segments to the
 *    customer's profile (through `memberships.add`, so the guards of an add hold) before its own
 *    edges go; no add can join it once tombstoned, so one copy is enough;
 * 5. the record is marked done and the customer's profile answered.
 *
 * Another request creating, deleting or merging one of the two meanwhile makes it read again.
 */
export class GuestMerge {
  constructor(
    private readonly profiles: ShopperProfilesRepository,
    private readonly memberships: MembershipsRepository,
    private readonly profileDeletes: ProfileDeletes,
  ) {}

  /** The customer's profile after the merge. */
  async merge(storeHash: string, guestId: string, customerId: number): Promise<ShopperProfile> {
    return writeOptimistically(
      {
        attempts: MAX_MERGE_ATTEMPTS,
        retryOn: (error) => error instanceof ConditionsFailed || error instanceof TargetProfileGone || error instanceof ReadTorn,
      },
      async () => {
        const { guestProfileId, customerProfileId, record } = await this.profiles.readMergeParties(storeHash, guestId, customerId);
        if (!guestProfileId) {
          // A BatchGetItem reads each item at its own instant: the record of a merge that removed
          // the guest marker may have been read just before that merge committed. It is written in
          // the same transaction, so reading it again now finds it.
          const done = record ?? (await this.profiles.getMergeRecord(storeHash, guestId));
          if (done && done.customer_id === customerId && isRemembered(done)) return this.finish(storeHash, done);
          throw guestNotFound(guestId);
        }
        if (customerProfileId === guestProfileId) throw new ReadTorn();
        if (!customerProfileId) {
          const adopted = newMergeRecord({ guestId, customerId, guestProfileId, profileId: guestProfileId, state: 'adopted' });
          await this.profiles.adopt(storeHash, adopted);
          return this.finish(storeHash, adopted);
        }
        const folding = newMergeRecord({ guestId, customerId, guestProfileId, profileId: customerProfileId, state: 'folding' });
        await this.profiles.putMergeRecord(storeHash, folding);
        await this.profileDeletes.delete(storeHash, [guestProfileId], (id) => this.copySegments(storeHash, id, customerProfileId));
        return this.finish(storeHash, folding);
      },
    );
  }

  /** Completes whatever a merge left to do (all of it idempotent) and answers the customer's profile. */
  private async finish(storeHash: string, record: MergeRecord): Promise<ShopperProfile> {
    if (record.state === 'adopted') await this.memberships.refreshCopiesOf(storeHash, record.profile_id);
    // A fold needs no second copy: its guest profile was tombstoned before the copy (no add could
    // join it after), and by the time a fold's record is finished the guest profile is gone.
    if (record.state !== 'done') await this.profiles.putMergeRecord(storeHash, { ...record, state: 'done' });
    const profile = await this.profiles.get(storeHash, record.profile_id);
    if (!profile) {
      throw new NotFound('customer-profile', 'Shopper profile not found.', {
        customer_id: `Customer ${record.customer_id} has no shopper profile any more.`,
      });
    }
    return toShopperProfile(profile);
  }

  /**
   * Adds the customer's profile to every segment the guest's profile is in and the customer's is
   * not, one `memberships.add` a segment. A segment deleted meanwhile is skipped; so is one the
   * customer joined meanwhile. The customer's profile can be in at most every segment of the store
   * (1000), so the union never passes the per-profile limit.
   */
  private async copySegments(storeHash: string, fromProfileId: string, toProfileId: string): Promise<void> {
    const [from, to] = await Promise.all([
      this.memberships.segmentIdsOfLiveProfile(storeHash, fromProfileId),
      this.memberships.segmentIdsOfLiveProfile(storeHash, toProfileId),
    ]);
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
      if (error instanceof BatchConflict) return; // already a member
      if (error instanceof NotFound && error.subject === 'segment') return; // the segment went
      if (error instanceof NotFound) throw new TargetProfileGone();
      throw error;
    }
  }
}
