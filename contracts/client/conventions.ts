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

/** Example ids: fixed, so the pact files are the same on every run. */
export const EXAMPLE_IDS = {
  segment: 'a8098c1a-f86e-41b5-9b1b-2a6d3e2c0b11',
  otherSegment: 'b7d1e2f3-4a5b-4c6d-8e7f-9a0b1c2d3e44',
  profile: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e66',
  otherProfile: 'd4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f77',
  hook: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a88',
  /** An id the provider never made: answers 404 wherever an existing one is needed. */
  unknown: '00000000-0000-4000-8000-000000000000',
} as const;

/** The ids the provider states return (below), by the name a pact's expressions use. */
export type StateValueName = 'segmentId' | `segmentId${number}` | 'shopperProfileId' | 'guestProfileId' | 'customerProfileId';

/**
 * The one example each id a state returns stands for, on both sides of a contract: a consumer's
 * `stateId(name)` writes it into the pact, and the verifier writes the real id back as it in the
 * provider's answers before comparing. Ids one state returns never share an example unless they
 * are the same id (`segmentId` is `segmentId0` wherever both are returned).
 */
export function stateValueExample(name: string): string | undefined {
  const fixed: Record<string, string> = {
    segmentId: EXAMPLE_IDS.segment,
    segmentId0: EXAMPLE_IDS.segment,
    segmentId1: EXAMPLE_IDS.otherSegment,
    shopperProfileId: EXAMPLE_IDS.profile,
    guestProfileId: EXAMPLE_IDS.profile,
    customerProfileId: EXAMPLE_IDS.otherProfile,
  };
  if (name in fixed) return fixed[name];
  // segmentId2, segmentId3, …: one example each, the index in the last group.
  const index = /^segmentId([2-9]|[1-9]\d{1,5})$/.exec(name)?.[1];
  return index === undefined ? undefined : `5e9e0000-0000-4000-8000-${index.padStart(12, '0')}`;
}

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
  /**
   * `{ guestId, segmentNames: string[], customerId }`: the guest's profile is in every named segment, the
   * customer's in the first only, then the guest signed in (`POST /shopper-profiles/merge`, through the
   * API under verification) → `{ guestProfileId, customerProfileId, segmentIds, segmentId0, … }`
   */
  guestMergedIntoCustomer: "a guest shopper profile in segments was merged into the customer's shopper profile",
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
  [STATES.guestMergedIntoCustomer]: { guestId: string; segmentNames: string[]; customerId: number };
  [STATES.hookExists]: { scope: string; destination: string };
}
