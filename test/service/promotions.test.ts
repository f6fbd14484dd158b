import type { TargetingExpression } from '../../service/src/items/expression';
import { targetingItems } from '../../service/src/promotions/promotions.repository';
import { Table } from '../../service/src/store/table';
import type { StoreApi } from '../helpers/api';
import { newStore } from '../helpers/api';
import { addMembers, type Collection, createProfiles, createSegments, type ErrorResponse } from '../helpers/factories';
import { type Targeting, targetingSnapshot } from '../helpers/promotions';
import { testDynamoClient, useServiceAndFreshStore } from '../helpers/service';

const UNKNOWN = '00000000-0000-7000-8000-000000000000';

/** Told the number of actions of every TransactWriteItems the service sends. */
let transactions: (actions: number) => void = () => {};
const ctx = useServiceAndFreshStore({
  client: () => {
    const client = testDynamoClient();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          transactions(((args.input as { TransactItems?: unknown[] }).TransactItems ?? []).length);
        }
        return next(args);
      },
      { step: 'initialize', name: 'transactionSizes' },
    );
    return client;
  },
});
afterEach(() => {
  transactions = () => {};
});

const targetingPath = (promotionId: number | string) => `/promotions/${promotionId}/customer-segments`;

async function target(api: StoreApi, promotionId: number, expression: unknown): Promise<Targeting> {
  const response = await api.put<{ data: Targeting }>(targetingPath(promotionId), expression);
  if (response.status !== 200) throw new Error(`PUT targeting answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.data;
}

async function eligible(api: StoreApi, profileId: string): Promise<number[]> {
  const response = await api.get<Collection<Targeting>>(`/shopper-profiles/${profileId}/promotions`, { query: { limit: 250 } });
  if (response.status !== 200) throw new Error(`eligibility answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.data.map((targeting) => targeting.promotion_id);
}

describe('PUT /promotions/{promotionId}/customer-segments', () => {
  it('stores the expression as written and answers 200 with the targeting', async () => {
    const [a, b] = await createSegments(ctx.api, 2);
    const expression = { and: [{ id: [b!.id, a!.id] }, { not: { id: [a!.id] } }] };

    const response = await ctx.api.put<{ data: Targeting; meta: object }>(targetingPath(7), expression);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: {
        promotion_id: 7,
        customer_segments: expression,
        segment_ids: [b!.id, a!.id],
        deleted_segment_ids: [],
        updated_at: expect.any(String),
      },
      meta: {},
    });
    const read = await ctx.api.get<{ data: Targeting }>(targetingPath(7));
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual(response.body.data);
  });

  it('replaces what the promotion targeted, edges included', async () => {
    const [a, b] = await createSegments(ctx.api, 2);
    await target(ctx.api, 1, { id: [a!.id] });

    await target(ctx.api, 1, { id: [b!.id] });

    const ofA = await ctx.api.get<Collection<Targeting>>(`/segments/${a!.id}/promotions`);
    const ofB = await ctx.api.get<Collection<Targeting>>(`/segments/${b!.id}/promotions`);
    expect(ofA.body.data).toEqual([]);
    expect(ofA.body.meta.pagination.total).toBe(0);
    expect(ofB.body.data.map((t) => t.customer_segments)).toEqual([{ id: [b!.id] }]);
  });

  it('answers 404 naming every unknown segment id, and writes nothing', async () => {
    const [a] = await createSegments(ctx.api, 1);
    const other = '00000000-0000-7000-8000-000000000001';
    const before = await targetingSnapshot(ctx.api);

    const response = await ctx.api.put<ErrorResponse>(targetingPath(3), { or: [{ id: [a!.id, UNKNOWN] }, { not: { id: [other] } }] });

    expect(response.status).toBe(404);
    expect(Object.keys(response.body.errors ?? {}).sort()).toEqual([UNKNOWN, other].sort());
    expect(await targetingSnapshot(ctx.api)).toEqual(before);
    expect((await ctx.api.get(targetingPath(3))).status).toBe(404);
  });

  it.each([
    ['an unknown operator', { xor: [{ id: ['0190a9d2-0000-7000-8000-000000000000'] }] }],
    ['an empty id list', { id: [] }],
    ['an id that is not a UUID', { id: ['vip'] }],
    ['an id list that is not an array', { id: '0190a9d2-0000-7000-8000-000000000000' }],
    ['an `and` of one operand', { and: [{ id: ['0190a9d2-0000-7000-8000-000000000000'] }] }],
    ['an `or` of no operand', { or: [] }],
    [
      'two operators in one object',
      { not: { id: ['0190a9d2-0000-7000-8000-000000000000'] }, id: ['0190a9d2-0000-7000-8000-000000000000'] },
    ],
    ['four operator levels', { not: { not: { not: { not: { id: ['0190a9d2-0000-7000-8000-000000000000'] } } } } }],
    [
      'an operator under the third level',
      { and: [{ or: [{ and: [{ not: { id: [UNKNOWN] } }, { id: [UNKNOWN] }] }, { id: [UNKNOWN] }] }, { id: [UNKNOWN] }] },
    ],
    ['an array body', [{ id: ['0190a9d2-0000-7000-8000-000000000000'] }]],
  ])('answers 400 for %s and writes nothing', async (_name, body) => {
    const before = await targetingSnapshot(ctx.api);

    const response = await ctx.api.put<ErrorResponse>(targetingPath(5), body);

    expect(response.status).toBe(400);
    expect(response.body.status).toBe(400);
    expect(await targetingSnapshot(ctx.api)).toEqual(before);
  });

  it('takes three operator levels whose third holds id lists only', async () => {
    const [a, b] = await createSegments(ctx.api, 2);
    const expression = { and: [{ or: [{ not: { id: [a!.id] } }, { and: [{ id: [a!.id] }, { id: [b!.id] }] }] }, { id: [b!.id] }] };

    const targeting = await target(ctx.api, 9, expression);

    expect(targeting.customer_segments).toEqual(expression);
  });

  it('takes an expression naming 6 distinct segments 25 times, three levels deep (a segment named again counts once)', async () => {
    const [a, b, c, d, e, f] = (await createSegments(ctx.api, 6)).map((segment) => segment.id);
    const expression = {
      or: [
        { and: [{ id: [a!, b!, c!] }, { not: { id: [d!, e!] } }, { or: [{ id: [a!, f!] }, { id: [b!, c!] }] }] },
        { and: [{ not: { id: [a!, b!, c!, d!] } }, { or: [{ id: [e!, f!] }, { id: [a!, d!] }] }] },
        { not: { or: [{ id: [f!, e!, d!] }, { id: [c!, b!, a!] }, { id: [e!, f!] }] } },
      ],
    };
    expect(JSON.stringify(expression).match(/[0-9a-f]{8}-/g)).toHaveLength(25);

    const targeting = await target(ctx.api, 25, expression);

    expect(targeting.customer_segments).toEqual(expression);
    expect(targeting.segment_ids).toEqual([a, b, c, d, e, f]);
    expect((await ctx.api.get<{ data: Targeting }>(targetingPath(25))).body.data.customer_segments).toEqual(expression);
  });

  it('names up to 32 distinct segments; the largest write, 32 edges replaced by 32 others moving the always-candidate edge, is one transaction of 98 actions', async () => {
    const first = (await createSegments(ctx.api, 32, 'first')).map((segment) => segment.id);
    const others = (await createSegments(ctx.api, 32, 'other')).map((segment) => segment.id);
    // An id list takes at most 20 ids; `or` joins two of them.
    const anyOf = (ids: string[]) => ({ or: [{ id: ids.slice(0, 20) }, { id: ids.slice(20) }] });
    const sizes: number[] = [];
    transactions = (actions) => sizes.push(actions);

    const created = await target(ctx.api, 11, anyOf(first));
    const replaced = await target(ctx.api, 11, { not: anyOf(others) });

    expect(created.segment_ids).toEqual(first);
    expect(replaced.segment_ids).toEqual(others);
    // 2 + 2·32 to create (the node, the store's count, a check and an edge per segment); 3·32 + 2
    // to replace (the node, a check and an edge per segment named, a removal per segment no
    // longer named, the always-candidate edge).
    expect(sizes).toEqual([66, 98]);
    const ofFirst = await ctx.api.get<Collection<Targeting>>(`/segments/${first[31]}/promotions`);
    expect(ofFirst.body.meta.pagination.total).toBe(0);
    const ofOther = await ctx.api.get<Collection<Targeting>>(`/segments/${others[31]}/promotions`);
    expect(ofOther.body.data.map((t) => t.promotion_id)).toEqual([11]);
  });

  it('answers 400 for 33 distinct segment ids, naming the count, and writes nothing', async () => {
    const ids = (await createSegments(ctx.api, 33)).map((segment) => segment.id);
    await target(ctx.api, 12, { id: [ids[0]!] });
    const before = await targetingSnapshot(ctx.api);

    const response = await ctx.api.put<ErrorResponse>(targetingPath(12), {
      or: [{ id: ids.slice(0, 20) }, { id: ids.slice(20) }],
    });

    expect(response.status).toBe(400);
    expect(response.body.title).toBe('An expression may name at most 32 distinct segment ids.');
    expect(response.body.errors).toEqual({ body: expect.stringContaining('names 33 distinct segment ids; at most 32') });
    expect(await targetingSnapshot(ctx.api)).toEqual(before);
  });

  it('answers 400 for an expression past 1500 bytes of JSON (the copy each named segment keeps), writing nothing', async () => {
    const [a] = await createSegments(ctx.api, 1);
    // Each id takes 39 bytes (the id, its quotes and a comma): 37 of them 1,469 bytes, 39 of them 1,547.
    const fits = { or: [{ id: Array(18).fill(a!.id) }, { id: Array(19).fill(a!.id) }] };
    const tooLarge = { or: [{ id: Array(20).fill(a!.id) }, { id: Array(19).fill(a!.id) }] };
    expect(JSON.stringify(fits).length).toBeLessThanOrEqual(1500);
    expect(JSON.stringify(tooLarge).length).toBeGreaterThan(1500);

    expect((await ctx.api.put(targetingPath(13), fits)).status).toBe(200);
    const before = await targetingSnapshot(ctx.api);
    const response = await ctx.api.put<ErrorResponse>(targetingPath(14), tooLarge);

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({ body: expect.stringMatching(/^takes 15\d\d bytes as JSON without spaces; at most 1500/) });
    expect(await targetingSnapshot(ctx.api)).toEqual(before);
    expect((await ctx.api.get(targetingPath(14))).status).toBe(404);
  });

  it.each([
    ['0', 0],
    ['a negative id', -4],
    ['a word', 'abc'],
    ['a fraction', '1.5'],
    ['an id past 2^53 - 1', '9007199254740992'],
  ])('answers 400 for a promotion id that is %s', async (_name, id) => {
    const [a] = await createSegments(ctx.api, 1);

    const response = await ctx.api.put<ErrorResponse>(targetingPath(id), { id: [a!.id] });

    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveProperty('promotionId');
  });

  it('answers 401 without a token and 403 with a read-only token, writing nothing', async () => {
    const [a] = await createSegments(ctx.api, 1);

    const anonymous = await ctx.api.put(targetingPath(1), { id: [a!.id] }, { token: null });
    const readOnly = await ctx.api.put(targetingPath(1), { id: [a!.id] }, { token: ctx.api.readOnlyToken });
    const deleteReadOnly = await ctx.api.delete(targetingPath(1), { token: ctx.api.readOnlyToken });

    expect(anonymous.status).toBe(401);
    expect(readOnly.status).toBe(403);
    expect(deleteReadOnly.status).toBe(403);
    expect((await ctx.api.get(targetingPath(1))).status).toBe(404);
  });
});

