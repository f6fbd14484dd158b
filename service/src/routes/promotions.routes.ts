import type { TypedOperationHandlers } from '../http/operation-types';
import { paginationMeta } from '../http/pagination';
import type { PromotionsRepository } from '../promotions/promotions.repository';

/** The segments ↔ promotions relationship, from both ends, and a profile's eligible promotions. */
export function promotionsHandlers(promotions: PromotionsRepository): TypedOperationHandlers {
  return {
    GetPromotionTargeting: async ({ storeHash, params }, reply) => {
      const targeting = await promotions.get(storeHash, params.promotionId);
      return reply(200, { data: targeting, meta: {} });
    },
    PutPromotionTargeting: async ({ storeHash, params, body }, reply) => {
      const targeting = await promotions.put(storeHash, params.promotionId, body);
      return reply(200, { data: targeting, meta: {} });
    },
    DeletePromotionTargeting: async ({ storeHash, params }, reply) => {
      await promotions.delete(storeHash, params.promotionId);
      return reply(204);
    },
    GetSegmentPromotions: async ({ storeHash, params, query }, reply) => {
      const page = await promotions.listOfSegment(storeHash, params.segmentId, query);
      return reply(200, { data: page.items, meta: { pagination: paginationMeta(page, query) } });
    },
    GetShopperProfilePromotions: async ({ storeHash, params, query }, reply) => {
      const page = await promotions.eligibleFor(storeHash, params.shopperProfileId, query);
      return reply(200, { data: page.items, meta: { pagination: paginationMeta(page, query) } });
    },
  };
}
