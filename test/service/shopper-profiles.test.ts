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

describe('POST /shopper-profiles', () => {
  it('creates one profile per customer and answers 201', async () => {
    const response = await ctx.api.post<{ data: ShopperProfile[]; meta: object }>('/shopper-profiles', [
      { customer_id: 7 },
      { customer_id: 8 },
    ]);

    expect(response.status).toBe(201);
    expect(response.body.meta).toEqual({});
    expect(response.body.data.map((p) => p.customer_id)).toEqual([7, 8]);
    expect(response.body.data[0]).toEqual({
      id: expect.any(String),
      customer_id: 7,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  it('answers 409 when the customer already has a profile, and writes nothing', async () => {
    await ctx.api.post('/shopper-profiles', [{ customer_id: 7 }]);
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<BatchConflict>('/shopper-profiles', [{ customer_id: 9 }, { customer_id: 7 }]);

    expect(response.status).toBe(409);
    expect(response.body.errors[0]?.errors).toEqual({ '1': expect.stringContaining('Customer 7') });
    expect(response.body.meta).toEqual({ total: 2, success: 0, failed: 2 });
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 409 when one request names a customer twice', async () => {
    const response = await ctx.api.post<BatchConflict>('/shopper-profiles', [{ customer_id: 3 }, { customer_id: 3 }]);

    expect(response.status).toBe(409);
  });

  it('lets the same customer id have a profile in each store', async () => {
    const other = await newStore(ctx.service);
    await other.post('/shopper-profiles', [{ customer_id: 5 }]);

    const response = await ctx.api.post('/shopper-profiles', [{ customer_id: 5 }]);

    expect(response.status).toBe(201);
  });

  it.each([
    ['a guest (customer 0)', [{ customer_id: 0 }]],
    ['a negative customer id', [{ customer_id: -4 }]],
    ['a fractional customer id', [{ customer_id: 1.5 }]],
    ['a customer id as a string', [{ customer_id: '12' }]],
    ['a missing customer id', [{}]],
    ['an object instead of an array', { customer_id: 1 }],
    ['an empty array', []],
  ])('answers 400 for %s and writes nothing', async (_case, body) => {
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<ErrorResponse>('/shopper-profiles', body);

    expect(response.status).toBe(400);
    expect(response.body.status).toBe(400);
    expect(await ctx.api.snapshot()).toEqual(before);
  });
});

describe('GET /shopper-profiles', () => {
  it('pages through every profile once, oldest first, with exact totals', async () => {
    const created = await createProfiles(ctx.api, 12);

    const { items, pages } = await readAllPages<ShopperProfile>(ctx.api, '/shopper-profiles', 5);

    expect(items.map((p) => p.id)).toEqual(created.map((p) => p.id));
    expect(pages.map((p) => p.meta.pagination.count)).toEqual([5, 5, 2]);
    expect(pages.every((p) => p.meta.pagination.total === 12 && p.meta.pagination.total_pages === 3)).toBe(true);
  });

  it('uses 50 as the default page size', async () => {
    await createProfiles(ctx.api, 51);

    const response = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles');

    expect(response.body.data).toHaveLength(50);
    expect(response.body.meta.pagination).toEqual({ total: 51, count: 50, per_page: 50, current_page: 1, total_pages: 2 });
  });
});

describe('DELETE /shopper-profiles', () => {
  it('deletes the named profiles and removes them from every segment', async () => {
    const [keep, drop] = await createProfiles(ctx.api, 2);
    const [first, second] = await createSegments(ctx.api, 2);
    await addMembers(ctx.api, first!.id, [keep!.id, drop!.id]);
    await addMembers(ctx.api, second!.id, [drop!.id]);

    const response = await ctx.api.delete('/shopper-profiles', { query: { 'id:in': drop!.id } });

    expect(response.status).toBe(204);
    const profiles = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles');
    expect(profiles.body.data.map((p) => p.id)).toEqual([keep!.id]);
    const firstMembers = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${first!.id}/shopper-profiles`);
    expect(firstMembers.body.data.map((p) => p.id)).toEqual([keep!.id]);
    expect(firstMembers.body.meta.pagination.total).toBe(1);
    const secondMembers = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${second!.id}/shopper-profiles`);
    expect(secondMembers.body.meta.pagination.total).toBe(0);
    const gone = await ctx.api.get(`/shopper-profiles/${drop!.id}/segments`);
    expect(gone.status).toBe(404);
  });

  it('deletes every profile of the store when id:in is absent, keeping the segments', async () => {
    const profiles = await createProfiles(ctx.api, 30);
    const [segment] = await createSegments(ctx.api, 1);
    await addMembers(
      ctx.api,
      segment!.id,
      profiles.map((p) => p.id),
    );

    const response = await ctx.api.delete('/shopper-profiles');

    expect(response.status).toBe(204);
    const listed = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles');
    expect(listed.body.meta.pagination.total).toBe(0);
    const members = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${segment!.id}/shopper-profiles`);
    expect(members.body).toEqual({ data: [], meta: { pagination: { total: 0, count: 0, per_page: 50, current_page: 1, total_pages: 0 } } });
    const segments = await ctx.api.get<Collection<Segment>>('/segments');
    expect(segments.body.meta.pagination.total).toBe(1);
  });

  it('frees the customer for a new profile', async () => {
    const [profile] = await createProfiles(ctx.api, 1);
    await ctx.api.delete('/shopper-profiles', { query: { 'id:in': profile!.id } });

    const again = await ctx.api.post('/shopper-profiles', [{ customer_id: profile!.customer_id }]);

    expect(again.status).toBe(201);
  });
});
