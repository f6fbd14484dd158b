import type { TypedOperationHandlers } from '../http/operation-types';
import { paginationMeta } from '../http/pagination';
import type { CustomerLookups } from '../workflows/customer-lookups';

/** GET /customers/{customerId}/segments and /promotions (extensions). */
export function customersHandlers(customers: CustomerLookups): TypedOperationHandlers {
  return {
    GetCustomerSegments: async ({ storeHash, params, query }, reply) => {
      const page = await customers.listSegments(storeHash, params.customerId, query);
      return reply(200, { data: page.items, meta: { pagination: paginationMeta(page, query) } });
    },
    GetCustomerPromotions: async ({ storeHash, params, query }, reply) => {
      const page = await customers.listPromotions(storeHash, params.customerId, query);
      return reply(200, { data: page.items, meta: { pagination: paginationMeta(page, query) } });
    },
  };
}
