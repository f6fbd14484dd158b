import type { components } from '../generated/openapi-types';
import type { Page, PageRequest } from '../store/page';
import { BadRequestError } from './http-errors';

export type Pagination = components['schemas']['Pagination'];
export type CollectionMeta = components['schemas']['CollectionMeta'];

export function paginationMeta(page: Page<unknown>, request: PageRequest): Pagination {
  return {
    total: page.total,
    count: page.items.length,
    per_page: request.limit,
    current_page: request.page,
    total_pages: Math.ceil(page.total / request.limit),
  };
}

/**
 * The `cursor` extension: opaque to clients, it holds the page size it was given for, the number
 * of the page it leads to and the sort key the page before ended on (base64url, no padding).
 */
export function encodeCursor(request: PageRequest, lastSortKey: string): string {
  return Buffer.from(`${request.limit}\n${request.page + 1}\n${lastSortKey}`, 'utf8').toString('base64url');
}

function invalidCursor(reason: string): BadRequestError {
  return new BadRequestError('The cursor is not valid.', { cursor: reason });
}

/** The page a cursor leads to; a cursor this service did not give out, or given for another `limit`, is a 400. */
export function pageRequestFromCursor(cursor: string, limit: number): PageRequest {
  const [cursorLimit, page, after, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('\n');
  if (
    rest.length > 0 ||
    after === undefined ||
    after === '' ||
    !/^[1-9][0-9]*$/.test(page ?? '') ||
    !/^[1-9][0-9]*$/.test(cursorLimit ?? '')
  ) {
    throw invalidCursor('Pass `meta.next_cursor` of a page as it was given.');
  }
  if (Number(cursorLimit) !== limit) throw invalidCursor(`This cursor was given for \`limit=${cursorLimit}\`; ask with the same limit.`);
  return { page: Number(page), limit, after };
}

/**
 * The page's meta, with the cursor of the page after it when this one is full and more follow
 * (exact while the list is not changing).
 */
export function collectionMeta(page: Page<unknown> & { lastSortKey?: string }, request: PageRequest): CollectionMeta {
  const pagination = paginationMeta(page, request);
  const more = page.lastSortKey !== undefined && request.page * request.limit < page.total;
  return more ? { pagination, next_cursor: encodeCursor(request, page.lastSortKey!) } : { pagination };
}

/** The body of a page of a list: its items and their pagination meta. */
export function pageBody<T>(page: Page<T>, request: PageRequest): { data: T[]; meta: { pagination: Pagination } } {
  return { data: page.items, meta: { pagination: paginationMeta(page, request) } };
}
