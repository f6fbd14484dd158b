import type { TypedOperationHandlers } from '../http/operation-types';
import { paginationMeta } from '../http/pagination';
import type { OwnerFilter, ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import type { ProfileDeletes } from '../workflows/profile-deletes';

/** GET, POST and DELETE /shopper-profiles. */
export function shopperProfilesHandlers(profiles: ShopperProfilesRepository, deletes: ProfileDeletes): TypedOperationHandlers {
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
      await deletes.delete(storeHash, query['id:in']);
      return reply(204);
    },
  };
}
