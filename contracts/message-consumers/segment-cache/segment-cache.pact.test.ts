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
} from '@customer-segmentation/client/events';
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
});
