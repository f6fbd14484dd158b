/**
 * What a team needs to consume the service's change events and pin them with Pact message
 * pacts: the events' types (from the same document as the API's), the provider's name, and
 * matchers for each event. `@customer-segmentation/client/events`; the Pact helpers need
 * `@pact-foundation/pact` (a peer dependency).
 */
import { MatchersV3, PactV4 } from '@pact-foundation/pact';
import type { components } from '../../service/src/generated/openapi-types';

export type Event = components['schemas']['Event'];
export type EventType = components['schemas']['EventType'];
export type EventsResponse = components['schemas']['EventsResponse'];

/** The provider of the message pacts: the events publisher, apart from the HTTP API's provider. */
export const EVENTS_PROVIDER = 'customer-segmentation-events';

/**
 * The provider states the verifier knows how to bring about for messages, word for word. Each
 * is a real change made through the API, whose event the publisher then derives from the stream.
 */
export const EVENT_STATES = {
  profileJoinsSegment: 'a shopper profile is added to a segment',
  profileLeavesSegment: 'a shopper profile is removed from a segment',
  segmentDeleted: 'a segment is deleted',
  profileDeleted: 'a shopper profile is deleted',
  /** The same change as `profileJoinsSegment`, with a webhook of the store that is sent its event. */
  profileJoinsSegmentDelivered: 'a webhook is sent a shopper profile added to a segment',
} as const;

const { integer, like, regex, uuid } = MatchersV3;
const ISO_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

/** What every event carries, with `type` matched exactly (a consumer branches on it). */
export function eventEnvelopeLike(type: EventType) {
  return {
    id: like('Z0t3l5x7a9cQe1bT3n5p7r9tvx'),
    type,
    store_hash: like('store1'),
    occurred_at: regex(ISO_DATE_TIME, '2026-01-01T12:00:00.000Z'),
    position: integer(1),
  };
}

const SEGMENT_ID = '0190d3a0-0000-7000-8000-000000000001';
const PROFILE_ID = '0190d3a0-0000-7000-8000-000000000002';

/** `segment.shopper_profile_added` or `…_removed`: the membership that began or ended. */
export function membershipEventLike(type: 'segment.shopper_profile_added' | 'segment.shopper_profile_removed') {
  return { ...eventEnvelopeLike(type), data: { segment_id: uuid(SEGMENT_ID), shopper_profile_id: uuid(PROFILE_ID) } };
}

/** `segment.deleted`: it ends every membership of the segment (they are not announced one by one). */
export function segmentDeletedLike() {
  return { ...eventEnvelopeLike('segment.deleted'), data: { segment_id: uuid(SEGMENT_ID) } };
}

/** `shopper_profile.deleted`: its memberships' ends come before it, one event each. */
export function profileDeletedLike() {
  return { ...eventEnvelopeLike('shopper_profile.deleted'), data: { shopper_profile_id: uuid(PROFILE_ID) } };
}

/**
 * The Standard Webhooks headers of a delivery, as message metadata: `webhook-id` (the event's id),
 * `webhook-timestamp` (Unix seconds) and `webhook-signature` (one or more `v1,<base64 HMAC-SHA256>`,
 * space-separated). Give the example values a consumer test signs its example body with.
 */
export function webhookHeadersLike(example: { id: string; timestamp: string; signature: string }) {
  return {
    'webhook-id': like(example.id),
    'webhook-timestamp': regex('^[0-9]{10}$', example.timestamp),
    'webhook-signature': regex('^v1,[A-Za-z0-9+/]{43}=( v1,[A-Za-z0-9+/]{43}=)*$', example.signature),
  };
}

export interface MessagePactOptions {
  /** Where the pact file is written (Pact merges into an existing file). Default `pacts`. */
  dir?: string;
}

/** A Pact V4 message consumer of the service's events, with Pact's usage reports turned off. */
export function messagePact(consumer: string, options: MessagePactOptions = {}): PactV4 {
  process.env.PACT_DO_NOT_TRACK = 'true';
  process.env.SCARF_ANALYTICS = 'false';
  return new PactV4({ consumer, provider: EVENTS_PROVIDER, dir: options.dir ?? 'pacts', logLevel: 'error' });
}
