import type { TypedOperationHandlers } from '../http/operation-types';
import { collectionMeta, pageBody, pageRequestFromCursor } from '../http/pagination';
import type { MembershipsRepository } from '../memberships/memberships.repository';

/** The two sides of the segment ↔ shopper profile relationship. */
export function membershipsHandlers(memberships: MembershipsRepository): TypedOperationHandlers {
  return {
    GetSegmentProfiles: async ({ storeHash, params, query }, reply) => {
      // A cursor, when given, says where the page starts; `page` is then ignored.
      const request = query.cursor === undefined ? query : pageRequestFromCursor(query.cursor, query.limit);
      const page = await memberships.listProfilesOfSegment(storeHash, params.segmentId, request);
      return reply(200, { data: page.items, meta: collectionMeta(page, request) });
    },
    PostShopperProfile: async ({ storeHash, params, body }, reply) => {
      const added = await memberships.add(storeHash, params.segmentId, body);
      return reply(201, { data: added });
    },
    DeleteShopperProfile: async ({ storeHash, params, query }, reply) => {
      await memberships.remove(storeHash, params.segmentId, query['id:in']);
      return reply(204);
    },
    GetListShopperProfile: async ({ storeHash, params, query }, reply) =>
      reply(200, pageBody(await memberships.listSegmentsOfProfile(storeHash, params.shopperProfileId, query), query)),
  };
}
