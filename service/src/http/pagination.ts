import type { components } from '../generated/openapi-types';

export type Pagination = components['schemas']['Pagination'];

export interface PageRequest {
  page: number;
  limit: number;
}

/** A page of results together with the size of the whole result set. */
export interface Page<T> {
  items: T[];
  total: number;
}

/** How many items precede the requested page. */
export function offsetOf(request: PageRequest): number {
  return (request.page - 1) * request.limit;
}

export function paginationMeta(page: Page<unknown>, request: PageRequest): Pagination {
  return {
    total: page.total,
    count: page.items.length,
    per_page: request.limit,
    current_page: request.page,
    total_pages: Math.ceil(page.total / request.limit),
  };
}

/** Cuts one page out of a result set that is already in memory. */
export function sliceToPage<T>(all: T[], request: PageRequest): Page<T> {
  const start = offsetOf(request);
  return { items: all.slice(start, start + request.limit), total: all.length };
}
