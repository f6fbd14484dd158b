import { newStore } from '../helpers/api';
import {
  addMembers,
  type BatchConflict,
  type Collection,
  createProfiles,
  createSegments,
  type ErrorResponse,
  inMemberOrder,
  readAllPages,
  type Segment,
  type ShopperProfile,
} from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

const UNKNOWN = '00000000-0000-7000-8000-000000000000';

const ctx = useServiceAndFreshStore();

describe('POST /segments/{segmentId}/shopper-profiles', () => {
  it('adds profiles and answers 201 with them, in request order', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const [a, b] = await createProfiles(ctx.api, 2);

    const response = await ctx.api.post<{ data: ShopperProfile[] }>(`/segments/${segment!.id}/shopper-profiles`, [b!.id, a!.id]);

    expect(response.status).toBe(201);
    expect(response.body).toEqual({ data: [b, a] });
  });

  it('answers 409 for a profile already in the segment, naming it, and adds none of the batch', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const [member, newcomer] = await createProfiles(ctx.api, 2);
    await addMembers(ctx.api, segment!.id, [member!.id]);
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<BatchConflict>(`/segments/${segment!.id}/shopper-profiles`, [newcomer!.id, member!.id]);

    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      data: [],
      errors: [
        {
          status: 409,
          title: 'Unable to add shopper profiles to segment due to conflicts.',
          type: expect.any(String),
          errors: { '1': `Shopper profile \`${member!.id}\` already exists for segment \`${segment!.id}\`.` },
        },
      ],
      meta: { total: 2, success: 0, failed: 2 },
    });
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 404 for an unknown segment', async () => {
    const [profile] = await createProfiles(ctx.api, 1);

    const response = await ctx.api.post<ErrorResponse>(`/segments/${UNKNOWN}/shopper-profiles`, [profile!.id]);

    expect(response.status).toBe(404);
    expect(response.body.errors).toEqual({ segmentId: expect.stringContaining(UNKNOWN) });
  });

  it('answers 404 naming each unknown profile, and adds none of the batch', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const [profile] = await createProfiles(ctx.api, 1);
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<ErrorResponse>(`/segments/${segment!.id}/shopper-profiles`, [profile!.id, UNKNOWN]);

    expect(response.status).toBe(404);
    expect(response.body.errors).toEqual({ '1': expect.stringContaining(UNKNOWN) });
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('does not add a profile of another store', async () => {
    const other = await newStore(ctx.service);
    const [foreign] = await createProfiles(other, 1);
    const [segment] = await createSegments(ctx.api, 1);

    const response = await ctx.api.post(`/segments/${segment!.id}/shopper-profiles`, [foreign!.id]);

    expect(response.status).toBe(404);
  });

  it('accepts 50 profiles in one request and refuses 51 with a title that says the limit', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const profiles = await createProfiles(ctx.api, 51);
    const before = await ctx.api.snapshot();

    const tooMany = await ctx.api.post<ErrorResponse>(
      `/segments/${segment!.id}/shopper-profiles`,
      profiles.map((p) => p.id),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.title).toContain('50');
    expect(await ctx.api.snapshot()).toEqual(before);

    const fifty = await ctx.api.post(
      `/segments/${segment!.id}/shopper-profiles`,
      profiles.slice(0, 50).map((p) => p.id),
    );
    expect(fifty.status).toBe(201);
  });

  it.each([
    ['an empty array', []],
    ['an id that is not a UUID', ['not-a-uuid']],
    ['the same id twice', ['SAME', 'SAME']],
    ['an object', { ids: [] }],
    ['numbers', [1, 2]],
  ])('answers 400 for %s and writes nothing', async (_case, body) => {
    const [segment] = await createSegments(ctx.api, 1);
    const [profile] = await createProfiles(ctx.api, 1);
    const payload = JSON.parse(JSON.stringify(body).replaceAll('SAME', profile!.id));
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<ErrorResponse>(`/segments/${segment!.id}/shopper-profiles`, payload);

    expect(response.status).toBe(400);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 400 for a segment id that is not a UUID', async () => {
    const response = await ctx.api.post<ErrorResponse>('/segments/abc/shopper-profiles', [UNKNOWN]);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({ segmentId: 'must be a UUID' });
  });
});

describe('GET /segments/{segmentId}/shopper-profiles', () => {
  it('pages through every member once with exact totals', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const profiles = await createProfiles(ctx.api, 27);
    await addMembers(
      ctx.api,
      segment!.id,
      profiles.map((p) => p.id),
    );

    const { items, pages } = await readAllPages<ShopperProfile>(ctx.api, `/segments/${segment!.id}/shopper-profiles`, 10);

    expect(items).toEqual(inMemberOrder(profiles));
    expect(pages.map((p) => p.meta.pagination)).toEqual([
      { total: 27, count: 10, per_page: 10, current_page: 1, total_pages: 3 },
      { total: 27, count: 10, per_page: 10, current_page: 2, total_pages: 3 },
      { total: 27, count: 7, per_page: 10, current_page: 3, total_pages: 3 },
    ]);
  });

  it('answers 404 for an unknown segment', async () => {
    const response = await ctx.api.get(`/segments/${UNKNOWN}/shopper-profiles`);

    expect(response.status).toBe(404);
  });
});

