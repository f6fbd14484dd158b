/**
 * What a list read asks for and what it answers: the store reads pages, the HTTP layer turns
 * them into the API's pagination meta (../http/pagination.ts).
 */
export interface PageRequest {
  page: number;
  limit: number;
  /** From a cursor: the sort key the page before ended on, so the page starts right after it. */
  after?: string;
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

/** Cuts one page out of a result set that is already in memory. */
export function sliceToPage<T>(all: T[], request: PageRequest): Page<T> {
  const start = offsetOf(request);
  return { items: all.slice(start, start + request.limit), total: all.length };
}
