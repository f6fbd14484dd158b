import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from '../../service/src/generated/openapi-types';

export type { components, operations, paths };
export type Segment = components['schemas']['Segment'];
export type SegmentPost = components['schemas']['SegmentPost'];
export type SegmentPut = components['schemas']['SegmentPut'];
export type ShopperProfile = components['schemas']['ShopperProfile'];
export type ShopperProfilePost = components['schemas']['ShopperProfilePost'];
export type GuestShopperProfilePost = components['schemas']['GuestShopperProfilePost'];
/** An entry of POST /shopper-profiles: a customer's (`customer_id`) or a guest's (`guest_id`). */
export type ShopperProfileEntry = components['schemas']['ShopperProfilesPostRequest'][number];
export type ShopperProfileMerge = components['schemas']['ShopperProfileMerge'];
export type Pagination = components['schemas']['Pagination'];
export type ErrorResponse = components['schemas']['ErrorResponse'];
export type BatchConflictResponse = components['schemas']['BatchConflictResponse'];
export type Targeting = components['schemas']['Targeting'];
export type TargetingExpression = components['schemas']['TargetingExpression'];
export type Hook = components['schemas']['Hook'];
export type HookWithSecret = components['schemas']['HookWithSecret'];
export type HookPost = components['schemas']['HookPost'];
export type HookPut = components['schemas']['HookPut'];

/** `page` and `limit`, as every list operation takes them. */
export type PageQuery = NonNullable<operations['GetShopperList']['parameters']['query']>;
export type SegmentsQuery = NonNullable<operations['GetPaginatedSegmentsList']['parameters']['query']>;

/** The document lists Content-Type as a required header of every operation with a body. */
const JSON_BODY = { 'Content-Type': 'application/json' } as const;

/** Per write: the `Idempotency-Key` to send. Each write sends one; pass the same key again to retry it safely. */
export interface WriteOptions {
  idempotencyKey?: string;
}

/**
 * The `Idempotency-Key` header of one write: the caller's key, or a fresh one, so every write the
 * kit sends can be replayed by the service if it is retried at the HTTP level (with its request).
 */
function keyed(options: WriteOptions | undefined) {
  return { 'Idempotency-Key': options?.idempotencyKey ?? globalThis.crypto.randomUUID() };
}

export interface SegmentationClientOptions {
  /** A fetch to use instead of the global one (for tests that record or fail calls). */
  fetch?: typeof globalThis.fetch;
}

/**
 * The one way to call the Customer Segmentation API: every consumer (and our own tools) goes
 * through it. Each method answers openapi-fetch's `{ data, error, response }`: a 4xx is an
 * `error` to look at, never a throw.
 *
 * @param baseUrl the store's API root, `https://host/stores/{store_hash}/v3`
 * @param token the store's `X-Auth-Token`; `undefined` sends none
 */
