import { type PageRequest, paginationMeta } from '../http/pagination';
import type { OperationHandlers } from '../http/route';
import type { CustomersRepository } from './customers.repository';

/** GET /customers/{customerId}/segments (an extension). */
export function customersHandlers(customers: CustomersRepository): OperationHandlers {
  return {
    GetCustomerSegments: async ({ storeHash, params, query }) => {
      const request = query as unknown as PageRequest;
      const page = await customers.listSegments(storeHash, Number(params.customerId), request);
      return { status: 200, body: { data: page.items, meta: { pagination: paginationMeta(page, request) } } };
    },
  };
}
