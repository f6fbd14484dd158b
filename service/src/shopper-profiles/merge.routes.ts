import type { CleanupScheduler } from '../cleanup/cleanup';
import type { components } from '../generated/openapi-types';
import type { OperationHandlers } from '../http/route';
import type { GuestMerges } from './merge';

type ShopperProfileMerge = components['schemas']['ShopperProfileMerge'];

/** POST /shopper-profiles/merge (an extension): a guest signed in or registered. */
export function mergeHandlers(merges: GuestMerges, cleanup: CleanupScheduler): OperationHandlers {
  return {
    MergeGuestShopperProfile: async ({ storeHash, body }) => {
      const { guest_id, customer_id } = body as ShopperProfileMerge;
      const outcome = await merges.merge(storeHash, guest_id, customer_id);
      // The second sweep, as after any profile delete, for an edge a racing add may have left.
      for (const profileId of outcome.deletedProfileIds) await cleanup.schedule({ kind: 'profile-deleted', storeHash, profileId });
      return { status: 200, body: { data: outcome.profile } };
    },
  };
}
