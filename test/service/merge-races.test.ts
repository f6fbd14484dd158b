import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { keys } from '../../service/src/store/keys';
import {
  addMembers,
  type Collection,
  createProfiles,
  createSegments,
  readAllPages,
  type Segment,
  type ShopperProfile,
} from '../helpers/factories';
import { CommandGates, keyString, type SentCommand, transactionActions } from '../helpers/gates';
import { testDynamoClient, useServiceAndFreshStore } from '../helpers/service';

let gates: CommandGates;
const ctx = useServiceAndFreshStore({
  client: (): DynamoDBClient => {
    const client = testDynamoClient();
    gates = new CommandGates(client);
    return client;
  },
});

afterEach(() => gates.clear());

type Single = { data: ShopperProfile };

/** A transaction that deletes (or puts) the given item. */
const transactionTouching =
  (kind: 'Delete' | 'Put' | 'Update', key: Record<string, unknown>) =>
  (sent: SentCommand): boolean =>
    transactionActions(sent).some((action) => action.kind === kind && action.key === keyString(key));

async function createGuest(guestId: string): Promise<ShopperProfile> {
  const response = await ctx.api.post<{ data: ShopperProfile[] }>('/shopper-profiles', [{ guest_id: guestId }]);
  if (response.status !== 201) throw new Error(`creating a guest answered ${response.status}`);
  return response.body.data[0]!;
}

async function segmentIdsOf(profileId: string): Promise<string[]> {
  const { items } = await readAllPages<Segment>(ctx.api, `/shopper-profiles/${profileId}/segments`, 250);
  return items.map((segment) => segment.id);
}

async function membersOf(segmentId: string): Promise<Collection<ShopperProfile>> {
  return (await ctx.api.get<Collection<ShopperProfile>>(`/segments/${segmentId}/shopper-profiles`, { query: { limit: 250 } })).body;
}

const sorted = (ids: string[]) => [...ids].sort();

describe('a merge racing adds to the guest’s profile', () => {
  it('carries over a membership added while the guest’s profile is being folded into the customer’s', async () => {
    const guest = await createGuest('visitor-1');
    const [customer] = await createProfiles(ctx.api, 1);
    const [early, late] = await createSegments(ctx.api, 2);
    await addMembers(ctx.api, early!.id, [guest.id]);
    // Hold the merge just before the guest's profile is deleted: its segments have been copied.
    const beforeDelete = gates.hold(transactionTouching('Delete', keys.profile(ctx.api.storeHash, guest.id)));

    const merging = ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: customer!.customer_id });
    await beforeDelete.reached;
    const added = await ctx.api.post(`/segments/${late!.id}/shopper-profiles`, [guest.id]);
    beforeDelete.release();
    const merged = await merging;
    await ctx.service.cleanup.idle();

    expect(merged.status).toBe(200);
    // The add answered before the merge did; had it been refused, there would be nothing to carry.
    expect([201, 404]).toContain(added.status);
    const expected = added.status === 201 ? [early!.id, late!.id] : [early!.id];
    expect(sorted(await segmentIdsOf(customer!.id))).toEqual(sorted(expected));
    for (const segment of [early!, late!]) {
      const members = await membersOf(segment.id);
      expect(members.data.map((p) => p.id)).toEqual(expected.includes(segment.id) ? [customer!.id] : []);
      expect(members.meta.pagination.total).toBe(members.data.length);
    }
  });

  it('rewrites the copy on an edge added while the guest’s profile is being re-keyed to the customer', async () => {
    const guest = await createGuest('visitor-1');
    const [early, late] = await createSegments(ctx.api, 2);
    await addMembers(ctx.api, early!.id, [guest.id]);
    const rekey = gates.hold(transactionTouching('Put', keys.customer(ctx.api.storeHash, 42)));

    const merging = ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 42 });
    await rekey.reached;
    const added = await ctx.api.post(`/segments/${late!.id}/shopper-profiles`, [guest.id]);
    rekey.release();
    const merged = await merging;

    expect(merged.status).toBe(200);
    expect(added.status).toBe(201);
    expect(sorted(await segmentIdsOf(guest.id))).toEqual(sorted([early!.id, late!.id]));
    for (const segment of [early!, late!]) {
      expect((await membersOf(segment.id)).data).toEqual([merged.body.data]);
    }
  });

  it('folds instead when the customer gets a profile while the guest’s is about to be re-keyed', async () => {
    const guest = await createGuest('visitor-1');
    const [segment] = await createSegments(ctx.api, 1);
    await addMembers(ctx.api, segment!.id, [guest.id]);
    const rekey = gates.hold(transactionTouching('Put', keys.customer(ctx.api.storeHash, 42)));

    const merging = ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 42 });
    await rekey.reached;
    const created = await ctx.api.post<{ data: ShopperProfile[] }>('/shopper-profiles', [{ customer_id: 42 }]);
    rekey.release();
    const merged = await merging;
    await ctx.service.cleanup.idle();

    expect(created.status).toBe(201);
    expect(merged.status).toBe(200);
    expect(merged.body.data).toEqual(created.body.data[0]);
    expect((await membersOf(segment!.id)).data).toEqual([created.body.data[0]]);
    const listed = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles');
    expect(listed.body.meta.pagination.total).toBe(1);
  });

  it.each([['adopting'], ['folding']])('answers the same profile to two identical merges sent at once (%s)', async (kind) => {
    const guest = await createGuest('visitor-1');
    const segments = await createSegments(ctx.api, 3);
    for (const segment of segments) await addMembers(ctx.api, segment.id, [guest.id]);
    const customerId = kind === 'adopting' ? 42 : (await createProfiles(ctx.api, 1))[0]!.customer_id;

    const responses = await Promise.all(
      [1, 2].map(() => ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: customerId })),
    );
    await ctx.service.cleanup.idle();

    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(responses[1]!.body.data).toEqual(responses[0]!.body.data);
    for (const segment of segments) {
      const members = await membersOf(segment.id);
      expect(members.data).toEqual([responses[0]!.body.data]);
      expect(members.meta.pagination.total).toBe(1);
    }
  });
});

