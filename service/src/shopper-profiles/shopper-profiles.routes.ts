import type { CleanupScheduler } from '../cleanup/cleanup';
import { type PageRequest, paginationMeta } from '../http/pagination';
import type { OperationHandlers } from '../http/route';
import type { MembershipsRepository } from '../memberships/memberships.repository';
import type { OwnerFilter, ShopperProfileEntry, ShopperProfilesRepository } from './shopper-profiles.repository';

/** Profiles whose memberships are removed at once, before they are deleted. */
const SWEEP_CONCURRENCY = 8;

/** GET, POST and DELETE /shopper-profiles. */
export function shopperProfilesHandlers(
  profiles: ShopperProfilesRepository,
  memberships: MembershipsRepository,
  cleanup: CleanupScheduler,
): OperationHandlers {
  return {
    GetShopperList: async ({ storeHash, query }) => {
      const request = query as unknown as PageRequest;
      const filter: OwnerFilter = {
        customerIds: query['customer_id:in'] as number[] | undefined,
        guestIds: query['guest_id:in'] as string[] | undefined,
      };
      const page = await profiles.list(storeHash, request, filter);
      return { status: 200, body: { data: page.items, meta: { pagination: paginationMeta(page, request) } } };
    },
    ShopperProfilesRequest: async ({ storeHash, body }) => {
      const created = await profiles.create(storeHash, body as ShopperProfileEntry[]);
      return { status: 201, body: { data: created, meta: {} } };
    },
    DeleteStoreShopperProfile: async ({ storeHash, query }) => {
      // A profile leaves every segment before it is deleted (a profile is in at most 1000), so no
      // list shows a membership of a deleted profile and every segment's count stays exact.
      const deleted = await profiles.delete(storeHash, query['id:in'] as string[] | undefined, async (profileIds) => {
        for (let i = 0; i < profileIds.length; i += SWEEP_CONCURRENCY) {
          await Promise.all(profileIds.slice(i, i + SWEEP_CONCURRENCY).map((id) => memberships.removeAllOfProfile(storeHash, id)));
        }
      });
      for (const profileId of deleted) await cleanup.schedule({ kind: 'profile-deleted', storeHash, profileId });
      return { status: 204 };
    },
  };
}
