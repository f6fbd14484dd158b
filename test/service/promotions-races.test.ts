import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { addMembers, type Collection, createProfiles, createSegments, type ErrorResponse } from '../helpers/factories';
import { FaultInjector } from '../helpers/faults';
import { type Targeting, targetingSnapshot } from '../helpers/promotions';
import { testDynamoClient, useServiceAndFreshStore } from '../helpers/service';

/**
 * Holds the next call of one DynamoDB command for a while, at the service's own client, so a test
 * can put another request between a write's decision and its arrival at DynamoDB.
 */
class DelayInjector {
  private plan: { command: string; ms: number; started: () => void } | undefined;

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const plan = this.plan;
        if (plan && plan.command === context.commandName) {
          this.plan = undefined;
          plan.started();
          await new Promise((resolve) => setTimeout(resolve, plan.ms));
        }
        return next(args);
      },
      { step: 'deserialize', name: 'delayInjector', priority: 'high' },
    );
  }

  /** Delays the next call of `command` by `ms`; the promise resolves once that call is being held. */
  delayNext(command: string, ms: number): Promise<void> {
    return new Promise((started) => {
      this.plan = { command, ms, started };
    });
  }
}

let delays: DelayInjector;
let faults: FaultInjector;
const ctx = useServiceAndFreshStore({
  client: () => {
    const client = testDynamoClient();
    delays = new DelayInjector(client);
    faults = new FaultInjector(client);
    return client;
  },
});
afterEach(() => faults.clear());

const path = (promotionId: number) => `/promotions/${promotionId}/customer-segments`;

describe('a targeting write racing a segment delete', () => {
  it('refuses the targeting (404) when the segment goes between its request and its transaction, writing nothing', async () => {
    const [doomed, kept] = await createSegments(ctx.api, 2);
    const before = await targetingSnapshot(ctx.api, [doomed!.id]);

    const held = delays.delayNext('TransactWriteItemsCommand', 500);
    const put = ctx.api.put<ErrorResponse>(path(1), { or: [{ id: [doomed!.id] }, { id: [kept!.id] }] });
    await held;
    expect((await ctx.api.delete('/segments', { query: { 'id:in': doomed!.id } })).status).toBe(204);
    const response = await put;

    expect(response.status).toBe(404);
    expect(Object.keys(response.body.errors ?? {})).toEqual([doomed!.id]);
    expect((await ctx.api.get(path(1))).status).toBe(404);
    const after = await targetingSnapshot(ctx.api, [doomed!.id]);
    const targetingItems = (items: Record<string, unknown>[]) => items.filter((item) => String(item.pk).includes('PROMOTIONS'));
    expect(targetingItems(after)).toEqual(targetingItems(before));
  });

  it('keeps a targeting written just before the delete, showing the segment as deleted and evaluating it as empty', async () => {
    const [doomed] = await createSegments(ctx.api, 1);
    const [member] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, doomed!.id, [member!.id]);

    const held = delays.delayNext('TransactWriteItemsCommand', 500);
    const deletion = ctx.api.delete('/segments', { query: { 'id:in': doomed!.id } });
    await held;
    const put = await ctx.api.put<{ data: Targeting }>(path(2), { id: [doomed!.id] });
    expect(put.status).toBe(200);
    expect((await deletion).status).toBe(204);

    const read = await ctx.api.get<{ data: Targeting }>(path(2));
    expect(read.body.data).toMatchObject({ segment_ids: [], deleted_segment_ids: [doomed!.id] });
    const eligible = await ctx.api.get<Collection<Targeting>>(`/shopper-profiles/${member!.id}/promotions`);
    expect(eligible.body.data).toEqual([]);
    expect((await ctx.api.get(`/segments/${doomed!.id}/promotions`)).status).toBe(404);
  });
  it('refuses the largest replacement (32 segments by 32 others) when one of them goes before its transaction, keeping the old targeting whole', async () => {
    const old = (await createSegments(ctx.api, 32, 'old')).map((segment) => segment.id);
    const next = (await createSegments(ctx.api, 32, 'next')).map((segment) => segment.id);
    const anyOf = (ids: string[]) => ({ or: [{ id: ids.slice(0, 20) }, { id: ids.slice(20) }] });
    await ctx.api.put(path(5), anyOf(old));
    const doomed = next[31]!;
    const before = await targetingSnapshot(ctx.api, [doomed]);

    const held = delays.delayNext('TransactWriteItemsCommand', 500);
    const put = ctx.api.put<ErrorResponse>(path(5), { not: anyOf(next) });
    await held;
    expect((await ctx.api.delete('/segments', { query: { 'id:in': doomed } })).status).toBe(204);
    const response = await put;

    expect(response.status).toBe(404);
    expect(Object.keys(response.body.errors ?? {})).toEqual([doomed]);
    const read = await ctx.api.get<{ data: Targeting }>(path(5));
    expect(read.body.data).toMatchObject({ customer_segments: anyOf(old), segment_ids: old, deleted_segment_ids: [] });
    const targetingItems = (items: Record<string, unknown>[]) => items.filter((item) => String(item.pk).includes('PROMOTIONS'));
    expect(targetingItems(await targetingSnapshot(ctx.api, [doomed]))).toEqual(targetingItems(before));
  });
});