describe('GET /shopper-profiles/{shopperProfileId}/segments', () => {
  it("lists a profile's segments with exact totals", async () => {
    const segments = await createSegments(ctx.api, 4);
    const [profile, other] = await createProfiles(ctx.api, 2);
    for (const segment of [segments[0]!, segments[2]!, segments[3]!]) await addMembers(ctx.api, segment.id, [profile!.id]);
    await addMembers(ctx.api, segments[1]!.id, [other!.id]);

    const { items, pages } = await readAllPages<Segment>(ctx.api, `/shopper-profiles/${profile!.id}/segments`, 2);

    expect(items).toEqual([segments[0], segments[2], segments[3]]);
    expect(pages[0]?.meta.pagination).toEqual({ total: 3, count: 2, per_page: 2, current_page: 1, total_pages: 2 });
  });

  it('shows a renamed segment under its new name', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const [profile] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, segment!.id, [profile!.id]);
    await ctx.api.put('/segments', [{ id: segment!.id, name: 'Renamed' }]);

    const response = await ctx.api.get<Collection<Segment>>(`/shopper-profiles/${profile!.id}/segments`);

    expect(response.body.data[0]?.name).toBe('Renamed');
  });

  it('answers 404 for an unknown profile', async () => {
    const response = await ctx.api.get<ErrorResponse>(`/shopper-profiles/${UNKNOWN}/segments`);

    expect(response.status).toBe(404);
    expect(response.body.title).toBe('Shopper profile not found.');
  });
});

describe('DELETE /segments/{segmentId}/shopper-profiles', () => {
  it('removes only the named memberships; the profiles stay', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const [a, b, c] = await createProfiles(ctx.api, 3);
    await addMembers(ctx.api, segment!.id, [a!.id, b!.id, c!.id]);

    const response = await ctx.api.delete(`/segments/${segment!.id}/shopper-profiles`, {
      query: { 'id:in': `${a!.id},${c!.id},${UNKNOWN}` },
    });

    expect(response.status).toBe(204);
    const members = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${segment!.id}/shopper-profiles`);
    expect(members.body.data).toEqual([b]);
    expect(members.body.meta.pagination.total).toBe(1);
    const profiles = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles');
    expect(profiles.body.meta.pagination.total).toBe(3);
  });

  it('empties the segment when id:in is absent', async () => {
    const [segment, untouched] = await createSegments(ctx.api, 2);
    const profiles = await createProfiles(ctx.api, 120);
    await addMembers(
      ctx.api,
      segment!.id,
      profiles.map((p) => p.id),
    );
    await addMembers(ctx.api, untouched!.id, [profiles[0]!.id]);

    const response = await ctx.api.delete(`/segments/${segment!.id}/shopper-profiles`);

    expect(response.status).toBe(204);
    const members = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${segment!.id}/shopper-profiles`);
    expect(members.body.meta.pagination.total).toBe(0);
    expect(members.body.data).toEqual([]);
    const kept = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${untouched!.id}/shopper-profiles`);
    expect(kept.body.meta.pagination.total).toBe(1);
  });

  it('answers 404 for an unknown segment', async () => {
    const response = await ctx.api.delete(`/segments/${UNKNOWN}/shopper-profiles`);

    expect(response.status).toBe(404);
  });

  it('lets a removed profile be added again', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const [profile] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, segment!.id, [profile!.id]);
    await ctx.api.delete(`/segments/${segment!.id}/shopper-profiles`, { query: { 'id:in': profile!.id } });

    const again = await ctx.api.post(`/segments/${segment!.id}/shopper-profiles`, [profile!.id]);

    expect(again.status).toBe(201);
  });
});

describe('deleting a segment', () => {
  it('keeps its profiles and drops it from their segment lists', async () => {
    const [doomed, kept] = await createSegments(ctx.api, 2);
    const [profile] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, doomed!.id, [profile!.id]);
    await addMembers(ctx.api, kept!.id, [profile!.id]);

    await ctx.api.delete('/segments', { query: { 'id:in': doomed!.id } });

    const profiles = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles');
    expect(profiles.body.data).toEqual([profile]);
    const segments = await ctx.api.get<Collection<Segment>>(`/shopper-profiles/${profile!.id}/segments`);
    expect(segments.body.data.map((s) => s.id)).toEqual([kept!.id]);
    expect(segments.body.meta.pagination.total).toBe(1);
    const members = await ctx.api.get(`/segments/${doomed!.id}/shopper-profiles`);
    expect(members.status).toBe(404);
  });
});
