/**
 * What consumers and the provider verification agree on, word for word. A consumer test never
 * knows the provider's real store or tokens: it calls a fixed store with placeholder tokens, and
 * the verifier maps them onto the store and tokens of the instance it verifies.
 */

/** The provider's name in every pact (and on the broker). */
export const PROVIDER = 'customer-segmentation';

/** The store every consumer's requests name; the verifier rewrites it to the store it verifies. */
export const PACT_STORE_HASH = 'pact-store';

/** Placeholder `X-Auth-Token` values, each mapped by the verifier to a real token of that kind. */
export const PACT_TOKENS = {
  /** Becomes a token with the modify scope. */
  modify: 'pact-modify-token',
  /** Becomes a token with the read-only scope. */
  readOnly: 'pact-read-only-token',
  /** Stays as it is: no store knows it, so it is always answered 401. */
  unknown: 'pact-unknown-token',
} as const;

/**
 * The provider states, shared exactly between consumer tests (`given(...)`) and the provider's
 * state handlers. Every interaction starts from an empty store; a state adds to it through the API.
 */
export const STATES = {
  /** No parameters. */
  emptyStore: 'the store has no segments and no shopper profiles',
  /** `{ name, description }` → `{ segmentId }` */
  segmentExists: 'a segment exists',
  /** `{ names: string[] }` → `{ segmentIds }` (comma-separated, in creation order) and `segmentId0`, `segmentId1`, … */
  segmentsExist: 'segments exist',
  /** `{ customerId }` → `{ shopperProfileId }` */
  profileExists: 'a shopper profile exists',
  /** `{ customerId, segmentNames: string[] }` → `{ shopperProfileId, segmentId }` (the first segment) and `segmentIds` */
  profileInSegments: 'a shopper profile is in segments',
  /** `{ promotionId, segmentNames: string[] }` (it targets `{id: [those segments]}`) → `{ promotionId }` and `segmentIds`, `segmentId0`, … */
  promotionTargetsSegments: 'a promotion targets segments',
  /**
   * `{ customerId, segmentNames: string[], promotionIds: number[] }`: the profile is in every named segment and
   * each promotion targets `{id: [the first segment]}` → `{ shopperProfileId }` and `segmentIds`, `segmentId0`, …
   */
  profileInTargetedSegments: 'a shopper profile is in segments that promotions target',
  /**
   * `{ customerId, promotionId, segmentName }`: the profile was in the segment, the promotion targets
   * `{not: {id: [it]}}`, then the segment was deleted → `{ shopperProfileId, segmentId }`
   */
  promotionTargetsDeletedSegment: 'a promotion targets a segment that was deleted',
  /** `{ guestId, segmentNames: string[] }` → `{ guestProfileId, segmentIds }` */
  guestInSegments: 'a guest shopper profile is in segments',
  /** `{ guestId, segmentNames: string[], customerId }` → `{ guestProfileId, customerProfileId, segmentIds }` */
  guestAndCustomerProfiles: 'a guest shopper profile is in segments and the customer has a shopper profile',
  /** `{ scope, destination }` → `{ hookId }` */
  hookExists: 'a webhook exists',
} as const;

export type StateName = (typeof STATES)[keyof typeof STATES];

/** The parameters each state takes (`given(STATES.segmentExists, { name, description })`). */
export interface StateParameters {
  [STATES.emptyStore]: Record<string, never>;
  [STATES.segmentExists]: { name: string; description: string };
  [STATES.segmentsExist]: { names: string[] };
  [STATES.profileExists]: { customerId: number };
  [STATES.profileInSegments]: { customerId: number; segmentNames: string[] };
  [STATES.promotionTargetsSegments]: { promotionId: number; segmentNames: string[] };
  [STATES.profileInTargetedSegments]: { customerId: number; segmentNames: string[]; promotionIds: number[] };
  [STATES.promotionTargetsDeletedSegment]: { customerId: number; promotionId: number; segmentName: string };
  [STATES.guestInSegments]: { guestId: string; segmentNames: string[] };
  [STATES.guestAndCustomerProfiles]: { guestId: string; segmentNames: string[]; customerId: number };
  [STATES.hookExists]: { scope: string; destination: string };
}