describe('two targeting writes of one promotion', () => {
  it('end with the edges of exactly one expression, when the first is held until the second committed', async () => {
    const [a, b] = await createSegments(ctx.api, 2);
    await ctx.api.put(path(3), { id: [a!.id] });

    const held = delays.delayNext('TransactWriteItemsCommand', 500);
    const first = ctx.api.put<{ data: Targeting }>(path(3), { not: { id: [a!.id] } });
    await held;
    const second = await ctx.api.put<{ data: Targeting }>(path(3), { id: [b!.id] });
    const firstResponse = await first;

    expect(second.status).toBe(200);
    expect(firstResponse.status).toBe(200);
    // The held write found the node changed, read it again and replaced the second write's edges.
    const final = await ctx.api.get<{ data: Targeting }>(path(3));
    expect(final.body.data.customer_segments).toEqual({ not: { id: [a!.id] } });
    const ofA = await ctx.api.get<Collection<Targeting>>(`/segments/${a!.id}/promotions`);
    const ofB = await ctx.api.get<Collection<Targeting>>(`/segments/${b!.id}/promotions`);
    expect(ofA.body.data.map((t) => t.customer_segments)).toEqual([{ not: { id: [a!.id] } }]);
    expect(ofB.body.data).toEqual([]);
    const [outsider] = await createProfiles(ctx.api, 1);
    const eligible = await ctx.api.get<Collection<Targeting>>(`/shopper-profiles/${outsider!.id}/promotions`);
    expect(eligible.body.data.map((t) => t.promotion_id)).toEqual([3]);
  });

  it('a delete held while the promotion is replaced leaves no edge behind', async () => {
    const [a, b] = await createSegments(ctx.api, 2);
    await ctx.api.put(path(4), { id: [a!.id] });

    const held = delays.delayNext('TransactWriteItemsCommand', 500);
    const deletion = ctx.api.delete(path(4));
    await held;
    expect((await ctx.api.put(path(4), { not: { id: [b!.id] } })).status).toBe(200);
    expect((await deletion).status).toBe(204);

    expect((await ctx.api.get(path(4))).status).toBe(404);
    for (const segment of [a!, b!]) {
      const listed = await ctx.api.get<Collection<Targeting>>(`/segments/${segment.id}/promotions`);
      expect(listed.body.data).toEqual([]);
    }
    const [outsider] = await createProfiles(ctx.api, 1);
    expect((await ctx.api.get<Collection<Targeting>>(`/shopper-profiles/${outsider!.id}/promotions`)).body.data).toEqual([]);
  });
});

describe('a failing DynamoDB', () => {
  it('answers 503 with Retry-After to an eligibility read that DynamoDB keeps throttling', async () => {
    const [profile] = await createProfiles(ctx.api, 1);
    faults.fail('BatchGetItemCommand', 'throttle', Number.POSITIVE_INFINITY);

    const response = await ctx.api.get<ErrorResponse>(`/shopper-profiles/${profile!.id}/promotions`);

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
  });

  it('answers 503 to a targeting write whose transaction keeps failing, and writes nothing', async () => {
    const [a] = await createSegments(ctx.api, 1);
    faults.fail('TransactWriteItemsCommand', 'internal', Number.POSITIVE_INFINITY);

    const response = await ctx.api.put<ErrorResponse>(path(5), { id: [a!.id] });
    faults.clear();

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await ctx.api.get(path(5))).status).toBe(404);
    expect((await ctx.api.get<Collection<Targeting>>(`/segments/${a!.id}/promotions`)).body.data).toEqual([]);
  });
});
