import type { CleanupScheduler } from '../cleanup/cleanup';
import type { TypedOperationHandlers } from '../http/operation-types';
import type { GuestMerges } from './merge';

/** POST /shopper-profiles/merge (an extension): a guest signed in or registered. */
export function mergeHandlers(merges: GuestMerges, cleanup: CleanupScheduler): TypedOperationHandlers {
  return {
    MergeGuestShopperProfile: async ({ storeHash, body }, reply) => {
      const outcome = await merges.merge(storeHash, body.guest_id, body.customer_id);
      // The stray-edge sweep, as after any profile delete.
      for (const profileId of outcome.deletedProfileIds) await cleanup.schedule({ kind: 'profile-deleted', storeHash, profileId });
      return reply(200, { data: outcome.profile });
    },
  };
}
