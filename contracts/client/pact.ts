/**
 * What a Pact consumer test of the Customer Segmentation API needs, for a team in any repository:
 * the provider's name, the pact store and placeholder tokens the verifier maps onto a real store,
 * the provider states and their parameters, and matchers for what the API answers.
 * `@customer-segmentation/client/pact`; needs `@pact-foundation/pact` (a peer dependency).
 */
import { MatchersV3, PactV4, type V3MockServer } from '@pact-foundation/pact';
import { EXAMPLE_IDS, PACT_STORE_HASH, PACT_TOKENS, PROVIDER, type StateValueName, stateValueExample } from './conventions';
import { createSegmentationClient, type SegmentationClient, storeBaseUrl } from './index';

export * from './conventions';

const { eachLike, fromProviderState, integer, like, regex, uuid } = MatchersV3;

export interface ConsumerPactOptions {
  /** Where the pact file is written (Pact merges into an existing file). Default `pacts`. */
  dir?: string;
  logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
}

/** A Pact V4 consumer of the Customer Segmentation API, with Pact's usage reports turned off. */
export function consumerPact(consumer: string, options: ConsumerPactOptions = {}): PactV4 {
  // Pact reports usage unless told not to; an offline CI would wait on it.
  process.env.PACT_DO_NOT_TRACK = 'true';
  process.env.SCARF_ANALYTICS = 'false';
  return new PactV4({ consumer, provider: PROVIDER, dir: options.dir ?? 'pacts', logLevel: options.logLevel ?? 'error' });
}

export type TokenKind = keyof typeof PACT_TOKENS;

/** The typed client, pointed at the mock server's copy of the pact store. */
export function clientFor(mockServer: Pick<V3MockServer, 'url'>, token: TokenKind | 'none'): SegmentationClient {
  return createSegmentationClient(storeBaseUrl(mockServer.url, PACT_STORE_HASH), token === 'none' ? undefined : PACT_TOKENS[token]);
}

/** The path of an operation on the pact store, e.g. `path('/segments')`. */
export function path(operationPath: string): string {
  return `${storeBaseUrl('', PACT_STORE_HASH)}${operationPath}`;
}

/**
 * A value holding ids only the provider knows, written with `{name}` placeholders:
 * `fromState('{segmentId0},{segmentId1}', { segmentId0: A, segmentId1: B })`. The mock server
 * sees the examples; the verifier fills in what the provider state returned under those names.
 */
export function fromState(template: string, examples: Record<string, string>) {
  const example = template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = examples[name];
    if (value === undefined) throw new Error(`fromState: no example for {${name}} in "${template}"`);
    return value;
  });
  // Pact's expressions name provider-state values as `${name}`.
  const expression = template.replace(/\{(\w+)\}/g, (_match, name: string) => `$${'{'}${name}}`);
  return fromProviderState(expression, example);
}

/**
 * An id a provider state made, pinned exactly: `stateId('segmentId0')`. The mock server sees the
 * id's fixed example (`stateValueExample`); the verifier sends the real id in a request, and
 * answers are compared by equality after it has written each id the states made back as its
 * example. So a provider answering any other id (another segment's, another profile's) fails,
 * where `fromState`, matched by type, would pass. Use it wherever the consumer's code depends on
 * which id comes back; its examples are the same on both sides by construction.
 */
export function stateId(name: StateValueName) {
  const example = stateValueExample(name);
  if (example === undefined) throw new Error(`stateId: no state returns an id named "${name}"`);
  // Pact's expressions name provider-state values as `${name}`.
  return { ...fromProviderState(`$${'{'}${name}}`, example), 'pact:matcher:type': 'equality' };
}

/** A path holding ids only the provider knows: `pathFromState('/segments/{segmentId}', { segmentId: EXAMPLE })`. */
export function pathFromState(template: string, examples: Record<string, string>) {
  return fromState(path(template), examples);
}

/** The headers every request sends: JSON, and the placeholder token of the given kind. */
export function requestHeaders(token: TokenKind | 'none'): Record<string, string> {
  return token === 'none' ? { Accept: 'application/json' } : { Accept: 'application/json', 'X-Auth-Token': PACT_TOKENS[token] };
}