describe('GET and DELETE /promotions/{promotionId}/customer-segments', () => {
  it('answers 404 for a promotion that targets nothing', async () => {
    const response = await ctx.api.get<ErrorResponse>(targetingPath(404), { token: ctx.api.readOnlyToken });

    expect(response.status).toBe(404);
  });

  it('deletes the targeting and its edges, and answers 204 again when there is nothing', async () => {
    const [a] = await createSegments(ctx.api, 1);
    await target(ctx.api, 8, { not: { id: [a!.id] } });
    const [profile] = await createProfiles(ctx.api, 1);
    expect(await eligible(ctx.api, profile!.id)).toEqual([8]);

    expect((await ctx.api.delete(targetingPath(8))).status).toBe(204);
    expect((await ctx.api.delete(targetingPath(8))).status).toBe(204);

    expect((await ctx.api.get(targetingPath(8))).status).toBe(404);
    expect((await ctx.api.get<Collection<Targeting>>(`/segments/${a!.id}/promotions`)).body.data).toEqual([]);
    expect(await eligible(ctx.api, profile!.id)).toEqual([]);
  });
});

describe('GET /segments/{segmentId}/promotions', () => {
  it('lists every promotion naming the segment, by promotion id, a page at a time with exact totals', async () => {
    const [a, b] = await createSegments(ctx.api, 2);
    for (const id of [30, 4, 12, 1000, 7]) await target(ctx.api, id, { or: [{ id: [b!.id] }, { not: { id: [a!.id] } }] });
    await target(ctx.api, 5, { id: [b!.id] });

    const first = await ctx.api.get<Collection<Targeting>>(`/segments/${a!.id}/promotions`, { query: { limit: 2 } });
    const third = await ctx.api.get<Collection<Targeting>>(`/segments/${a!.id}/promotions`, { query: { limit: 2, page: 3 } });

    expect(first.body.data.map((t) => t.promotion_id)).toEqual([4, 7]);
    expect(third.body.data.map((t) => t.promotion_id)).toEqual([1000]);
    expect(first.body.meta.pagination).toEqual({ total: 5, count: 2, per_page: 2, current_page: 1, total_pages: 3 });
  });

  it('answers 404 for an unknown segment and for a deleted one', async () => {
    const [a] = await createSegments(ctx.api, 1);
    await target(ctx.api, 1, { id: [a!.id] });
    await ctx.api.delete('/segments', { query: { 'id:in': a!.id } });

    expect((await ctx.api.get(`/segments/${UNKNOWN}/promotions`)).status).toBe(404);
    expect((await ctx.api.get(`/segments/${a!.id}/promotions`)).status).toBe(404);
  });
});

