import fc from 'fast-check';
import { newStore } from '../helpers/api';
import { addMembers, type Collection, createProfiles, createSegments } from '../helpers/factories';
import type { Targeting } from '../helpers/promotions';
import { useServiceAndFreshStore } from '../helpers/service';

const ctx = useServiceAndFreshStore();

const SEGMENTS = 5;
const PROFILES = 4;

/** An expression over segment positions (0‥SEGMENTS-1), three operator levels at most, as the API document allows. */
type Expr = { id: number[] } | { not: Expr } | { and: Expr[] } | { or: Expr[] };

const ids: fc.Arbitrary<Expr> = fc.record({ id: fc.array(fc.nat(SEGMENTS - 1), { minLength: 1, maxLength: 2 }) });
const level = (below: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> =>
  fc.oneof(
    ids,
    fc.record({ not: below }),
    fc.record({ and: fc.array(below, { minLength: 2, maxLength: 3 }) }),
    fc.record({ or: fc.array(below, { minLength: 2, maxLength: 3 }) }),
  );
const expression = level(level(level(ids)));

function idCount(e: Expr): number {
  if ('id' in e) return e.id.length;
  if ('not' in e) return idCount(e.not);
  return ('and' in e ? e.and : e.or).reduce((sum, x) => sum + idCount(x), 0);
}

/** The definition, written here apart from the service: `id` is "in any of these live segments". */
function holds(e: Expr, inSegment: (position: number) => boolean): boolean {
  if ('id' in e) return e.id.some(inSegment);
  if ('not' in e) return !holds(e.not, inSegment);
  if ('and' in e) return e.and.every((x) => holds(x, inSegment));
  return e.or.some((x) => holds(x, inSegment));
}

function withIds(e: Expr, segmentIds: string[]): unknown {
  if ('id' in e) return { id: e.id.map((position) => segmentIds[position]) };
  if ('not' in e) return { not: withIds(e.not, segmentIds) };
  if ('and' in e) return { and: e.and.map((x) => withIds(x, segmentIds)) };
  return { or: e.or.map((x) => withIds(x, segmentIds)) };
}

const scenario = fc.record({
  membership: fc.array(fc.array(fc.boolean(), { minLength: SEGMENTS, maxLength: SEGMENTS }), {
    minLength: PROFILES,
    maxLength: PROFILES,
  }),
  deleted: fc.array(fc.boolean(), { minLength: SEGMENTS, maxLength: SEGMENTS }),
  expressions: fc.array(
    expression.filter((e) => idCount(e) <= 20),
    { minLength: 1, maxLength: 6 },
  ),
});

describe('eligibility (property)', () => {
  it('lists exactly the promotions the definition makes true, for random expressions, memberships and deleted segments', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ membership, deleted, expressions }) => {
        const api = await newStore(ctx.service);
        const segments = (await createSegments(api, SEGMENTS)).map((s) => s.id);
        const profiles = (await createProfiles(api, PROFILES)).map((p) => p.id);
        for (let s = 0; s < SEGMENTS; s++) {
          const members = profiles.filter((_, p) => membership[p]![s]);
          if (members.length > 0) await addMembers(api, segments[s]!, members);
        }
        for (const [i, e] of expressions.entries()) {
          const put = await api.put(`/promotions/${i + 1}/customer-segments`, withIds(e, segments));
          expect(put.status).toBe(200);
        }
        const gone = segments.filter((_, s) => deleted[s]);
        if (gone.length > 0) expect((await api.delete('/segments', { query: { 'id:in': gone } })).status).toBe(204);

        for (let p = 0; p < PROFILES; p++) {
          const response = await api.get<Collection<Targeting>>(`/shopper-profiles/${profiles[p]}/promotions`, { query: { limit: 250 } });
          expect(response.status).toBe(200);
          const expected = expressions
            .map((e, i) => ({ e, id: i + 1 }))
            .filter(({ e }) => holds(e, (s) => membership[p]![s]! && !deleted[s]))
            .map(({ id }) => id);
          expect(response.body.data.map((t) => t.promotion_id)).toEqual(expected);
          expect(response.body.meta.pagination.total).toBe(expected.length);
          for (const targeting of response.body.data) {
            for (const id of targeting.deleted_segment_ids) expect(gone).toContain(id);
            for (const id of targeting.segment_ids) expect(gone).not.toContain(id);
          }
        }
      }),
      { numRuns: 15 },
    );
  }, 240_000);
});