export function createSegmentationClient(baseUrl: string, token: string | undefined, options: SegmentationClientOptions = {}) {
  const raw: Client<paths> = createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: { Accept: 'application/json', ...(token === undefined ? {} : { 'X-Auth-Token': token }) },
    // The beta's form: `?id:in=a,b,c`.
    querySerializer: { array: { style: 'form', explode: false } },
    fetch: options.fetch,
  });

  return {
    /** The underlying openapi-fetch client, for what the named methods do not cover. */
    raw,

    listSegments: (query: SegmentsQuery = {}) => raw.GET('/segments', { params: { query } }),
    createSegments: (segments: SegmentPost[], options?: WriteOptions) =>
      raw.POST('/segments', { params: { header: { ...JSON_BODY, ...keyed(options) } }, body: segments }),
    updateSegments: (segments: SegmentPut[], options?: WriteOptions) =>
      raw.PUT('/segments', { params: { header: { ...JSON_BODY, ...keyed(options) } }, body: segments }),
    /** Without ids, deletes every segment of the store. */
    deleteSegments: (ids?: string[], options?: WriteOptions) =>
      raw.DELETE('/segments', { params: { header: keyed(options), query: ids ? { 'id:in': ids } : {} } }),

    listSegmentProfiles: (segmentId: string, query: PageQuery = {}) =>
      raw.GET('/segments/{segmentId}/shopper-profiles', { params: { path: { segmentId }, query } }),
    addSegmentProfiles: (segmentId: string, profileIds: string[], options?: WriteOptions) =>
      raw.POST('/segments/{segmentId}/shopper-profiles', {
        params: { path: { segmentId }, header: { ...JSON_BODY, ...keyed(options) } },
        body: profileIds,
      }),
    /** Without ids, empties the segment (the profiles stay). */
    removeSegmentProfiles: (segmentId: string, profileIds?: string[], options?: WriteOptions) =>
      raw.DELETE('/segments/{segmentId}/shopper-profiles', {
        params: { path: { segmentId }, header: keyed(options), query: profileIds ? { 'id:in': profileIds } : {} },
      }),

    listShopperProfiles: (query: PageQuery = {}) => raw.GET('/shopper-profiles', { params: { query } }),
    createShopperProfiles: (profiles: ShopperProfileEntry[], options?: WriteOptions) =>
      raw.POST('/shopper-profiles', { params: { header: { ...JSON_BODY, ...keyed(options) } }, body: profiles }),
    /** Without ids, deletes every shopper profile of the store. */
    deleteShopperProfiles: (ids?: string[], options?: WriteOptions) =>
      raw.DELETE('/shopper-profiles', { params: { header: keyed(options), query: ids ? { 'id:in': ids } : {} } }),

    listProfileSegments: (shopperProfileId: string, query: PageQuery = {}) =>
      raw.GET('/shopper-profiles/{shopperProfileId}/segments', { params: { path: { shopperProfileId }, query } }),

    /** The segments a promotion (the Promotions API's id) targets; 404 when it targets none. */
    getPromotionTargeting: (promotionId: number) =>
      raw.GET('/promotions/{promotionId}/customer-segments', { params: { path: { promotionId } } }),
    /** Replaces what the promotion targets with one `customer.segments` expression. */
    putPromotionTargeting: (promotionId: number, expression: TargetingExpression, options?: WriteOptions) =>
      raw.PUT('/promotions/{promotionId}/customer-segments', {
        params: { path: { promotionId }, header: { ...JSON_BODY, ...keyed(options) } },
        body: expression,
      }),
    deletePromotionTargeting: (promotionId: number, options?: WriteOptions) =>
      raw.DELETE('/promotions/{promotionId}/customer-segments', { params: { path: { promotionId }, header: keyed(options) } }),
    /** Every promotion whose expression names the segment, by promotion id. */
    listSegmentPromotions: (segmentId: string, query: PageQuery = {}) =>
      raw.GET('/segments/{segmentId}/promotions', { params: { path: { segmentId }, query } }),
    /** The promotions whose expression holds for the profile now, by promotion id. */
    listProfilePromotions: (shopperProfileId: string, query: PageQuery = {}) =>
      raw.GET('/shopper-profiles/{shopperProfileId}/promotions', { params: { path: { shopperProfileId }, query } }),
    /** The segments of a customer's profile; an empty list when the customer has none (extension). */
    listCustomerSegments: (customerId: number, query: PageQuery = {}) =>
      raw.GET('/customers/{customerId}/segments', { params: { path: { customerId }, query: pageOnly(query) } }),
    /** The promotions the customer is eligible for (those of a profile in no segment when it has none; extension). */
    listCustomerPromotions: (customerId: number, query: PageQuery = {}) =>
      raw.GET('/customers/{customerId}/promotions', { params: { path: { customerId }, query: pageOnly(query) } }),
    /** A guest signed in: its profile merges into the customer's (extension). */
    mergeGuestProfile: (merge: ShopperProfileMerge, options?: WriteOptions) =>
      raw.POST('/shopper-profiles/merge', { params: { header: { ...JSON_BODY, ...keyed(options) } }, body: merge }),

    /** The store's webhooks, never with a secret (extension). */
    listHooks: () => raw.GET('/hooks'),
    /** Subscribes a destination; the answer holds the signing secret, shown this once (extension). */
    createHook: (hook: HookPost, options?: WriteOptions) =>
      raw.POST('/hooks', { params: { header: { ...JSON_BODY, ...keyed(options) } }, body: hook }),
    getHook: (hookId: string) => raw.GET('/hooks/{hookId}', { params: { path: { hookId } } }),
    updateHook: (hookId: string, changes: HookPut, options?: WriteOptions) =>
      raw.PUT('/hooks/{hookId}', { params: { path: { hookId }, header: { ...JSON_BODY, ...keyed(options) } }, body: changes }),
    deleteHook: (hookId: string, options?: WriteOptions) =>
      raw.DELETE('/hooks/{hookId}', { params: { path: { hookId }, header: keyed(options) } }),
    /** A new secret; the previous one keeps signing beside it for 24 hours (extension). */
    rotateHookSecret: (hookId: string, options?: WriteOptions) =>
      raw.POST('/hooks/{hookId}/secret', { params: { path: { hookId }, header: keyed(options) } }),
  };
}

/** `page` and `limit` only, for lists that take no filters. */
function pageOnly({ page, limit }: PageQuery): { page?: number; limit?: number } {
  return { ...(page === undefined ? {} : { page }), ...(limit === undefined ? {} : { limit }) };
}

export type SegmentationClient = ReturnType<typeof createSegmentationClient>;

/**
 * Where every operation's path starts, as the API document writes it (`info.x-opc-config-base-path`).
 * The kit carries this one value rather than the document; test/contracts/kit.test.ts keeps the two equal.
 */
export const BASE_PATH_TEMPLATE = '/stores/{store_hash}/v3';

/** The API root of one store: `${origin}/stores/${storeHash}/v3`. */
export function storeBaseUrl(origin: string, storeHash: string): string {
  return `${origin.replace(/\/+$/, '')}${BASE_PATH_TEMPLATE.replace('{store_hash}', encodeURIComponent(storeHash))}`;
}

export { verifyWebhook, type WebhookEvent, WebhookVerificationError } from './webhooks';