describe('GET /shopper-profiles/{shopperProfileId}/promotions', () => {
  it('lists the promotions whose expression holds for the profile, by promotion id', async () => {
    const [vip, gold, churned] = await createSegments(ctx.api, 3);
    const [profile] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, vip!.id, [profile!.id]);
    await addMembers(ctx.api, gold!.id, [profile!.id]);
    await target(ctx.api, 10, { id: [churned!.id, vip!.id] }); // in any of them: yes
    await target(ctx.api, 3, { and: [{ id: [vip!.id] }, { id: [gold!.id] }] }); // both: yes
    await target(ctx.api, 2, { and: [{ id: [vip!.id] }, { id: [churned!.id] }] }); // no
    await target(ctx.api, 6, { not: { id: [churned!.id] } }); // true outside every segment: yes
    await target(ctx.api, 1, { not: { id: [gold!.id] } }); // no

    const response = await ctx.api.get<Collection<Targeting>>(`/shopper-profiles/${profile!.id}/promotions`, {
      token: ctx.api.readOnlyToken,
    });

    expect(response.status).toBe(200);
    expect(response.body.data.map((t) => t.promotion_id)).toEqual([3, 6, 10]);
    expect(response.body.meta.pagination).toEqual({ total: 3, count: 3, per_page: 50, current_page: 1, total_pages: 1 });
  });

  it('follows memberships at once: eligible on the call after joining, not after leaving', async () => {
    const [vip] = await createSegments(ctx.api, 1);
    const [profile] = await createProfiles(ctx.api, 1);
    await target(ctx.api, 1, { id: [vip!.id] });
    expect(await eligible(ctx.api, profile!.id)).toEqual([]);

    await addMembers(ctx.api, vip!.id, [profile!.id]);
    expect(await eligible(ctx.api, profile!.id)).toEqual([1]);

    await ctx.api.delete(`/segments/${vip!.id}/shopper-profiles`, { query: { 'id:in': profile!.id } });
    expect(await eligible(ctx.api, profile!.id)).toEqual([]);
  });

  it('answers 404 for an unknown profile and for a deleted one', async () => {
    const [profile] = await createProfiles(ctx.api, 1);
    await ctx.api.delete('/shopper-profiles', { query: { 'id:in': profile!.id } });

    expect((await ctx.api.get(`/shopper-profiles/${UNKNOWN}/promotions`)).status).toBe(404);
    expect((await ctx.api.get(`/shopper-profiles/${profile!.id}/promotions`)).status).toBe(404);
  });

  it('answers 401 without a token', async () => {
    const [profile] = await createProfiles(ctx.api, 1);

    expect((await ctx.api.get(`/shopper-profiles/${profile!.id}/promotions`, { token: null })).status).toBe(401);
  });
});

