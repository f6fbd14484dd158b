import { openapiDocument } from './generated/openapi-document';

const { schemas, parameters } = openapiDocument.components;

/**
 * Every limit the service enforces. The values are read from the API document, the one place
 * they are published, so the service, its clients and its contract can never disagree.
 */
export const LIMITS = {
  segmentsPerStore: openapiDocument.info['x-limits']['segments-per-store'],
  requestBodyBytes: openapiDocument.info['x-limits']['request-body-bytes'],
  profilesPerAdd: schemas.ShopperProfilesAddRequest.maxItems,
  entriesPerBatch: schemas.SegmentsPostRequest.maxItems,
  idsPerFilter: parameters.IdIn.schema.maxItems,
  defaultPageSize: parameters.Limit.schema.default,
  maxPageSize: parameters.Limit.schema.maximum,
  maxPage: parameters.Page.schema.maximum,
  /** Distinct segment ids: each costs the targeting's one transaction three actions at most. */
  segmentIdsPerExpression: openapiDocument.info['x-limits']['segment-ids-per-expression'],
  /** The expression as stored (compact JSON): every named segment keeps a copy of it. */
  expressionBytes: openapiDocument.info['x-limits']['expression-bytes'],
  targetedPromotionsPerStore: openapiDocument.info['x-limits']['targeted-promotions-per-store'],
  promotionsPerSegment: openapiDocument.info['x-limits']['promotions-per-segment'],
  promotionsTrueOutsideSegments: openapiDocument.info['x-limits']['promotions-true-outside-segments'],
  idempotencyKeyCharacters: openapiDocument.info['x-limits']['idempotency-key-characters'],
  /** How long a write's response is kept for its `Idempotency-Key` (a setting may change it: config.ts). */
  idempotencyReplaySeconds: openapiDocument.info['x-limits']['idempotency-replay-seconds'],
  /** How long a request's hold on its key outlives it when it dies (a Lambda that timed out): the function's 10 s and a margin. */
  idempotencyInFlightSeconds: openapiDocument.info['x-limits']['idempotency-in-flight-seconds'],
  hooksPerStore: openapiDocument.info['x-limits']['hooks-per-store'],
  headersPerHook: openapiDocument.info['x-limits']['headers-per-hook'],
  hookDestinationLength: openapiDocument.info['x-limits']['hook-destination-length'],
} as const;

/** DynamoDB's own ceilings, which the store chunks its requests to. */
export const DYNAMODB_LIMITS = {
  actionsPerTransaction: 100,
  itemsPerBatchWrite: 25,
  keysPerBatchGet: 100,
} as const;
