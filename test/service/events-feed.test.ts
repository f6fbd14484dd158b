import type { Event } from '../../service/src/events/types';
import { Table } from '../../service/src/store/table';
import { newStore, type StoreApi } from '../helpers/api';
import { type EventsHarness, feedUntil, readFeed, startEventsHarness } from '../helpers/events';
import { createProfiles, createSegments, type Segment } from '../helpers/factories';

const types = (events: readonly Event[]) => events.map((event) => event.type);

describe('GET /events: the feed of committed changes', () => {
  let harness: EventsHarness;
  let api: StoreApi;
  beforeAll(async () => {
    harness = await startEventsHarness();
  });
  afterAll(async () => {
    await harness.stop();
  });
  beforeEach(async () => {
    api = await newStore(harness.service);
  });

  it('announces a segment created, updated and deleted, in order, each with the segment as the API returns it', async () => {
    const [segment] = await createSegments(api, 1);
    const updated = await api.put<{ data: Segment[] }>('/segments', [{ id: segment!.id, name: 'renamed' }]);
    await api.delete('/segments', { query: { 'id:in': segment!.id } });

    const events = await feedUntil(api, (event) => event.type === 'segment.deleted');

    expect(types(events)).toEqual(['segment.created', 'segment.updated', 'segment.deleted']);
    expect(events[0]).toMatchObject({ type: 'segment.created', store_hash: api.storeHash, position: 1, data: { segment } });
    expect(events[1]).toMatchObject({ type: 'segment.updated', position: 2, data: { segment: updated.body.data[0] } });
    expect(events[2]).toMatchObject({ type: 'segment.deleted', position: 3, data: { segment_id: segment!.id } });
    expect(new Set(events.map((event) => event.id)).size).toBe(3);
  });

  it("announces a profile's joins and leaves, and its delete after the end of its memberships", async () => {
    const [a, b] = await createSegments(api, 2);
    const [profile] = await createProfiles(api, 1);
    await api.post(`/segments/${a!.id}/shopper-profiles`, [profile!.id]);
    await api.post(`/segments/${b!.id}/shopper-profiles`, [profile!.id]);
    await api.delete(`/segments/${a!.id}/shopper-profiles`, { query: { 'id:in': profile!.id } });
    await api.delete('/shopper-profiles', { query: { 'id:in': profile!.id } });

    const events = await feedUntil(api, (event) => event.type === 'shopper_profile.deleted');
    const ofProfile = events.filter((event) => JSON.stringify(event.data).includes(profile!.id));

    expect(ofProfile.map((event) => [event.type, 'segment_id' in event.data ? event.data.segment_id : undefined])).toEqual([
      ['shopper_profile.created', undefined],
      ['segment.shopper_profile_added', a!.id],
      ['segment.shopper_profile_added', b!.id],
      ['segment.shopper_profile_removed', a!.id],
      ['segment.shopper_profile_removed', b!.id],
      ['shopper_profile.deleted', undefined],
    ]);
  });

  it("implies a deleted segment's memberships ended by its segment.deleted, without one event a member", async () => {
    const [segment] = await createSegments(api, 1);
    const profiles = await createProfiles(api, 3);
    await api.post(
      `/segments/${segment!.id}/shopper-profiles`,
      profiles.map((p) => p.id),
    );
    await api.delete('/segments', { query: { 'id:in': segment!.id } });
    await harness.service.cleanup.idle();
    // A later change to mark the point by which the cleanup's writes have been published.
    await createSegments(api, 1, 'after');

    const events = await feedUntil(api, (event) => event.type === 'segment.created' && event.data.segment.name.startsWith('after'));

    expect(types(events).filter((type) => type === 'segment.shopper_profile_removed')).toEqual([]);
    expect(types(events).filter((type) => type === 'segment.deleted')).toHaveLength(1);
  });

  it("announces a promotion's targeting as the API returns it, its delete, and nothing for a delete that removed nothing", async () => {
    const [a, b] = await createSegments(api, 2);
    await api.delete('/promotions/8/customer-segments');
    const written = await api.put<{ data: unknown }>('/promotions/7/customer-segments', { id: [a!.id] });
    const rewritten = await api.put<{ data: unknown }>('/promotions/7/customer-segments', { or: [{ id: [a!.id] }, { id: [b!.id] }] });
    await api.delete('/promotions/7/customer-segments');

    const events = await feedUntil(api, (event) => event.type === 'promotion.targeting_deleted');
    const ofPromotions = events.filter((event) => event.type.startsWith('promotion.'));

    expect(ofPromotions.map((event) => [event.type, event.data])).toEqual([
      ['promotion.targeting_updated', { promotion_id: 7, targeting: written.body.data }],
      ['promotion.targeting_updated', { promotion_id: 7, targeting: rewritten.body.data }],
      ['promotion.targeting_deleted', { promotion_id: 7 }],
    ]);
  });

  it("announces an adoption as the profile's merge, and a fold as the guest's end, its copied memberships and the merge", async () => {
    const [segment] = await createSegments(api, 1);
    const guests = await api.post<{ data: { id: string }[] }>('/shopper-profiles', [{ guest_id: 'adopted' }, { guest_id: 'folded' }]);
    const [adopted, folded] = guests.body.data;
    await api.post(`/segments/${segment!.id}/shopper-profiles`, [folded!.id]);
    const adoption = await api.post<{ data: unknown }>('/shopper-profiles/merge', { guest_id: 'adopted', customer_id: 501 });
    const fold = await api.post<{ data: { id: string } }>('/shopper-profiles/merge', { guest_id: 'folded', customer_id: 501 });
    await harness.service.cleanup.idle();

    const events = await feedUntil(api, (event) => event.type === 'shopper_profile.merged' && event.data.guest_id === 'folded');
    const merges = events.filter((event) => event.type === 'shopper_profile.merged');
    const afterAdoption = events.slice(events.indexOf(merges[0]!) + 1);

    expect(merges.map((event) => event.data)).toEqual([
      { guest_id: 'adopted', customer_id: 501, shopper_profile: adoption.body.data },
      { guest_id: 'folded', customer_id: 501, shopper_profile: fold.body.data },
    ]);
    expect(fold.body.data.id).toBe(adopted!.id);
    expect(
      afterAdoption.map((event) => [event.type, 'shopper_profile_id' in event.data ? event.data.shopper_profile_id : undefined]),
    ).toEqual(
      expect.arrayContaining([
        ['segment.shopper_profile_added', adopted!.id],
        ['segment.shopper_profile_removed', folded!.id],
        ['shopper_profile.deleted', folded!.id],
      ]),
    );
  });

  it('pages with limit and always gives a cursor to poll with, the same one when nothing is new', async () => {
    await createSegments(api, 5);
    await feedUntil(api, () => (harness.output.filter((e) => e.store_hash === api.storeHash).length ?? 0) >= 5);

    const first = await api.get<{ data: Event[]; meta: { next_cursor: string } }>('/events', {
      token: api.readOnlyToken,
      query: { limit: 2 },
    });
    const second = await api.get<{ data: Event[]; meta: { next_cursor: string } }>('/events', {
      token: api.readOnlyToken,
      query: { limit: 2, after: first.body.meta.next_cursor },
    });
    const rest = await readFeed(api, second.body.meta.next_cursor);
    const idle = await api.get<{ data: Event[]; meta: { next_cursor: string } }>('/events', {
      token: api.readOnlyToken,
      query: { after: rest.cursor },
    });

    expect(first.body.data.map((e) => e.position)).toEqual([1, 2]);
    expect(second.body.data.map((e) => e.position)).toEqual([3, 4]);
    expect(rest.events.map((e) => e.position)).toEqual([5]);
    expect(idle.status).toBe(200);
    expect(idle.body).toEqual({ data: [], meta: { next_cursor: rest.cursor } });
  });

  it('answers an empty feed with a cursor that later reads the first event', async () => {
    const empty = await readFeed(api);
    await createSegments(api, 1);
    await feedUntil(api, (event) => event.type === 'segment.created');

    const after = await readFeed(api, empty.cursor);

    expect(empty.events).toEqual([]);
    expect(types(after.events)).toEqual(['segment.created']);
  });

  it('answers 400 in the error envelope for a cursor it did not give out, and for one past its end', async () => {
    const garbled = await api.get('/events', { token: api.readOnlyToken, query: { after: 'bm90LWEtY3Vyc29y' } });
    const future = await api.get('/events', { token: api.readOnlyToken, query: { after: Buffer.from('e1.99').toString('base64url') } });
    const badLimit = await api.get('/events', { token: api.readOnlyToken, query: { limit: 251 } });

    expect(garbled.status).toBe(400);
    expect(garbled.body).toMatchObject({ status: 400, errors: { after: expect.any(String) } });
    expect(future.status).toBe(400);
    expect(badLimit.status).toBe(400);
  });

  it('answers 410, not a silent gap, when the events after a cursor are no longer kept', async () => {
    await createSegments(api, 3);
    await feedUntil(api, () => harness.output.filter((e) => e.store_hash === api.storeHash).length >= 3);
    const start = Buffer.from('e1.0').toString('base64url');
    // What the table's time to live does once the retention has passed: the oldest event goes.
    const [oldest] = (await api.queryPartition(`STORE#${api.storeHash}#EVENTS`)).filter((item) => String(item.sk).startsWith('EVENT#'));
    await new Table(harness.service.db, harness.service.tableName).deleteMany([{ pk: String(oldest!.pk), sk: String(oldest!.sk) }]);

    const gone = await api.get('/events', { token: api.readOnlyToken, query: { after: start } });
    const fromOldestKept = await readFeed(api);

    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ status: 410, errors: { after: expect.stringContaining('7 days') } });
    expect(fromOldestKept.events.map((e) => e.position)).toEqual([2, 3]);
  });

  it('keeps stores apart: a store reads only its own events', async () => {
    const other = await newStore(harness.service);
    await createSegments(other, 1);
    await createSegments(api, 1);
    await feedUntil(api, (event) => event.type === 'segment.created');
    await feedUntil(other, (event) => event.type === 'segment.created');

    const mine = await readFeed(api);

    expect(mine.events.every((event) => event.store_hash === api.storeHash)).toBe(true);
    expect(mine.events).toHaveLength(1);
  });
});