describe('a segment deleted after a promotion named it', () => {
  async function deleteSegment(api: StoreApi, id: string) {
    expect((await api.delete('/segments', { query: { 'id:in': id } })).status).toBe(204);
  }

  it('stays in the expression as written, moves to deleted_segment_ids, and counts as empty under `id`', async () => {
    const [gone, kept] = await createSegments(ctx.api, 2);
    const [profile] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, gone!.id, [profile!.id]);
    const expression = { id: [gone!.id, kept!.id] };
    await target(ctx.api, 1, expression);
    expect(await eligible(ctx.api, profile!.id)).toEqual([1]);

    await deleteSegment(ctx.api, gone!.id);

    const read = await ctx.api.get<{ data: Targeting }>(targetingPath(1));
    expect(read.body.data).toMatchObject({ customer_segments: expression, segment_ids: [kept!.id], deleted_segment_ids: [gone!.id] });
    // The profile's edge to the deleted segment may still be in the table: it must not count.
    expect(await eligible(ctx.api, profile!.id)).toEqual([]);
  });

  it('makes `not` of it true for everyone', async () => {
    const [gone] = await createSegments(ctx.api, 1);
    const [member, other] = await createProfiles(ctx.api, 2);
    await addMembers(ctx.api, gone!.id, [member!.id]);
    await target(ctx.api, 2, { not: { id: [gone!.id] } });
    expect(await eligible(ctx.api, member!.id)).toEqual([]);
    expect(await eligible(ctx.api, other!.id)).toEqual([2]);

    await deleteSegment(ctx.api, gone!.id);

    expect(await eligible(ctx.api, member!.id)).toEqual([2]);
    expect(await eligible(ctx.api, other!.id)).toEqual([2]);
  });

  it('counts as empty inside `and` and `or`', async () => {
    const [gone, kept] = await createSegments(ctx.api, 2);
    const [profile] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, gone!.id, [profile!.id]);
    await addMembers(ctx.api, kept!.id, [profile!.id]);
    await target(ctx.api, 3, { and: [{ id: [gone!.id] }, { id: [kept!.id] }] });
    await target(ctx.api, 4, { or: [{ id: [gone!.id] }, { not: { id: [kept!.id] } }] });
    await target(ctx.api, 5, { and: [{ not: { id: [gone!.id] } }, { id: [kept!.id] }] });
    expect(await eligible(ctx.api, profile!.id)).toEqual([3, 4]);

    await deleteSegment(ctx.api, gone!.id);

    expect(await eligible(ctx.api, profile!.id)).toEqual([5]);
    const listed = await ctx.api.get<Collection<Targeting>>(`/segments/${kept!.id}/promotions`);
    expect(listed.body.data.map((t) => [t.promotion_id, t.deleted_segment_ids])).toEqual([
      [3, [gone!.id]],
      [4, [gone!.id]],
      [5, [gone!.id]],
    ]);
  });

  it('cannot be named by a new targeting', async () => {
    const [gone] = await createSegments(ctx.api, 1);
    await deleteSegment(ctx.api, gone!.id);

    const response = await ctx.api.put<ErrorResponse>(targetingPath(1), { id: [gone!.id] });

    expect(response.status).toBe(404);
    expect(response.body.errors).toEqual({ [gone!.id]: expect.stringContaining(gone!.id) });
  });
});

