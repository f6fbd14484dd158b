import { createHash } from 'node:crypto';
import type { components } from '../../service/src/generated/openapi-types';
import type { StoreApi } from './api';

export type Segment = components['schemas']['Segment'];
export type ShopperProfile = components['schemas']['ShopperProfile'];
export type Pagination = components['schemas']['Pagination'];
export type ErrorResponse = components['schemas']['ErrorResponse'];
export type BatchConflict = components['schemas']['BatchConflictResponse'];
export interface Collection<T> {
  data: T[];
  meta: { pagination: Pagination };
}

let customerSequence = 1;

/** Creates `count` segments through the API, 25 a request; names are unique within the run. */
export async function createSegments(api: StoreApi, count: number, prefix = 'segment'): Promise<Segment[]> {
  const created: Segment[] = [];
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, (_, i) => ({
      name: `${prefix} ${start + i}`,
      description: `made by a test`,
    }));
    const response = await api.post<{ data: Segment[] }>('/segments', batch);
    if (response.status !== 201) throw new Error(`creating segments answered ${response.status}: ${JSON.stringify(response.body)}`);
    created.push(...response.body.data);
  }
  return created;
}

/** Creates `count` shopper profiles for fresh customer ids, 25 a request. */
export async function createProfiles(api: StoreApi, count: number): Promise<ShopperProfile[]> {
  const created: ShopperProfile[] = [];
  for (let start = 0; start < count; start += 25) {
    const batch = Array.from({ length: Math.min(25, count - start) }, () => ({ customer_id: customerSequence++ }));
    // Setup, not the subject: a 503 (a DynamoDB Local loaded by the whole suite) is sent again after its Retry-After, as a client does.
    let response = await api.post<{ data: ShopperProfile[] }>('/shopper-profiles', batch);
    for (let retry = 0; response.status === 503 && retry < 3; retry++) {
      await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
      response = await api.post<{ data: ShopperProfile[] }>('/shopper-profiles', batch);
    }
    if (response.status !== 201) throw new Error(`creating profiles answered ${response.status}: ${JSON.stringify(response.body)}`);
    created.push(...response.body.data);
  }
  return created;
}

/** Adds profiles to a segment, 50 a request. */
export async function addMembers(api: StoreApi, segmentId: string, profileIds: string[]): Promise<void> {
  for (let start = 0; start < profileIds.length; start += 50) {
    const response = await api.post(`/segments/${segmentId}/shopper-profiles`, profileIds.slice(start, start + 50));
    if (response.status !== 201) throw new Error(`adding members answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
}

/** Reads every page of a collection, checking each page's meta on the way. */
export async function readAllPages<T>(api: StoreApi, path: string, limit: number): Promise<{ items: T[]; pages: Collection<T>[] }> {
  const pages: Collection<T>[] = [];
  for (let page = 1; ; page++) {
    const response = await api.get<Collection<T>>(path, { query: { page, limit } });
    if (response.status !== 200) throw new Error(`${path} page ${page} answered ${response.status}`);
    pages.push(response.body);
    if (page >= response.body.meta.pagination.total_pages) break;
  }
  return { items: pages.flatMap((p) => p.data), pages };
}

/**
 * Profiles in the order a segment lists its members, as docs/performance.md states it: by bucket (the
 * first two bytes of the SHA-256 of the id, modulo 512), then by id. Written out here rather than
 * imported, so a change to the service's order fails the tests that read members.
 */
export function inMemberOrder<T extends { id: string }>(profiles: readonly T[]): T[] {
  const bucket = (id: string) => {
    const digest = createHash('sha256').update(id).digest();
    return ((digest[0]! << 8) | digest[1]!) % 512;
  };
  return [...profiles].sort((a, b) => bucket(a.id) - bucket(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
