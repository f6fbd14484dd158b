import { newStore } from '../helpers/api';
import {
  addMembers,
  type BatchConflict,
  type Collection,
  createProfiles,
  createSegments,
  type ErrorResponse,
  readAllPages,
  type Segment,
  type ShopperProfile,
} from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

const ctx = useServiceAndFreshStore();

type Single = { data: ShopperProfile };

async function createGuest(guestId: string): Promise<ShopperProfile> {
  const response = await ctx.api.post<{ data: ShopperProfile[] }>('/shopper-profiles', [{ guest_id: guestId }]);
  if (response.status !== 201) throw new Error(`creating a guest answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.data[0]!;
}

async function segmentIdsOf(profileId: string): Promise<string[]> {
  const { items } = await readAllPages<Segment>(ctx.api, `/shopper-profiles/${profileId}/segments`, 250);
  return items.map((segment) => segment.id);
}

async function memberCount(segmentId: string): Promise<number> {
  const response = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${segmentId}/shopper-profiles`, { query: { limit: 1 } });
  return response.body.meta.pagination.total;
}

describe('guest shopper profiles (POST /shopper-profiles with guest_id)', () => {
  it('creates a guest profile that reads customer_id 0 and its guest_id', async () => {
    const response = await ctx.api.post<{ data: ShopperProfile[] }>('/shopper-profiles', [
      { guest_id: 'cart:7f3a-01' },
      { customer_id: 5 },
    ]);

    expect(response.status).toBe(201);
    expect(response.body.data[0]).toEqual({
      id: expect.any(String),
      customer_id: 0,
      guest_id: 'cart:7f3a-01',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(Object.keys(response.body.data[1]!).sort()).toEqual(['created_at', 'customer_id', 'id', 'updated_at']);
  });

  it('shows the guest everywhere profiles appear', async () => {
    const guest = await createGuest('visitor-1');
    const [segment] = await createSegments(ctx.api, 1);
    await addMembers(ctx.api, segment!.id, [guest.id]);

    const listed = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles');
    const members = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${segment!.id}/shopper-profiles`);
    const added = await ctx.api.post<{ data: ShopperProfile[] }>(
      `/segments/${(await createSegments(ctx.api, 1, 'other'))[0]!.id}/shopper-profiles`,
      [guest.id],
    );

    expect(listed.body.data).toEqual([guest]);
    expect(members.body.data).toEqual([guest]);
    expect(added.body.data).toEqual([guest]);
  });

  it('answers 409 for a guest that already has a profile, and writes nothing', async () => {
    await createGuest('visitor-1');
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<BatchConflict>('/shopper-profiles', [{ guest_id: 'visitor-2' }, { guest_id: 'visitor-1' }]);

    expect(response.status).toBe(409);
    expect(response.body.errors[0]?.errors).toEqual({ '1': expect.stringContaining('visitor-1') });
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 409 when one request names a guest twice', async () => {
    const response = await ctx.api.post<BatchConflict>('/shopper-profiles', [{ guest_id: 'g' }, { guest_id: 'g' }]);

    expect(response.status).toBe(409);
    expect(response.body.errors[0]?.errors).toEqual({ '1': expect.stringContaining('entry 0') });
  });

  it('keeps guest and customer ids apart: guest "5" and customer 5 both get a profile', async () => {
    const response = await ctx.api.post('/shopper-profiles', [{ guest_id: '5' }, { customer_id: 5 }]);

    expect(response.status).toBe(201);
  });

  it.each([
    ['both ids', { customer_id: 1, guest_id: 'g' }, { '0': 'must have exactly one of `customer_id` or `guest_id`' }],
    ['neither id', {}, { '0': 'must have exactly one of `customer_id` or `guest_id`' }],
    ['an empty guest_id', { guest_id: '' }, { '0.guest_id': expect.stringContaining('fewer than 1') }],
    ['a guest_id with a space', { guest_id: 'a b' }, { '0.guest_id': expect.stringContaining('pattern') }],
    ['a guest_id with a comma', { guest_id: 'a,b' }, { '0.guest_id': expect.stringContaining('pattern') }],
    ['a guest_id of 129 characters', { guest_id: 'g'.repeat(129) }, { '0.guest_id': expect.stringContaining('more than 128') }],
    ['a numeric guest_id', { guest_id: 12 }, { '0.guest_id': 'must be string' }],
    ['guest 0 as a customer', { customer_id: 0 }, { '0.customer_id': 'must be >= 1' }],
    ['an unknown field beside guest_id', { guest_id: 'g', extra: 1 }, { '0.extra': 'is not a known field' }],
  ])('answers 400 for an entry with %s, naming what is wrong, and writes nothing', async (_, entry, errors) => {
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<ErrorResponse>('/shopper-profiles', [entry]);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(errors);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('accepts a guest_id of 128 characters of every allowed kind', async () => {
    const guestId = `AZaz09._:-${'x'.repeat(118)}`;

    const created = await createGuest(guestId);

    expect(created.guest_id).toBe(guestId);
  });

  it('lists guests by guest_id:in, and customers and guests together', async () => {
    const [a, b] = [await createGuest('a'), await createGuest('b')];
    const [customer] = await createProfiles(ctx.api, 1);

    const guests = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', { query: { 'guest_id:in': 'b,nobody,a' } });
    const both = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', {
      query: { 'guest_id:in': 'b', 'customer_id:in': String(customer!.customer_id) },
    });

    expect(guests.body.data).toEqual([a, b]);
    expect(both.body.data).toEqual([b, customer]);
    expect(both.body.meta.pagination.total).toBe(2);
  });

  it('answers 400 for a bad guest_id:in', async () => {
    const response = await ctx.api.get<ErrorResponse>('/shopper-profiles', { query: { 'guest_id:in': 'ok,not ok' } });

    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors ?? {})).toEqual(['guest_id:in']);
  });

  it('deletes a guest profile like any other: it leaves its segments and frees the guest id', async () => {
    const guest = await createGuest('visitor-1');
    const [segment] = await createSegments(ctx.api, 1);
    await addMembers(ctx.api, segment!.id, [guest.id]);

    const deleted = await ctx.api.delete('/shopper-profiles', { query: { 'id:in': guest.id } });
    await ctx.service.cleanup.idle();

    expect(deleted.status).toBe(204);
    expect(await memberCount(segment!.id)).toBe(0);
    expect(
      (await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', { query: { 'guest_id:in': 'visitor-1' } })).body.data,
    ).toEqual([]);
    expect((await ctx.api.post('/shopper-profiles', [{ guest_id: 'visitor-1' }])).status).toBe(201);
  });
});

describe('POST /shopper-profiles/merge', () => {
  it('makes the guest’s profile the customer’s when the customer has none: same id, memberships kept', async () => {
    const guest = await createGuest('visitor-1');
    const segments = await createSegments(ctx.api, 2);
    for (const segment of segments) await addMembers(ctx.api, segment.id, [guest.id]);

    const response = await ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 42 });

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ id: guest.id, customer_id: 42, created_at: guest.created_at, updated_at: expect.any(String) });
    expect(await segmentIdsOf(guest.id)).toEqual(segments.map((s) => s.id));
    const members = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${segments[0]!.id}/shopper-profiles`);
    expect(members.body.data).toEqual([response.body.data]);
    const byCustomer = await ctx.api.get<Collection<Segment>>('/customers/42/segments');
    expect(byCustomer.body.data).toEqual(segments);
    const byGuest = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', { query: { 'guest_id:in': 'visitor-1' } });
    expect(byGuest.body.data).toEqual([]);
    expect((await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles')).body.meta.pagination.total).toBe(1);
  });

  it('adds the guest’s segments to the customer’s profile and deletes the guest’s when the customer has one', async () => {
    const guest = await createGuest('visitor-1');
    const [customer] = await createProfiles(ctx.api, 1);
    const segments = await createSegments(ctx.api, 3);
    await addMembers(ctx.api, segments[0]!.id, [guest.id, customer!.id]);
    await addMembers(ctx.api, segments[1]!.id, [guest.id]);
    await addMembers(ctx.api, segments[2]!.id, [customer!.id]);

    const response = await ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: customer!.customer_id });
    await ctx.service.cleanup.idle();

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual(customer);
    expect(await segmentIdsOf(customer!.id)).toEqual(segments.map((s) => s.id));
    expect((await ctx.api.get(`/shopper-profiles/${guest.id}/segments`)).status).toBe(404);
    expect(await Promise.all(segments.map((s) => memberCount(s.id)))).toEqual([1, 1, 1]);
    const listed = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles');
    expect(listed.body.data).toEqual([customer]);
    expect(listed.body.meta.pagination.total).toBe(1);
  });

  it.each([['adopting'], ['folding']])('answers the same profile when the same merge is sent again (%s)', async (kind) => {
    const guest = await createGuest('visitor-1');
    const [segment] = await createSegments(ctx.api, 1);
    await addMembers(ctx.api, segment!.id, [guest.id]);
    const customerId = kind === 'adopting' ? 42 : (await createProfiles(ctx.api, 1))[0]!.customer_id;
    const body = { guest_id: 'visitor-1', customer_id: customerId };

    const first = await ctx.api.post<Single>('/shopper-profiles/merge', body);
    const again = await ctx.api.post<Single>('/shopper-profiles/merge', body);

    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual(first.body.data);
    expect(await memberCount(segment!.id)).toBe(1);
  });

  it('answers 404 for a guest without a profile, and for a merged guest asked into another customer', async () => {
    await createGuest('visitor-1');
    await ctx.api.post('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 42 });

    const unknown = await ctx.api.post<ErrorResponse>('/shopper-profiles/merge', { guest_id: 'nobody', customer_id: 42 });
    const elsewhere = await ctx.api.post<ErrorResponse>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 43 });

    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual({ guest_id: expect.stringContaining('nobody') });
    expect(elsewhere.status).toBe(404);
  });

  it.each([
    ['no guest_id', { customer_id: 1 }],
    ['no customer_id', { guest_id: 'g' }],
    ['customer 0', { guest_id: 'g', customer_id: 0 }],
    ['a bad guest_id', { guest_id: 'a b', customer_id: 1 }],
    ['an unknown field', { guest_id: 'g', customer_id: 1, extra: true }],
    ['an array', [{ guest_id: 'g', customer_id: 1 }]],
  ])('answers 400 for a body with %s, and writes nothing', async (_, body) => {
    await createGuest('g');
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<ErrorResponse>('/shopper-profiles/merge', body);

    expect(response.status).toBe(400);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 403 for a read-only token and 401 for another store’s', async () => {
    await createGuest('g');
    const other = await newStore(ctx.service);

    const readOnly = await ctx.api.post('/shopper-profiles/merge', { guest_id: 'g', customer_id: 1 }, { token: ctx.api.readOnlyToken });
    const foreign = await ctx.api.post('/shopper-profiles/merge', { guest_id: 'g', customer_id: 1 }, { token: other.modifyToken });

    expect(readOnly.status).toBe(403);
    expect(foreign.status).toBe(401);
  });

  it('never merges a guest of another store', async () => {
    const other = await newStore(ctx.service);
    await other.post('/shopper-profiles', [{ guest_id: 'visitor-1' }]);

    const response = await ctx.api.post('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 42 });

    expect(response.status).toBe(404);
    expect((await other.get<Collection<ShopperProfile>>('/shopper-profiles')).body.data[0]?.guest_id).toBe('visitor-1');
  });
});
