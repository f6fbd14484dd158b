import { join } from 'node:path';
import { MessageProviderPact } from '@pact-foundation/pact';
import { EVENT_STATES, EVENTS_PROVIDER } from '../../contracts/client/events';
import { MESSAGE_PACTS_DIR } from '../../contracts/scripts/pact-messages';
import type { Event } from '../../service/src/events/types';
import { HookDeliverer } from '../../service/src/hooks/delivery';
import { DestinationPolicy } from '../../service/src/hooks/destinations';
import { silentLogger } from '../../service/src/logger';
import { newStore } from '../helpers/api';
import { changeAndWait, type EventsHarness, feedUntil, startEventsHarness } from '../helpers/events';
import { createProfiles, createSegments } from '../helpers/factories';
import { startReceiver } from '../helpers/receiver';

/**
 * The provider side of the message pacts: each message is produced by a real change through the
 * API on a store of its own, published by the in-process publisher from DynamoDB Local's stream,
 * and read back from the feed (or, for a webhook delivery, sent by the delivery code to a hook's
 * receiver on loopback, its headers as the message's metadata); the verifier checks it against
 * what the consumers expect.
 */
/** A delivery as a hook's receiver got it: the body parsed, and its Standard Webhooks headers. */
interface Delivery {
  event: Event;
  headers: Record<string, string>;
}

const loopback = new DestinationPolicy({ allowLoopback: true });

describe('message pacts: the events publisher verified against its consumers', () => {
  let harness: EventsHarness;
  beforeAll(async () => {
    process.env.PACT_DO_NOT_TRACK = 'true';
    harness = await startEventsHarness({ hookDestinations: loopback });
  });
  afterAll(async () => {
    await harness.stop();
  });

  /** Makes the change a state names, and answers the event it is announced by (or the delivery of it). */
  const changes: Record<string, () => Promise<Event | Delivery>> = {
    [EVENT_STATES.profileJoinsSegment]: async () => {
      const api = await newStore(harness.service);
      const [[segment], [profile]] = await Promise.all([createSegments(api, 1), createProfiles(api, 1)]);
      await api.post(`/segments/${segment!.id}/shopper-profiles`, [profile!.id]);
      return (await feedUntil(api, (e) => e.type === 'segment.shopper_profile_added')).find(
        (e) => e.type === 'segment.shopper_profile_added',
      )!;
    },
    [EVENT_STATES.profileJoinsSegmentDelivered]: async () => {
      const api = await newStore(harness.service);
      const receiver = await startReceiver();
      try {
        const made = await changeAndWait(api, async () => Promise.all([createSegments(api, 1), createProfiles(api, 1)]), 2);
        const segment = made.find((e) => e.type === 'segment.created');
        const profile = made.find((e) => e.type === 'shopper_profile.created');
        const hook = await api.post<{ data: { id: string } }>('/hooks', { scope: 'segment.*', destination: receiver.origin });
        await changeAndWait(api, () =>
          api.post(`/segments/${segment?.type === 'segment.created' ? segment.data.segment.id : ''}/shopper-profiles`, [
            profile?.type === 'shopper_profile.created' ? profile.data.shopper_profile.id : '',
          ]),
        );
        // The delivery code itself signs and sends it, as in Lambda and under npm start.
        const deliverer = new HookDeliverer(harness.service.store.hooks, harness.service.store.feed, loopback, silentLogger);
        await deliverer.runHook(api.storeHash, hook.body.data.id);
        const [got] = await receiver.waitFor(1);
        const headers = Object.fromEntries(Object.entries(got!.headers).filter(([name]) => name.startsWith('webhook-'))) as Record<
          string,
          string
        >;
        return { event: JSON.parse(got!.body) as Event, headers };
      } finally {
        await receiver.close();
      }
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

  /** What a message provider answers, given the event of the change its state made (or its delivery). */
  type Produce = (produced: Promise<Event | Delivery> | undefined) => Promise<unknown>;
  const fromTheChange: Produce = async (produced) => produced;
  /** A delivery as a message: the body as content, the headers as metadata (pact-js's form for metadata a provider makes). */
  const fromTheDelivery: Produce = async (produced) => {
    const { event, headers } = (await produced) as Delivery;
    return { __pactMessageMetadata: headers, message: event };
  };

  const verify = (producers: Record<string, Produce>) => {
    let produced: Promise<Event | Delivery> | undefined;
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
        'a signed webhook delivery of a shopper profile added to a segment': fromTheDelivery,
      }),
    ).resolves.toBeDefined();
  }, 120_000);

  it('fails when a message lacks what a consumer relies on (the verification has teeth)', async () => {
    const withoutProfileId: Produce = async (produced) => {
      const event = (await produced) as Event | undefined;
      return event?.type === 'segment.shopper_profile_added' ? { ...event, data: { segment_id: event.data.segment_id } } : event;
    };
    await expect(
      verify({
        'a shopper profile added to a segment': withoutProfileId,
        'a shopper profile removed from a segment': fromTheChange,
        'a segment deleted': fromTheChange,
        'a shopper profile deleted': fromTheChange,
        'a signed webhook delivery of a shopper profile added to a segment': fromTheDelivery,
      }),
    ).rejects.toBeDefined();
  }, 120_000);

  it('fails when a delivery comes without its signature headers', async () => {
    const unsigned: Produce = async (produced) => ((await produced) as Delivery).event;
    await expect(
      verify({
        'a shopper profile added to a segment': fromTheChange,
        'a shopper profile removed from a segment': fromTheChange,
        'a segment deleted': fromTheChange,
        'a shopper profile deleted': fromTheChange,
        'a signed webhook delivery of a shopper profile added to a segment': unsigned,
      }),
    ).rejects.toBeDefined();
  }, 120_000);
});
