import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { SegmentsRepository } from '../segments/segments.repository';
import type { ShopperProfile, ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import { PROFILES_PER_DELETE } from '../shopper-profiles/shopper-profiles.repository';
import { chunk } from '../store/table';
import { deleteInChunks } from './chunked-delete';
import type { CleanupScheduler } from './cleanup';

/** Profiles tombstoned in one transaction (an update each). */
const TOMBSTONES_PER_TRANSACTION = 100;

/** Runs for each profile being deleted, after it is tombstoned and before it leaves its segments (a merge copies them here). */
export type BeforeLeaving = (profileId: string) => Promise<void>;

/**
 * Deleting shopper profiles, a workflow over profiles, memberships, segments and the cleanup. Its
 * work within the request is bounded by the store's segment limit, never by the store's size: what
 * grows with the store (the edges, and with no filter, the profiles) is removed by the cleanup
 * after the answer, hidden from every read from the moment the delete answers.
 *
 * Named profiles (at most 100):
 * 1. tombstone them (from then on no add or removal of theirs can commit);
 * 2. read the segments each is in from its node (final now), and in each of those segments' header
 *    hide them and drop the counts: one update a segment, whatever the number of profiles and edges;
 * 3. delete them with their owner markers and the store's count, 49 to a transaction;
 * 4. schedule the cleanup of their edges, which then stop being hidden.
 *
 * All of them (no filter):
 * 1. mark a delete of everything as running on the profiles header: profile and segment creates
 *    are refused (503) until it ends;
 * 2. take as its limit the last profile id stored (or a new id, if later): every profile is at most that;
 * 3. in every segment's header, hide the members up to the limit (counts start again from zero);
 * 4. on the profiles header, hide the profiles up to the limit, count zero, running mark gone;
 * 5. schedule the cleanup of the profiles, their markers and their edges.
 *
 * Segments stop listing a profile before the profile list does, so no read shows a membership
 * whose profile is gone. A delete stopped part-way is finished by sending it again.
 */
export class ProfileDeletes {
  constructor(
    private readonly profiles: ShopperProfilesRepository,
    private readonly memberships: MembershipsRepository,
    private readonly segments: SegmentsRepository,
    private readonly cleanup: CleanupScheduler,
  ) {}

  /** Deletes the named profiles (all of the store's when `ids` is undefined); returns the ids deleted (none listed for all). */
  async delete(storeHash: string, ids: string[] | undefined, beforeLeaving?: BeforeLeaving): Promise<string[]> {
    if (ids === undefined) {
      await this.deleteAll(storeHash);
      return [];
    }
    const profiles = await this.profiles.readForDelete(storeHash, ids);
    if (profiles.length === 0) return [];
    await Promise.all(chunk(profiles, TOMBSTONES_PER_TRANSACTION).map((part) => this.profiles.tombstone(storeHash, part)));
    if (beforeLeaving) for (const profile of profiles) await beforeLeaving(profile.id);
    // All of them at once: one update of each segment's header, whatever the number of profiles.
    const departed = await this.leaveSegments(storeHash, profiles);
    let reads = 0;
    const deleted = await deleteInChunks({
      // As read, then (after a refusal) those still stored: another request deleting one of them first leaves the rest to this one.
      read: async () =>
        reads++ === 0 ? profiles : (await this.profiles.readForDelete(storeHash, ids)).filter((profile) => departed.has(profile.id)),
      everything: false,
      chunkSize: PROFILES_PER_DELETE,
      deleteChunk: (part) => this.profiles.deleteAtOnce(storeHash, part),
    });
    const departures = deleted.map((profileId) => ({ profileId, segmentIds: departed.get(profileId) ?? [] }));
    if (departures.length > 0) await this.cleanup.schedule({ kind: 'profiles-deleted', storeHash, departures });
    return deleted;
  }

  /** Hides tombstoned profiles from every segment they are in (their nodes say which); answers each one's segments. */
  private async leaveSegments(storeHash: string, profiles: ShopperProfile[]): Promise<Map<string, string[]>> {
    const stored = await this.profiles.getManyStored(
      storeHash,
      profiles.map((profile) => profile.id),
    );
    const bySegment = new Map<string, string[]>();
    const left = new Map<string, string[]>();
    for (const profile of stored) {
      const segmentIds = [...(profile.segment_ids ?? [])];
      for (const segmentId of segmentIds) bySegment.set(segmentId, [...(bySegment.get(segmentId) ?? []), profile.id]);
      left.set(profile.id, segmentIds);
    }
    await this.memberships.hideDeparted(storeHash, bySegment);
    return left;
  }

  private async deleteAll(storeHash: string): Promise<void> {
    await this.profiles.markDeleteAllRunning(storeHash);
    const through = await this.profiles.deleteAllLimit(storeHash);
    const segmentIds = (await this.segments.readForDelete(storeHash, undefined)).map((segment) => segment.id);
    await this.memberships.hideThrough(storeHash, segmentIds, through);
    await this.profiles.finishDeleteAll(storeHash, through);
    await this.cleanup.schedule({ kind: 'profiles-deleted-through', storeHash, through });
  }
}
