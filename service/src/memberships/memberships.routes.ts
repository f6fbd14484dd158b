import { collectionMeta, type PageRequest, pageRequestFromCursor, paginationMeta } from '../http/pagination';
import type { OperationHandlers } from '../http/route';
import type { MembershipsRepository } from './memberships.repository';

/** The two sides of the segment ↔ shopper profile relationship. */
export function membershipsHandlers(memberships: MembershipsRepository): OperationHandlers {
  return {
    GetSegmentProfiles: async ({ storeHash, params, query }) => {
      const numbered = query as unknown as PageRequest & { cursor?: string };
      // A cursor, when given, says where the page starts; `page` is then ignored.
      const request = numbered.cursor === undefined ? numbered : pageRequestFromCursor(numbered.cursor, numbered.limit);
      const page = await memberships.listProfilesOfSegment(storeHash, params.segmentId!, request);
      return { status: 200, body: { data: page.items, meta: collectionMeta(page, request) } };
    },
    PostShopperProfile: async ({ storeHash, params, body }) => {
      const added = await memberships.add(storeHash, params.segmentId!, body as string[]);
      return { status: 201, body: { data: added } };
    },
    DeleteShopperProfile: async ({ storeHash, params, query }) => {
      await memberships.remove(storeHash, params.segmentId!, query['id:in'] as string[] | undefined);
      return { status: 204 };
    },
    GetListShopperProfile: async ({ storeHash, params, query }) => {
      const request = query as unknown as PageRequest;
      const page = await memberships.listSegmentsOfProfile(storeHash, params.shopperProfileId!, request);
      return { status: 200, body: { data: page.items, meta: { pagination: paginationMeta(page, request) } } };
    },
  };
}
