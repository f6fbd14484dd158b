import { type PageRequest, paginationMeta } from '../http/pagination';
import type { OperationHandlers } from '../http/route';
import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { ShopperProfilePost, ShopperProfilesRepository } from './shopper-profiles.repository';

/** GET, POST and DELETE /shopper-profiles. */
export function shopperProfilesHandlers(profiles: ShopperProfilesRepository, memberships: MembershipsRepository): OperationHandlers {
  return {
    GetShopperList: async ({ storeHash, query }) => {
      const request = query as unknown as PageRequest;
      const page = await profiles.list(storeHash, request);
      return { status: 200, body: { data: page.items, meta: { pagination: paginationMeta(page, request) } } };
    },
    ShopperProfilesRequest: async ({ storeHash, body }) => {
      const created = await profiles.create(storeHash, body as ShopperProfilePost[]);
      return { status: 201, body: { data: created, meta: {} } };
    },
    DeleteStoreShopperProfile: async ({ storeHash, query }) => {
      const deleted = await profiles.delete(storeHash, query['id:in'] as string[] | undefined);
      // A deleted profile leaves every segment it was in.
      for (const id of deleted) await memberships.removeAllOfProfile(storeHash, id);
      return { status: 204 };
    },
  };
}
