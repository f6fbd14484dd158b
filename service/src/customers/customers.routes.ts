import type { TypedOperationHandlers } from '../http/operation-types';
import { paginationMeta } from '../http/pagination';
import type { CustomersRepository } from './customers.repository';

/** GET /customers/{customerId}/segments and /promotions (extensions). */
export function customersHandlers(customers: CustomersRepository): TypedOperationHandlers {
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
