import type { TypedOperationHandlers } from '../http/operation-types';
import { pageBody } from '../http/pagination';
import type { CustomerLookups } from '../workflows/customer-lookups';

/** GET /customers/{customerId}/segments and /promotions (extensions). */
export function customersHandlers(customers: CustomerLookups): TypedOperationHandlers {
  return {
    GetCustomerSegments: async ({ storeHash, params, query }, reply) =>
      reply(200, pageBody(await customers.listSegments(storeHash, params.customerId, query), query)),
    GetCustomerPromotions: async ({ storeHash, params, query }, reply) =>
      reply(200, pageBody(await customers.listPromotions(storeHash, params.customerId, query), query)),
  };
}
