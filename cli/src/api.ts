/**
 * Every call the CLI makes, on the typed client (contracts/client) and only through the beta's
 * documented operations. The `segments-cli` Pact consumer pins these same functions.
 */
import type { ErrorResponse, Segment, SegmentationClient, ShopperProfile } from '../../contracts/client';
import { LIMITS } from '../../service/src/limits';

/** The biggest page the API allows: fewest requests per walk. */
export const PAGE_SIZE = LIMITS.maxPageSize;

/** A call that did not do what it was asked, with a reason for a person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function describe(what: string, response: Response, error: unknown): ApiError {
  const envelope = error as Partial<ErrorResponse> | undefined;
  const details = envelope?.errors && typeof envelope.errors === 'object' ? Object.values(envelope.errors).slice(0, 3).join('; ') : '';
  const title = typeof envelope?.title === 'string' ? envelope.title : response.statusText;
  return new ApiError(response.status, `${what}: ${response.status} ${title}${details ? ` (${details})` : ''}`);
}

/** One page of a list, as every list operation answers it. */
interface Paged<T> {
  data: T[];
  meta: { pagination: { total: number; total_pages: number } };
}

type PageCall<T> = (page: number) => Promise<{ data?: Paged<T>; error?: unknown; response: Response }>;

/** Pages asked for ahead of the one being read: a walk costs a round trip per ten pages, not per page. */
export const PAGES_AHEAD = 10;

/**
 * Walks a list page by page, in order, with up to PAGES_AHEAD pages in flight once the first has
 * told how many there are; `onTotal` learns the item count from the first page.
 */
async function* pages<T>(what: string, call: PageCall<T>, onTotal?: (total: number) => void): AsyncGenerator<T[]> {
  const fetchPage = async (page: number): Promise<Paged<T>> => {
    const { data, error, response } = await call(page);
    if (!data) throw describe(what, response, error);
    return data;
  };
  const first = await fetchPage(1);
  onTotal?.(first.meta.pagination.total);
  if (first.data.length > 0) yield first.data;
  const last = first.meta.pagination.total_pages;
  const inFlight = new Map<number, Promise<Paged<T>>>();
  let next = 2;
  const fill = () => {
    while (next <= last && inFlight.size < PAGES_AHEAD) {
      const page = fetchPage(next);
      // A page that fails while an earlier one is read is reported when its turn comes.
      page.catch(() => {});
      inFlight.set(next++, page);
    }
  };
  for (let page = 2; page <= last; page++) {
    fill();
    const data = await inFlight.get(page)!;
    inFlight.delete(page);
    if (data.data.length > 0) yield data.data;
  }
}

export function segmentPages(client: SegmentationClient): AsyncGenerator<Segment[]> {
  return pages('listing segments', (page) => client.listSegments({ page, limit: PAGE_SIZE }));
}

export function profilePages(client: SegmentationClient, onTotal?: (total: number) => void): AsyncGenerator<ShopperProfile[]> {
  return pages('listing shopper profiles', (page) => client.listShopperProfiles({ page, limit: PAGE_SIZE }), onTotal);
}

export function memberPages(
  client: SegmentationClient,
  segmentId: string,
  onTotal?: (total: number) => void,
): AsyncGenerator<ShopperProfile[]> {
  return pages(
    'listing the segment\u2019s shopper profiles',
    (page) => client.listSegmentProfiles(segmentId, { page, limit: PAGE_SIZE }),
    onTotal,
  );
}

/** The segment with this exact name, if the store has one. */
export async function findSegmentByName(client: SegmentationClient, name: string): Promise<Segment | undefined> {
  for await (const segments of segmentPages(client)) {
    const found = segments.find((segment) => segment.name === name);
    if (found) return found;
  }
  return undefined;
}

export async function findSegmentById(client: SegmentationClient, id: string): Promise<Segment | undefined> {
  const { data, error, response } = await client.listSegments({ 'id:in': [id] });
  if (!data) throw describe('reading the segment', response, error);
  return data.data[0];
}

export async function createSegment(client: SegmentationClient, name: string, idempotencyKey?: string): Promise<Segment> {
  const { data, error, response } = await client.createSegments([{ name }], { idempotencyKey });
  const segment = data?.data[0];
  if (!segment) throw describe(`creating segment "${name}"`, response, error);
  return segment;
}

/** Entries of a 409 batch envelope, by their index in the request. */
function conflictIndices(error: unknown): Set<number> | undefined {
  const envelope = error as { errors?: { errors?: Record<string, unknown> }[] } | undefined;
  if (!Array.isArray(envelope?.errors)) return undefined;
  const indices = new Set<number>();
  for (const entry of envelope.errors) {
    for (const key of Object.keys(entry.errors ?? {})) {
      const index = Number(key.split('.')[0]);
      if (Number.isInteger(index)) indices.add(index);
    }
  }
  return indices.size > 0 ? indices : undefined;
}

export type WriteOutcome<T> =
  | { ok: true; value: T }
  /** 409: `conflicts` are the entries the server named, when it named them. */
  | { ok: false; conflict: true; conflicts: Set<number> | undefined; error: ApiError }
  | { ok: false; conflict: false; error: ApiError };

function outcome<T>(what: string, value: T | undefined, response: Response, error: unknown): WriteOutcome<T> {
  if (value !== undefined) return { ok: true, value };
  const described = describe(what, response, error);
  return response.status === 409
    ? { ok: false, conflict: true, conflicts: conflictIndices(error), error: described }
    : { ok: false, conflict: false, error: described };
}

/** Creates profiles for these customers (at most `LIMITS.entriesPerBatch`), all or none. */
export async function createProfiles(
  client: SegmentationClient,
  customerIds: number[],
  idempotencyKey?: string,
): Promise<WriteOutcome<ShopperProfile[]>> {
  const { data, error, response } = await client.createShopperProfiles(
    customerIds.map((customer_id) => ({ customer_id })),
    { idempotencyKey },
  );
  return outcome('creating shopper profiles', data?.data, response, error);
}

/** Adds profiles to the segment (at most `LIMITS.profilesPerAdd`), all or none. */
export async function addMembers(
  client: SegmentationClient,
  segmentId: string,
  profileIds: string[],
  idempotencyKey?: string,
): Promise<WriteOutcome<number>> {
  const { data, error, response } = await client.addSegmentProfiles(segmentId, profileIds, { idempotencyKey });
  return outcome('adding shopper profiles to the segment', data ? data.data.length : undefined, response, error);
}

/** Removes profiles from the segment (at most `LIMITS.idsPerFilter`). */
export async function removeMembers(
  client: SegmentationClient,
  segmentId: string,
  profileIds: string[],
  idempotencyKey?: string,
): Promise<void> {
  // Without ids the operation empties the segment: never send that by accident.
  if (profileIds.length === 0) return;
  const { error, response } = await client.removeSegmentProfiles(segmentId, profileIds, { idempotencyKey });
  if (response.status !== 204) throw describe('removing shopper profiles from the segment', response, error);
}
