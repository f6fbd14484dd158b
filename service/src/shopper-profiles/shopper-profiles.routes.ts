import type { CleanupScheduler } from '../cleanup/cleanup';
import type { TypedOperationHandlers } from '../http/operation-types';
import { paginationMeta } from '../http/pagination';
import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { OwnerFilter, ShopperProfilesRepository } from './shopper-profiles.repository';

/** Profiles whose memberships are removed at once, before they are deleted. */
const SWEEP_CONCURRENCY = 8;

/** GET, POST and DELETE /shopper-profiles. */
export function shopperProfilesHandlers(
  profiles: ShopperProfilesRepository,
  memberships: MembershipsRepository,
  cleanup: CleanupScheduler,
): TypedOperationHandlers {
  return {
    GetShopperList: async ({ storeHash, query }, reply) => {
      const filter: OwnerFilter = { customerIds: query['customer_id:in'], guestIds: query['guest_id:in'] };
      const page = await profiles.list(storeHash, query, filter);
      return reply(200, { data: page.items, meta: { pagination: paginationMeta(page, query) } });
    },
    ShopperProfilesRequest: async ({ storeHash, body }, reply) => {
      const created = await profiles.create(storeHash, body);
      return reply(201, { data: created, meta: {} });
    },
    DeleteStoreShopperProfile: async ({ storeHash, query }, reply) => {
      // A profile leaves every segment before it is deleted (a profile is in at most 1000), so no
      // list shows a membership of a deleted profile and every segment's count stays exact.
      const deleted = await profiles.delete(storeHash, query['id:in'], async (profileIds) => {
        for (let i = 0; i < profileIds.length; i += SWEEP_CONCURRENCY) {
          await Promise.all(profileIds.slice(i, i + SWEEP_CONCURRENCY).map((id) => memberships.removeAllOfProfile(storeHash, id)));
        }
      });
      for (const profileId of deleted) await cleanup.schedule({ kind: 'profile-deleted', storeHash, profileId });
      return reply(204);
    },
  };
}