/** Every JSON answer, error or not, says so (a charset may follow). */
export const JSON_RESPONSE_HEADERS = { 'Content-Type': regex('^application/json(;.*)?$', 'application/json; charset=utf-8') };

const ISO_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$';

/** A server-made ISO-8601 date-time. */
export const isoDateTime = (example = '2025-01-01T12:00:00.000Z') => regex(ISO_DATE_TIME, example);

/** A segment as the API answers it: the consumer relies on its names and values' types. */
export function segmentLike(fields: { name: string; description: unknown; id?: unknown }) {
  return {
    id: fields.id ?? uuid(EXAMPLE_IDS.segment),
    name: fields.name,
    description: fields.description,
    created_at: isoDateTime(),
    updated_at: isoDateTime(),
  };
}

/** A shopper profile as the API answers it. */
export function profileLike(fields: { customerId: number | unknown; id?: unknown }) {
  return {
    id: fields.id ?? uuid(EXAMPLE_IDS.profile),
    customer_id: fields.customerId,
    created_at: isoDateTime(),
    updated_at: isoDateTime(),
  };
}

/**
 * A promotion's targeting as the API answers it. The expression and the id lists are pinned (they
 * hold provider ids: pass `fromState` values); only `updated_at` is the server's to choose.
 */
export function targetingLike(fields: { promotionId: number; expression: unknown; segmentIds: unknown[]; deletedSegmentIds: unknown[] }) {
  return {
    promotion_id: fields.promotionId,
    customer_segments: fields.expression,
    segment_ids: fields.segmentIds,
    deleted_segment_ids: fields.deletedSegmentIds,
    updated_at: isoDateTime(),
  };
}

/**
 * A webhook as the API answers it (never with its secret). Scope, destination and headers are
 * the consumer's own values, pinned; `is_active` as given.
 */
export function hookLike(fields: {
  scope: string;
  destination: string;
  isActive?: boolean;
  headers?: Record<string, string>;
  id?: unknown;
}) {
  return {
    id: fields.id ?? uuid(EXAMPLE_IDS.hook),
    scope: fields.scope,
    destination: fields.destination,
    is_active: fields.isActive ?? true,
    headers: fields.headers ?? {},
    created_at: isoDateTime(),
    updated_at: isoDateTime(),
  };
}

/** A signing secret as `POST /hooks` and a rotation show it once: `whsec_` + base64 of 32 bytes. */
export const hookSecret = () => regex('^whsec_[A-Za-z0-9+/]{43}=$', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3Ri9oxcx1ZM=');

/** The pagination meta of a list, exact where the provider state decides it. */
export function pagination(values: { total: number; count: number; per_page: number; current_page: number; total_pages: number }) {
  return { pagination: values };
}

/** The pagination meta of a list whose size the consumer does not pin: integers, all five. */
export const anyPagination = {
  pagination: { total: integer(1), count: integer(1), per_page: integer(50), current_page: integer(1), total_pages: integer(1) },
};

/** The error envelope: `{status, title, type, errors}` (`instance` is optional, so not relied on). */
export function errorEnvelope(status: number) {
  return {
    status,
    title: regex('.+', 'What went wrong, for a person to read.'),
    type: regex('.+', 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes'),
    errors: like({}),
  };
}

/** The 400 envelope, naming at least one offending field. */
export function badRequestEnvelope(field: string, message = 'what is wrong with it') {
  return { ...errorEnvelope(400), errors: MatchersV3.eachKeyLike(field, regex('.+', message)) };
}

/** The batch conflict envelope of a 409: nothing written, one error per conflict at least. */
export function batchConflictEnvelope(total: number) {
  return {
    data: [],
    errors: eachLike(
      {
        status: 409,
        title: regex('.+', 'Cannot have multiple segments with the same name.'),
        type: regex('.+', 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes'),
        errors: like({}),
      },
      1,
    ),
    meta: { total, success: 0, failed: total },
  };
}

export { eachLike, integer, like, uuid };
