import {
  addMembers,
  type Collection,
  createProfiles,
  createSegments,
  inMemberOrder,
  readAllPages,
  type Segment,
  type ShopperProfile,
} from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

const ctx = useServiceAndFreshStore();

const ids = (items: { id: string }[]) => items.map((item) => item.id);

describe('page-number pagination over remembered page boundaries', () => {
  it('answers a deep page asked for first, then the same page again, identically and correctly', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const profiles = await createProfiles(ctx.api, 230);
    await addMembers(ctx.api, segment!.id, ids(profiles));
    const path = `/segments/${segment!.id}/shopper-profiles`;

    const cold = await ctx.api.get<Collection<ShopperProfile>>(path, { query: { page: 7, limit: 30 } });
    const warm = await ctx.api.get<Collection<ShopperProfile>>(path, { query: { page: 7, limit: 30 } });

    expect(ids(cold.body.data)).toEqual(ids(inMemberOrder(profiles).slice(180, 210)));
    expect(warm.body).toEqual(cold.body);
    expect(cold.body.meta.pagination).toEqual({ total: 230, count: 30, per_page: 30, current_page: 7, total_pages: 8 });
  });

  it('follows the list when members are added and removed after boundaries were remembered', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const profiles = await createProfiles(ctx.api, 120);
    await addMembers(ctx.api, segment!.id, ids(profiles.slice(0, 100)));
    const path = `/segments/${segment!.id}/shopper-profiles`;
    await readAllPages(ctx.api, path, 10);

    await ctx.api.delete(path, { query: { 'id:in': ids(profiles.slice(5, 25)).join(',') } });
    await addMembers(ctx.api, segment!.id, ids(profiles.slice(100, 120)));
    const { items, pages } = await readAllPages<ShopperProfile>(ctx.api, path, 10);

    expect(ids(items)).toEqual(ids(inMemberOrder([...profiles.slice(0, 5), ...profiles.slice(25, 120)])));
    expect(pages.map((p) => p.meta.pagination.count)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
  });

  it('reads page after page past the first hundred pages, before and after a change, in order and complete', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const profiles = await createProfiles(ctx.api, 207);
    await addMembers(ctx.api, segment!.id, ids(profiles.slice(0, 206)));
    const path = `/segments/${segment!.id}/shopper-profiles`;

    const before = await readAllPages<ShopperProfile>(ctx.api, path, 2);
    await addMembers(ctx.api, segment!.id, [profiles[206]!.id]);
    await ctx.api.delete(path, { query: { 'id:in': profiles[0]!.id } });
    const after = await readAllPages<ShopperProfile>(ctx.api, path, 2);

    expect(before.pages).toHaveLength(103);
    expect(ids(before.items)).toEqual(ids(inMemberOrder(profiles.slice(0, 206))));
    expect(ids(after.items)).toEqual(ids(inMemberOrder(profiles.slice(1, 207))));
  });

  it('keeps separate boundaries for each page size', async () => {
    const created = await createSegments(ctx.api, 40);

    const bySeven = await ctx.api.get<Collection<Segment>>('/segments', { query: { page: 3, limit: 7 } });
    const byFive = await ctx.api.get<Collection<Segment>>('/segments', { query: { page: 3, limit: 5 } });

    expect(ids(bySeven.body.data)).toEqual(ids(created.slice(14, 21)));
    expect(ids(byFive.body.data)).toEqual(ids(created.slice(10, 15)));
  });

  it('follows the store’s profiles and segments as they are created and deleted', async () => {
    const profiles = await createProfiles(ctx.api, 30);
    await ctx.api.get('/shopper-profiles', { query: { page: 3, limit: 10 } });

    await ctx.api.delete('/shopper-profiles', { query: { 'id:in': ids(profiles.slice(0, 10)).join(',') } });
    const more = await createProfiles(ctx.api, 5);
    const page2 = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', { query: { page: 2, limit: 10 } });
    const page3 = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', { query: { page: 3, limit: 10 } });

    expect(ids(page2.body.data)).toEqual(ids(profiles.slice(20, 30)));
    expect(ids(page3.body.data)).toEqual(ids(more));
    expect(page3.body.meta.pagination.total).toBe(25);
  });

  it('answers an empty page far past the end, with the real total', async () => {
    const [segment] = await createSegments(ctx.api, 1);

    const response = await ctx.api.get<Collection<ShopperProfile>>(`/segments/${segment!.id}/shopper-profiles`, {
      query: { page: 1000000 },
    });

    expect(response.body).toEqual({
      data: [],
      meta: { pagination: { total: 0, count: 0, per_page: 50, current_page: 1000000, total_pages: 0 } },
    });
  });
});