describe('tenant isolation', () => {
  it("never targets, lists or evaluates another store's segments and promotions", async () => {
    const other = await newStore(ctx.service);
    const [theirs] = await createSegments(other, 1);
    const [theirProfile] = await createProfiles(other, 1);
    await addMembers(other, theirs!.id, [theirProfile!.id]);
    await target(other, 1, { or: [{ id: [theirs!.id] }, { not: { id: [theirs!.id] } }] });
    const before = await targetingSnapshot(ctx.api);

    const put = await ctx.api.put<ErrorResponse>(targetingPath(2), { id: [theirs!.id] });

    expect(put.status).toBe(404);
    expect(await targetingSnapshot(ctx.api)).toEqual(before);
    expect((await ctx.api.get(targetingPath(1))).status).toBe(404);
    expect((await ctx.api.get(`/segments/${theirs!.id}/promotions`)).status).toBe(404);
    expect((await ctx.api.get(`/shopper-profiles/${theirProfile!.id}/promotions`)).status).toBe(404);
    expect((await ctx.api.delete(targetingPath(1))).status).toBe(204);
    expect((await other.get(targetingPath(1))).status).toBe(200);
    // The other store's token is refused on this store's paths.
    expect((await ctx.api.get(targetingPath(1), { token: other.modifyToken })).status).toBe(401);
  });
});

