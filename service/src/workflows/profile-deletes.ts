import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { ShopperProfile, ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import { PROFILES_PER_DELETE } from '../shopper-profiles/shopper-profiles.repository';
import { chunk } from '../store/table';
import { deleteInChunks } from './chunked-delete';
import type { CleanupScheduler } from './cleanup';

/** Profiles whose memberships are removed at once, before they are deleted. */
const SWEEP_CONCURRENCY = 8;

/** Runs for each profile being deleted, after it is tombstoned and before it leaves its segments (a merge copies them here). */
export type BeforeLeaving = (profileId: string) => Promise<void>;

/**
 * Deleting shopper profiles, a workflow over profiles, memberships and the cleanup:
 *
 * 1. read the profiles (the named ones, or all of the store's);
 * 2. for each chunk of 49: tombstone them (from then on no add can link them), sweep them out of
 *    every segment while they still exist (each segment's count dropping with its edge), then
 *    delete them with their owner markers and the store's count, in one transaction;
 * 3. schedule the cleanup of each deleted profile (a second sweep, for an edge a racing add wrote).
 *
 * So no list ever shows a membership of a profile that is gone. A chunk refused because another
 * request deleted one of its profiles first is read again and finished. A delete stopped between
 * the steps leaves tombstoned profiles, still listed; sending it again finishes it.
 */
export class ProfileDeletes {
  constructor(
    private readonly profiles: ShopperProfilesRepository,
    private readonly memberships: MembershipsRepository,
    private readonly cleanup: CleanupScheduler,
  ) {}

  /** Deletes the named profiles (all of the store's when `ids` is undefined); returns the ids deleted. */
  async delete(storeHash: string, ids: string[] | undefined, beforeLeaving?: BeforeLeaving): Promise<string[]> {
    const deleted = await deleteInChunks({
      read: () => this.profiles.readForDelete(storeHash, ids),
      everything: ids === undefined,
      chunkSize: PROFILES_PER_DELETE,
      deleteChunk: async (part) => {
        await this.profiles.tombstone(storeHash, part);
        await this.sweep(storeHash, part, beforeLeaving);
        await this.profiles.deleteAtOnce(storeHash, part);
      },
    });
    for (const profileId of deleted) await this.cleanup.schedule({ kind: 'profile-deleted', storeHash, profileId });
    return deleted;
  }

  /**
   * Takes tombstoned profiles out of every segment (a profile is in at most 1000), a few at once,
   * so every segment's count stays exact.
   */
  private async sweep(storeHash: string, profiles: ShopperProfile[], beforeLeaving: BeforeLeaving | undefined): Promise<void> {
    if (beforeLeaving) {
      for (const profile of profiles) {
        await beforeLeaving(profile.id);
        await this.memberships.removeAllOfProfile(storeHash, profile.id);
      }
      return;
    }
    for (const part of chunk(profiles, SWEEP_CONCURRENCY)) {
      await Promise.all(part.map((profile) => this.memberships.removeAllOfProfile(storeHash, profile.id)));
    }
  }
}
