import type { TypedOperationHandlers } from '../http/operation-types';
import { pageBody } from '../http/pagination';
import type { OwnerFilter, ShopperProfilesRepository } from '../shopper-profiles/shopper-profiles.repository';
import type { ProfileDeletes } from '../workflows/profile-deletes';

/** GET, POST and DELETE /shopper-profiles. */
export function shopperProfilesHandlers(profiles: ShopperProfilesRepository, deletes: ProfileDeletes): TypedOperationHandlers {
  return {
    GetShopperList: async ({ storeHash, query }, reply) => {
      const filter: OwnerFilter = { customerIds: query['customer_id:in'], guestIds: query['guest_id:in'] };
      return reply(200, pageBody(await profiles.list(storeHash, query, filter), query));
    },
    ShopperProfilesRequest: async ({ storeHash, body }, reply) => reply(201, { data: await profiles.create(storeHash, body), meta: {} }),
    DeleteStoreShopperProfile: async ({ storeHash, query }, reply) => {
      await deletes.delete(storeHash, query['id:in']);
      return reply(204);
    },
  };
}