describe('limits', () => {
  /** Batch-writes the items the API would write for these targetings: 250 PUTs would only measure the machine. */
  async function seedTargetings(api: StoreApi, targetings: { promotionId: number; expression: TargetingExpression }[]) {
    const table = new Table(api.service.db, api.service.tableName);
    await table.putMany(targetingItems(api.storeHash, targetings, new Date().toISOString()));
  }

  it('answers 409 when a segment is already named by 250 promotions, and writes nothing', async () => {
    const [full, other] = await createSegments(ctx.api, 2);
    await seedTargetings(
      ctx.api,
      Array.from({ length: 250 }, (_, i) => ({ promotionId: i + 1, expression: { id: [full!.id] } })),
    );
    const before = await targetingSnapshot(ctx.api);

    const response = await ctx.api.put<ErrorResponse>(targetingPath(251), { or: [{ id: [other!.id] }, { id: [full!.id] }] });

    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual({ [full!.id]: expect.stringContaining('250') });
    expect(await targetingSnapshot(ctx.api)).toEqual(before);
    // Replacing a promotion that already names it takes no new place.
    expect((await ctx.api.put(targetingPath(1), { or: [{ id: [other!.id] }, { id: [full!.id] }] })).status).toBe(200);
  });

  it('keeps 250 promotions of the largest expression naming one segment in its one targetings item', async () => {
    const [shared] = await createSegments(ctx.api, 1);
    // 37 ids: 1,469 bytes, within 31 of the limit. The largest promotion ids make the longest edge names.
    const largest = { or: [{ id: Array(18).fill(shared!.id) }, { id: Array(19).fill(shared!.id) }] };
    const top = Number.MAX_SAFE_INTEGER;
    await seedTargetings(
      ctx.api,
      Array.from({ length: 249 }, (_, i) => ({ promotionId: top - 1 - i, expression: largest })),
    );

    const response = await ctx.api.put<{ data: Targeting }>(targetingPath(top), largest);

    expect(response.status).toBe(200);
    const listed = await ctx.api.get<Collection<Targeting>>(`/segments/${shared!.id}/promotions`, { query: { limit: 1 } });
    expect(listed.body.meta.pagination.total).toBe(250);
  });

  it('answers 409 for a new targeting in a store that has 10,000, and replaces an existing one', async () => {
    const segments = await createSegments(ctx.api, 50);
    await seedTargetings(
      ctx.api,
      Array.from({ length: 10_000 }, (_, i) => ({ promotionId: i + 1, expression: { id: [segments[i % 50]!.id] } })),
    );

    const response = await ctx.api.put<ErrorResponse>(targetingPath(10_001), { id: [segments[0]!.id] });

    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual({ promotions: expect.stringContaining('10000') });
    expect((await ctx.api.get(targetingPath(10_001))).status).toBe(404);
    expect((await ctx.api.put(targetingPath(10_000), { id: [segments[1]!.id] })).status).toBe(200);
  }, 120_000);

  it('answers 409 past 250 promotions that hold for a profile in no segment', async () => {
    const [a] = await createSegments(ctx.api, 1);
    await seedTargetings(
      ctx.api,
      Array.from({ length: 250 }, (_, i) => ({ promotionId: i + 1, expression: { not: { id: [a!.id] } } })),
    );
    const [b] = await createSegments(ctx.api, 1, 'b');

    const response = await ctx.api.put<ErrorResponse>(targetingPath(300), { not: { id: [b!.id] } });

    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual({ customer_segments: expect.stringContaining('250') });
    expect((await ctx.api.put(targetingPath(301), { id: [b!.id] })).status).toBe(200);
  });
});
