import type { TypedOperationHandlers } from '../http/operation-types';
import type { GuestMerge } from '../workflows/guest-merge';

/** POST /shopper-profiles/merge (an extension): a guest signed in or registered. */
export function mergeHandlers(merges: GuestMerge): TypedOperationHandlers {
  return {
    MergeGuestShopperProfile: async ({ storeHash, body }, reply) => {
      const profile = await merges.merge(storeHash, body.guest_id, body.customer_id);
      return reply(200, { data: profile });
    },
  };
}
