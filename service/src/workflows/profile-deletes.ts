import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { SegmentsRepository } from '../segments/segments.repository';
import type { ShopperProfile, ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import { PROFILES_PER_DELETE } from '../shopper-profiles/shopper-profiles.repository';
import { deleteInChunks } from './chunked-delete';
import type { CleanupScheduler } from './cleanup';

/** Runs for each profile being deleted, after it is tombstoned and before it leaves its segments (a merge copies them here). */
export type BeforeLeaving = (profileId: string) => Promise<void>;

/**
 * Deleting shopper profiles, a workflow over profiles, memberships, segments and the cleanup. Its
 * work within the request is bounded by the store's segment limit, never by the store's size: what
 * grows with the store (the edges, and with no filter, the profiles) is removed by the cleanup
 * after the answer, hidden from every read from the moment the delete answers.
 *
 * Named profiles, a chunk of 49 at a time:
 * 1. tombstone them (from then on no add or removal of theirs can commit);
 * 2. read the segments each is in from its node (final now), and in each of those segments' headers
 *    hide them and drop the counts (one update a segment, whatever the number of edges);
 * 3. delete them with their owner markers and the store's count, in one transaction;
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
    const departed: { profileId: string; segmentIds: string[] }[] = [];
    const deleted = await deleteInChunks({
      read: () => this.profiles.readForDelete(storeHash, ids),
      everything: false,
      chunkSize: PROFILES_PER_DELETE,
      deleteChunk: async (part) => {
        await this.profiles.tombstone(storeHash, part);
        if (beforeLeaving) for (const profile of part) await beforeLeaving(profile.id);
        departed.push(...(await this.leaveSegments(storeHash, part)));
        await this.profiles.deleteAtOnce(storeHash, part);
      },
    });
    const wentNow = new Set(deleted);
    for (const { profileId, segmentIds } of departed) {
      if (wentNow.has(profileId)) await this.cleanup.schedule({ kind: 'profile-deleted', storeHash, profileId, segmentIds });
    }
    return deleted;
  }

  /** Hides tombstoned profiles from every segment they are in (their nodes say which); answers those segments. */
  private async leaveSegments(storeHash: string, part: ShopperProfile[]): Promise<{ profileId: string; segmentIds: string[] }[]> {
    const stored = await this.profiles.getManyStored(
      storeHash,
      part.map((profile) => profile.id),
    );
    const bySegment = new Map<string, string[]>();
    const left = stored.map((profile) => {
      const segmentIds = [...(profile.segment_ids ?? [])];
      for (const segmentId of segmentIds) bySegment.set(segmentId, [...(bySegment.get(segmentId) ?? []), profile.id]);
      return { profileId: profile.id, segmentIds };
    });
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
