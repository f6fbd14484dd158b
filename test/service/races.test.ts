import { segmentIdsOf } from '../../service/src/items/profile';
import { auditMemberships } from '../helpers/audit';
import { type Collection, createProfiles, createSegments, type Segment, type ShopperProfile } from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

const ctx = useServiceAndFreshStore();

const CONCURRENCY = 10;

describe('concurrent writes', () => {
  it('lets exactly one of many concurrent creates of one name through; the rest answer 409', async () => {
    const responses = await Promise.all(Array.from({ length: CONCURRENCY }, () => ctx.api.post('/segments', [{ name: 'Contested' }])));

    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(CONCURRENCY - 1).fill(409)]);
    const listed = await ctx.api.get<Collection<Segment>>('/segments');
    expect(listed.body.meta.pagination.total).toBe(1);
  });

  it('gives one customer exactly one profile under concurrent creates', async () => {
    const responses = await Promise.all(
      Array.from({ length: CONCURRENCY }, () => ctx.api.post('/shopper-profiles', [{ customer_id: 77 }])),
    );

    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(CONCURRENCY - 1);
    const listed = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles');
    expect(listed.body.meta.pagination.total).toBe(1);
  });

  it('never passes 1000 segments: exactly as many concurrent creates succeed as there were places', async () => {
    await createSegments(ctx.api, 995);

    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => ctx.api.post('/segments', [{ name: `late ${i}` }])));

    expect(responses.filter((r) => r.status === 201)).toHaveLength(5);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(7);
    const listed = await ctx.api.get<Collection<Segment>>('/segments', { query: { limit: 250, page: 4 } });
    expect(listed.body.meta.pagination.total).toBe(1000);
    expect(listed.body.data).toHaveLength(250);
  });
});

describe('a rename racing a delete', () => {
  it('leaves both names free once the segment is gone, whichever wins', async () => {
    for (let round = 0; round < 5; round++) {
      const [segment] = await createSegments(ctx.api, 1, `old ${round}`);

      await Promise.all([
        ctx.api.put('/segments', [{ id: segment!.id, name: `new ${round}` }]),
        ctx.api.delete('/segments', { query: { 'id:in': segment!.id } }),
      ]);
      const reuse = await ctx.api.post('/segments', [{ name: `old ${round} 0` }, { name: `new ${round}` }]);

      expect(reuse.status).toBe(201);
    }
  });
});

/** A deterministic pseudo-random sequence, so a failing storm can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('a storm of concurrent membership changes', () => {
  it('leaves memberships that agree from both sides, with exact totals and both ends present', async () => {
    const segments = await createSegments(ctx.api, 6);
    const profiles = await createProfiles(ctx.api, 40);
    const next = random(Number(process.env.STORM_SEED ?? 20261129));
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
    const someProfiles = (count: number) => Array.from(new Set(Array.from({ length: count }, () => pick(profiles).id)));

    const operations = Array.from({ length: 160 }, () => {
      const roll = next();
      if (roll < 0.45)
        return () => ctx.api.post(`/segments/${pick(segments).id}/shopper-profiles`, someProfiles(1 + Math.floor(next() * 5)));
      if (roll < 0.75)
        return () => ctx.api.delete(`/segments/${pick(segments).id}/shopper-profiles`, { query: { 'id:in': someProfiles(2).join(',') } });
      if (roll < 0.9) return () => ctx.api.delete('/shopper-profiles', { query: { 'id:in': pick(profiles).id } });
      if (roll < 0.95) return () => ctx.api.delete('/segments', { query: { 'id:in': pick(segments).id } });
      return () => ctx.api.delete(`/segments/${pick(segments).id}/shopper-profiles`);
    });
    const statuses: number[] = [];
    for (let i = 0; i < operations.length; i += CONCURRENCY) {
      const wave = await Promise.all(operations.slice(i, i + CONCURRENCY).map((operation) => operation()));
      statuses.push(...wave.map((r) => r.status));
    }

    // Every answer was one the API promises (the helper checks each against the document) and none a 5xx.
    expect(statuses.filter((s) => s >= 500)).toEqual([]);

    // Right after the last answer, before any cleanup has run, and again once it has.
    const atOnce = await auditMemberships(ctx.api);
    expect(atOnce.fromProfiles).toEqual(atOnce.fromSegments);
    await ctx.service.cleanup.idle();
    const afterCleanup = await auditMemberships(ctx.api);
    expect(afterCleanup).toEqual(atOnce);
    // Once cleanup is done, each profile's own set of segments names exactly its live memberships.
    const stored = await ctx.service.store.profiles.getManyStored(
      ctx.api.storeHash,
      afterCleanup.profiles.map((p) => p.id),
    );
    const fromSets = stored.flatMap((item) => segmentIdsOf(item).map((segmentId) => `${segmentId}:${item.id}`));
    expect(fromSets.sort()).toEqual(afterCleanup.fromProfiles);
  });
});
