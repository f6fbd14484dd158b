import { join } from 'node:path';
import { MessageProviderPact } from '@pact-foundation/pact';
import { EVENT_STATES, EVENTS_PROVIDER } from '../../contracts/client/events';
import { MESSAGE_PACTS_DIR } from '../../contracts/scripts/pact-messages';
import type { Event } from '../../service/src/events/types';
import { newStore } from '../helpers/api';
import { type EventsHarness, feedUntil, startEventsHarness } from '../helpers/events';
import { createProfiles, createSegments } from '../helpers/factories';

/**
 * The provider side of the message pacts: each message is produced by a real change through the
 * API on a store of its own, published by the in-process publisher from DynamoDB Local's stream,
 * and read back from the feed; the verifier checks it against what the consumers expect.
 */
describe('message pacts: the events publisher verified against its consumers', () => {
  let harness: EventsHarness;
  beforeAll(async () => {
    process.env.PACT_DO_NOT_TRACK = 'true';
    harness = await startEventsHarness();
  });
  afterAll(async () => {
    await harness.stop();
  });

  /** Makes the change a state names, and answers the event it is announced by. */
  const changes: Record<string, () => Promise<Event>> = {
    [EVENT_STATES.profileJoinsSegment]: async () => {
      const api = await newStore(harness.service);
      const [[segment], [profile]] = await Promise.all([createSegments(api, 1), createProfiles(api, 1)]);
      await api.post(`/segments/${segment!.id}/shopper-profiles`, [profile!.id]);
      return (await feedUntil(api, (e) => e.type === 'segment.shopper_profile_added')).find(
        (e) => e.type === 'segment.shopper_profile_added',
      )!;
    },
    [EVENT_STATES.profileLeavesSegment]: async () => {
      const api = await newStore(harness.service);
      const [[segment], [profile]] = await Promise.all([createSegments(api, 1), createProfiles(api, 1)]);
      await api.post(`/segments/${segment!.id}/shopper-profiles`, [profile!.id]);
      await api.delete(`/segments/${segment!.id}/shopper-profiles`, { query: { 'id:in': profile!.id } });
      return (await feedUntil(api, (e) => e.type === 'segment.shopper_profile_removed')).find(
        (e) => e.type === 'segment.shopper_profile_removed',
      )!;
    },
    [EVENT_STATES.segmentDeleted]: async () => {
      const api = await newStore(harness.service);
      const [segment] = await createSegments(api, 1);
      await api.delete('/segments', { query: { 'id:in': segment!.id } });
      return (await feedUntil(api, (e) => e.type === 'segment.deleted')).find((e) => e.type === 'segment.deleted')!;
    },
    [EVENT_STATES.profileDeleted]: async () => {
      const api = await newStore(harness.service);
      const [profile] = await createProfiles(api, 1);
      await api.delete('/shopper-profiles', { query: { 'id:in': profile!.id } });
      return (await feedUntil(api, (e) => e.type === 'shopper_profile.deleted')).find((e) => e.type === 'shopper_profile.deleted')!;
    },
  };

  /** What a message provider answers, given the event of the change its state made. */
  type Produce = (produced: Promise<Event> | undefined) => Promise<unknown>;
  const fromTheChange: Produce = async (produced) => produced;

  const verify = (producers: Record<string, Produce>) => {
    let produced: Promise<Event> | undefined;
    return new MessageProviderPact({
      provider: EVENTS_PROVIDER,
      pactUrls: [join(MESSAGE_PACTS_DIR, 'segment-cache-customer-segmentation-events.json')],
      logLevel: 'error',
      stateHandlers: Object.fromEntries(
        Object.entries(changes).map(([state, change]) => [
          state,
          async () => {
            produced = change();
            await produced;
          },
        ]),
      ),
      messageProviders: Object.fromEntries(Object.entries(producers).map(([name, make]) => [name, () => make(produced)])),
    }).verify();
  };

  it('produces every message the consumers expect, from a real change', async () => {
    await expect(
      verify({
        'a shopper profile added to a segment': fromTheChange,
        'a shopper profile removed from a segment': fromTheChange,
        'a segment deleted': fromTheChange,
        'a shopper profile deleted': fromTheChange,
      }),
    ).resolves.toBeDefined();
  }, 120_000);

  it('fails when a message lacks what a consumer relies on (the verification has teeth)', async () => {
    const withoutProfileId: Produce = async (produced) => {
      const event = await produced;
      return event?.type === 'segment.shopper_profile_added' ? { ...event, data: { segment_id: event.data.segment_id } } : event;
    };
    await expect(
      verify({
        'a shopper profile added to a segment': withoutProfileId,
        'a shopper profile removed from a segment': fromTheChange,
        'a segment deleted': fromTheChange,
        'a shopper profile deleted': fromTheChange,
      }),
    ).rejects.toBeDefined();
  }, 120_000);
});
