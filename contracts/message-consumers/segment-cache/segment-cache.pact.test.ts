/**
 * segment-cache keeps shoppers' segments from the service's events: it relies on the membership
 * events and on the two deletes, as below. Each message is one the provider verification makes
 * happen for real (a change through the API, published from DynamoDB Local's stream).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EVENT_STATES,
  type Event,
  membershipEventLike,
  messagePact,
  profileDeletedLike,
  segmentDeletedLike,
  webhookHeadersLike,
} from '@customer-segmentation/client/events';
import { MatchersV3 } from '@pact-foundation/pact';
import { Webhook } from 'standardwebhooks';
import { SegmentCache } from './segment-cache';

/** `npm run pact:messages` sets the directory (then commits the file); a plain run writes to a temporary one. */
function outputDir(): string {
  if (process.env.MESSAGE_PACT_OUTPUT_DIR) return process.env.MESSAGE_PACT_OUTPUT_DIR;
  const dir = mkdtempSync(join(tmpdir(), 'message-pacts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const pact = messagePact('segment-cache', { dir: outputDir() });
const SEGMENT = '0190d3a0-0000-7000-8000-000000000001';
const PROFILE = '0190d3a0-0000-7000-8000-000000000002';
const added = (): Event => ({
  id: 'a1',
  type: 'segment.shopper_profile_added',
  store_hash: 'store1',
  occurred_at: '2026-01-01T12:00:00.000Z',
  position: 1,
  data: { segment_id: SEGMENT, shopper_profile_id: PROFILE },
});

describe('segment-cache, a consumer of the events', () => {
  it('puts a profile in a segment when it joins', async () => {
    await pact
      .addAsynchronousInteraction()
      .given(EVENT_STATES.profileJoinsSegment)
      .expectsToReceive('a shopper profile added to a segment', (message) =>
        message.withJSONContent(membershipEventLike('segment.shopper_profile_added')),
      )
      .executeTest(async (message) => {
        const cache = new SegmentCache();
        cache.handle(message.contents.content as Event);
        expect(cache.segmentsOfProfile(PROFILE)).toEqual([SEGMENT]);
      });
  });

  it('takes a profile out of a segment when it leaves', async () => {
    await pact
      .addAsynchronousInteraction()
      .given(EVENT_STATES.profileLeavesSegment)
      .expectsToReceive('a shopper profile removed from a segment', (message) =>
        message.withJSONContent(membershipEventLike('segment.shopper_profile_removed')),
      )
      .executeTest(async (message) => {
        const cache = new SegmentCache();
        cache.handle(added());
        cache.handle(message.contents.content as Event);
        expect(cache.segmentsOfProfile(PROFILE)).toEqual([]);
      });
  });

  it('forgets a deleted segment and every membership in it, announced or not', async () => {
    await pact
      .addAsynchronousInteraction()
      .given(EVENT_STATES.segmentDeleted)
      .expectsToReceive('a segment deleted', (message) => message.withJSONContent(segmentDeletedLike()))
      .executeTest(async (message) => {
        const cache = new SegmentCache();
        cache.handle(added());
        cache.handle(message.contents.content as Event);
        // A late join of the deleted segment (events of different items may interleave) changes nothing.
        cache.handle(added());
        expect(cache.segmentsOfProfile(PROFILE)).toEqual([]);
      });
  });

  it('forgets a deleted profile', async () => {
    await pact
      .addAsynchronousInteraction()
      .given(EVENT_STATES.profileDeleted)
      .expectsToReceive('a shopper profile deleted', (message) => message.withJSONContent(profileDeletedLike()))
      .executeTest(async (message) => {
        const cache = new SegmentCache();
        cache.handle(added());
        cache.handle(message.contents.content as Event);
        cache.handle(added());
        expect(cache.segmentsOfProfile(PROFILE)).toEqual([]);
      });
  });

  describe('as a webhook receiver', () => {
    // The example delivery: the example event, signed with the receiver's example secret at a fixed time.
    const SECRET = `whsec_${Buffer.from('segment-cache example secret 32b').toString('base64')}`;
    const SIGNED_AT = new Date('2026-01-01T12:00:00.000Z');
    const example = MatchersV3.reify(membershipEventLike('segment.shopper_profile_added')) as Event;
    // Pact hands the test the example with its keys sorted: the example signature is over those bytes.
    const sortedKeys = (value: unknown): unknown =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, v]) => [k, sortedKeys(v)]),
          )
        : value;
    const signature = (body: string) => new Webhook(SECRET).sign(example.id, SIGNED_AT, body);
    afterEach(() => jest.restoreAllMocks());

    it('applies a signed delivery of a join once its signature checks out, and refuses a body that is not what was signed', async () => {
      await pact
        .addAsynchronousInteraction()
        .given(EVENT_STATES.profileJoinsSegmentDelivered)
        .expectsToReceive('a signed webhook delivery of a shopper profile added to a segment', (message) =>
          message.withJSONContent(membershipEventLike('segment.shopper_profile_added')).withMetadata(
            webhookHeadersLike({
              id: example.id,
              timestamp: String(SIGNED_AT.getTime() / 1000),
              signature: signature(JSON.stringify(sortedKeys(example))),
            }),
          ),
        )
        .executeTest(async (message) => {
          // Checked at the time it was signed: the verifier refuses a delivery more than 5 minutes old.
          jest.spyOn(Date, 'now').mockReturnValue(SIGNED_AT.getTime());
          const body = JSON.stringify(message.contents.content);
          const headers = message.metadata as Record<string, string>;
          const cache = new SegmentCache();

          expect(() => cache.receiveDelivery(body.replace(PROFILE, SEGMENT), headers, SECRET)).toThrow();
          expect(cache.segmentsOfProfile(PROFILE)).toEqual([]);
          cache.receiveDelivery(body, headers, SECRET);
          expect(cache.segmentsOfProfile(PROFILE)).toEqual([SEGMENT]);
        });
    });
  });
});
