import type { TypedOperationHandlers } from '../http/operation-types';
import { pageBody } from '../http/pagination';
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
    GetSegmentPromotions: async ({ storeHash, params, query }, reply) =>
      reply(200, pageBody(await promotions.listOfSegment(storeHash, params.segmentId, query), query)),
    GetShopperProfilePromotions: async ({ storeHash, params, query }, reply) =>
      reply(200, pageBody(await promotions.eligibleFor(storeHash, params.shopperProfileId, query), query)),
  };
}