describe('a merge racing a delete of the guest’s profile', () => {
  it('leaves no customer marker behind when the guest’s profile is re-keyed while it is being deleted', async () => {
    const guest = await createGuest('visitor-1');
    const [segment] = await createSegments(ctx.api, 1);
    await addMembers(ctx.api, segment!.id, [guest.id]);
    // Hold the delete after it read the profile as the guest's, just before its transaction.
    const lastStep = gates.hold(transactionTouching('Delete', keys.profile(ctx.api.storeHash, guest.id)));

    const deleting = ctx.api.delete('/shopper-profiles', { query: { 'id:in': guest.id } });
    await lastStep.reached;
    const merged = await ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 42 });
    lastStep.release();
    const deleted = await deleting;
    await ctx.service.cleanup.idle();

    expect(merged.status).toBe(200);
    expect(deleted.status).toBe(204);
    expect((await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles')).body.meta.pagination.total).toBe(0);
    expect((await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', { query: { 'customer_id:in': '42' } })).body.data).toEqual(
      [],
    );
    expect((await membersOf(segment!.id)).meta.pagination.total).toBe(0);
    // The customer is free to get a profile: no marker points at the deleted one.
    expect((await ctx.api.post('/shopper-profiles', [{ customer_id: 42 }])).status).toBe(201);
  });
});

describe('a merge that fails part-way', () => {
  it('finishes when sent again, with nothing lost and exact totals', async () => {
    const guest = await createGuest('visitor-1');
    const [customer] = await createProfiles(ctx.api, 1);
    const segments = await createSegments(ctx.api, 4);
    for (const segment of segments) await addMembers(ctx.api, segment.id, [guest.id]);
    // DynamoDB fails the deletion of the guest's profile: its segments were already copied.
    gates.fail(transactionTouching('Delete', keys.profile(ctx.api.storeHash, guest.id)));

    const failed = await ctx.api.post('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: customer!.customer_id });
    const retried = await ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: customer!.customer_id });
    await ctx.service.cleanup.idle();

    expect(failed.status).toBe(503);
    expect(retried.status).toBe(200);
    expect(retried.body.data).toEqual(customer);
    expect(sorted(await segmentIdsOf(customer!.id))).toEqual(sorted(segments.map((s) => s.id)));
    for (const segment of segments) expect((await membersOf(segment.id)).meta.pagination.total).toBe(1);
    expect((await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles')).body.data).toEqual([customer]);
  });

  it('finishes an adoption whose membership copies were not all rewritten', async () => {
    const guest = await createGuest('visitor-1');
    const segments = await createSegments(ctx.api, 3);
    for (const segment of segments) await addMembers(ctx.api, segment.id, [guest.id]);
    // The re-key commits; the rewrite of the copies on its edges fails.
    gates.fail(transactionTouching('Update', keys.membership(ctx.api.storeHash, segments[0]!.id, guest.id)));

    const failed = await ctx.api.post('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 42 });
    const retried = await ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 42 });

    expect(failed.status).toBe(503);
    expect(retried.status).toBe(200);
    expect(retried.body.data).toMatchObject({ id: guest.id, customer_id: 42 });
    for (const segment of segments) expect((await membersOf(segment.id)).data).toEqual([retried.body.data]);
  });
});

describe('a merge of a guest in many segments', () => {
  const SEGMENTS = 120; // more than one transaction's worth of actions

  it('folds 120 segments into the customer’s profile, skipping those it has, every total exact', async () => {
    const guest = await createGuest('visitor-1');
    const [customer] = await createProfiles(ctx.api, 1);
    const segments = await createSegments(ctx.api, SEGMENTS + 10);
    for (const segment of segments.slice(0, SEGMENTS)) await addMembers(ctx.api, segment.id, [guest.id]);
    for (const segment of segments.slice(SEGMENTS - 30)) await addMembers(ctx.api, segment.id, [customer!.id]);

    const merged = await ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: customer!.customer_id });
    await ctx.service.cleanup.idle();

    expect(merged.status).toBe(200);
    const ofCustomer = await readAllPages<Segment>(ctx.api, `/customers/${customer!.customer_id}/segments`, 50);
    expect(ofCustomer.items.map((s) => s.id)).toEqual(segments.map((s) => s.id));
    expect(ofCustomer.pages[0]!.meta.pagination.total).toBe(SEGMENTS + 10);
    const totals = await Promise.all(segments.map(async (s) => (await membersOf(s.id)).meta.pagination.total));
    expect(totals).toEqual(segments.map(() => 1));
  });

  it('adopts a guest in 120 segments, every membership copy naming the customer', async () => {
    const guest = await createGuest('visitor-1');
    const segments = await createSegments(ctx.api, SEGMENTS);
    for (const segment of segments) await addMembers(ctx.api, segment.id, [guest.id]);

    const merged = await ctx.api.post<Single>('/shopper-profiles/merge', { guest_id: 'visitor-1', customer_id: 42 });

    expect(merged.status).toBe(200);
    const members = await Promise.all(segments.map((s) => membersOf(s.id)));
    expect(members.map((m) => m.data)).toEqual(segments.map(() => [merged.body.data]));
  });
});
