import { type PageRequest, paginationMeta } from '../http/pagination';
import type { OperationHandlers } from '../http/route';
import type { TargetingExpression } from './expression';
import type { PromotionsRepository } from './promotions.repository';

/** The segments ↔ promotions relationship, from both ends, and a profile's eligible promotions. */
export function promotionsHandlers(promotions: PromotionsRepository): OperationHandlers {
  return {
    GetPromotionTargeting: async ({ storeHash, params }) => {
      const targeting = await promotions.get(storeHash, Number(params.promotionId));
      return { status: 200, body: { data: targeting, meta: {} } };
    },
    PutPromotionTargeting: async ({ storeHash, params, body }) => {
      const targeting = await promotions.put(storeHash, Number(params.promotionId), body as TargetingExpression);
      return { status: 200, body: { data: targeting, meta: {} } };
    },
    DeletePromotionTargeting: async ({ storeHash, params }) => {
      await promotions.delete(storeHash, Number(params.promotionId));
      return { status: 204 };
    },
    GetSegmentPromotions: async ({ storeHash, params, query }) => {
      const request = query as unknown as PageRequest;
      const page = await promotions.listOfSegment(storeHash, params.segmentId!, request);
      return { status: 200, body: { data: page.items, meta: { pagination: paginationMeta(page, request) } } };
    },
    GetShopperProfilePromotions: async ({ storeHash, params, query }) => {
      const request = query as unknown as PageRequest;
      const page = await promotions.eligibleFor(storeHash, params.shopperProfileId!, request);
      return { status: 200, body: { data: page.items, meta: { pagination: paginationMeta(page, request) } } };
    },
  };
}
