import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, SK_PREFIX } from '../../service/src/store/keys';
import { newStore, type StoreApi } from '../helpers/api';
import {
  addMembers,
  type Collection,
  createProfiles,
  createSegments,
  inMemberOrder,
  readAllPages,
  type ShopperProfile,
} from '../helpers/factories';
import { CommandGates, type CommandMatcher, keyString, transactionActions } from '../helpers/gates';
import { startTestService, type TestService, testDynamoClient } from '../helpers/service';

/**
 * Deletes whose work grows with the store (every profile; profiles in many segments) answer
 * after a bounded amount of work and leave the rest to the cleanup, hidden from every read from
 * the moment they answer. The cleanup is held at the DynamoDB client here, so each test looks at
 * the store while the cleanup has not run, then lets it go and looks again.
 */
let service: TestService;
let gates: CommandGates;
let api: StoreApi;

beforeAll(async () => {
  const client = testDynamoClient();
  gates = new CommandGates(client);
  service = await startTestService({ client, cleanupRetry: { startingDelayMs: 50, maxDelayMs: 200, attempts: Infinity } });
});
afterAll(async () => {
  gates.clear();
  await service.stop();
});
beforeEach(async () => {
  gates.clear();
  api = await newStore(service);
});

/** The cleanup's first write: a batch of deletes (no request path deletes in batches). */
const cleanupDeletes: CommandMatcher = ({ command, input }) =>
  command === 'BatchWriteItemCommand' &&
  Object.values((input.RequestItems ?? {}) as Record<string, { DeleteRequest?: unknown }[]>).some((requests) =>
    requests.some((request) => request.DeleteRequest !== undefined),
  );

/** An add's transaction: it puts membership edges (they carry `segment_id`). */
const addTransaction: CommandMatcher = (sent) =>
  transactionActions(sent).some((action) => action.kind === 'Put' && action.key.includes('#SEGMENT#') && !action.key.endsWith('|PROFILE'));

/** A removal's transaction: it deletes membership edges. */
const removalTransaction: CommandMatcher = (sent) =>
  transactionActions(sent).some((action) => action.kind === 'Delete' && action.key.includes('#SEGMENT#'));

/** A delete of every profile rewriting a segment's members header to hide them. */
const membersHeaderRewrite =
  (segmentId: string): CommandMatcher =>
  (sent) => {
    const header = keyString(keys.listHeader(keys.membersPartition(api.storeHash, segmentId), SK_PREFIX.profile));
    return transactionActions(sent).some((action) => action.kind === 'Put' && action.key === header);
  };

async function members(segmentId: string, query: Record<string, string | number> = {}): Promise<Collection<ShopperProfile>> {
  const response = await api.get<Collection<ShopperProfile>>(`/segments/${segmentId}/shopper-profiles`, {
    query: { limit: 250, ...query },
  });
  expect(response.status).toBe(200);
  return response.body;
}

/** Items stored under a partition and sort-key prefix, read from the table (the API no longer shows them). */
async function stored(partition: string, prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await service.db.send(
      new QueryCommand({
        TableName: service.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const edgesStored = async (segmentId: string) => (await stored(keys.membersPartition(api.storeHash, segmentId), SK_PREFIX.profile)).length;

async function membersHeader(segmentId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await service.db.send(
    new GetCommand({
      TableName: service.tableName,
      Key: keys.listHeader(keys.membersPartition(api.storeHash, segmentId), SK_PREFIX.profile),
    }),
  );
  return Item;
}

/** Every member, page by page along `next_cursor`, `limit` at a time. */
async function membersByCursor(segmentId: string, limit: number): Promise<ShopperProfile[]> {
  const seen: ShopperProfile[] = [];
  let cursor: string | undefined;
  do {
    const page = await members(segmentId, { limit, ...(cursor ? { cursor } : {}) });
    seen.push(...page.data);
    cursor = (page.meta as { next_cursor?: string }).next_cursor;
  } while (cursor);
  return seen;
}

describe('DELETE /shopper-profiles with no filter', () => {
  it('answers with every profile and membership gone from every read, and its cleanup leaves alone what came after', async () => {
    const [big, small] = await createSegments(api, 2);
    const old = await createProfiles(api, 120);
    await addMembers(
      api,
      big!.id,
      old.map((p) => p.id),
    );
    await addMembers(
      api,
      small!.id,
      old.slice(0, 30).map((p) => p.id),
    );
    const cleanup = gates.holdAll(cleanupDeletes);

    expect((await api.delete('/shopper-profiles')).status).toBe(204);
    await cleanup.reached;

    // Nothing of what it deleted shows, though all of it is still stored.
    const profiles = await api.get<Collection<ShopperProfile>>('/shopper-profiles', { query: { limit: 50 } });
    expect(profiles.body.data).toEqual([]);
    expect(profiles.body.meta.pagination.total).toBe(0);
    for (const segment of [big!, small!]) {
      const page = await members(segment.id);
      expect(page.data).toEqual([]);
      expect(page.meta.pagination.total).toBe(0);
      expect((await members(segment.id, { page: 2, limit: 10 })).data).toEqual([]);
    }
    expect((await api.get(`/shopper-profiles/${old[0]!.id}/segments`)).status).toBe(404);
    expect((await api.get(`/shopper-profiles/${old[0]!.id}/promotions`)).status).toBe(404);
    const customerSegments = await api.get<Collection<unknown>>(`/customers/${old[0]!.customer_id}/segments`);
    expect(customerSegments.body.meta.pagination.total).toBe(0);
    expect((await api.post(`/segments/${small!.id}/shopper-profiles`, [old[40]!.id])).status).toBe(404);
    expect(await edgesStored(big!.id)).toBe(120);

    // What comes after: a profile for a customer whose old profile is still stored, a new segment, memberships.
    const again = await api.post<{ data: ShopperProfile[] }>('/shopper-profiles', [{ customer_id: old[0]!.customer_id }]);
    expect(again.status).toBe(201);
    const fresh = again.body.data[0]!;
    const [later] = await createSegments(api, 1, 'later');
    await addMembers(api, big!.id, [fresh.id]);
    await addMembers(api, later!.id, [fresh.id]);
    expect((await members(big!.id)).data.map((p) => p.id)).toEqual([fresh.id]);
    expect(await membersByCursor(big!.id, 1)).toEqual([fresh]);

    cleanup.release();
    await service.cleanup.idle();

    expect(await edgesStored(big!.id)).toBe(1);
    expect(await edgesStored(small!.id)).toBe(0);
    expect((await stored(keys.profilesPartition(api.storeHash), SK_PREFIX.profile)).map((item) => item.id)).toEqual([fresh.id]);
    expect((await stored(keys.profilesPartition(api.storeHash), SK_PREFIX.customer)).map((item) => item.profile_id)).toEqual([fresh.id]);
    // Nothing left to hide: the segment's reads go the short way again.
    expect((await membersHeader(big!.id))?.deleted_through).toBeUndefined();
    const segmentsOfCustomer = await api.get<Collection<{ id: string }>>(`/customers/${old[0]!.customer_id}/segments`);
    expect(segmentsOfCustomer.body.data.map((s) => s.id).sort()).toEqual([big!.id, later!.id].sort());
    expect((await members(big!.id)).meta.pagination.total).toBe(1);
  });

  it('refuses an add that read its profile before the delete hid the segment and commits after: nothing counted', async () => {
    const [segment] = await createSegments(api, 1);
    const [kept, added] = await createProfiles(api, 2);
    await addMembers(api, segment!.id, [kept!.id]);
    const held = gates.hold(addTransaction);

    const adding = api.post(`/segments/${segment!.id}/shopper-profiles`, [added!.id]);
    await held.reached;
    expect((await api.delete('/shopper-profiles')).status).toBe(204);
    held.release();

    expect((await adding).status).toBe(404);
    const page = await members(segment!.id);
    expect(page.data).toEqual([]);
    expect(page.meta.pagination.total).toBe(0);
    await service.cleanup.idle();
    expect(await edgesStored(segment!.id)).toBe(0);
  });

  it('lets a removal that read a member before the delete hid it answer without counting it twice', async () => {
    const [segment] = await createSegments(api, 1);
    const profiles = await createProfiles(api, 3);
    await addMembers(
      api,
      segment!.id,
      profiles.map((p) => p.id),
    );
    const held = gates.hold(removalTransaction);

    const removing = api.delete(`/segments/${segment!.id}/shopper-profiles`, { query: { 'id:in': profiles[0]!.id } });
    await held.reached;
    expect((await api.delete('/shopper-profiles')).status).toBe(204);
    held.release();

    expect((await removing).status).toBe(204);
    expect((await members(segment!.id)).meta.pagination.total).toBe(0);
    const [fresh] = await createProfiles(api, 1);
    await addMembers(api, segment!.id, [fresh!.id]);
    expect((await members(segment!.id)).meta.pagination.total).toBe(1);
  });

  it('answers profile and segment creates 503 with Retry-After while it runs, then lets them through', async () => {
    const [segment] = await createSegments(api, 1);
    await createProfiles(api, 2);
    const held = gates.hold(membersHeaderRewrite(segment!.id));

    const deleting = api.delete('/shopper-profiles');
    await held.reached;
    const profile = await api.post('/shopper-profiles', [{ customer_id: 990001 }]);
    const created = await api.post('/segments', [{ name: 'during the delete' }]);
    held.release();

    expect(profile.status).toBe(503);
    expect(profile.headers.get('retry-after')).toBe('1');
    expect(created.status).toBe(503);
    expect((await deleting).status).toBe(204);
    expect((await api.post('/shopper-profiles', [{ customer_id: 990001 }])).status).toBe(201);
    expect((await api.post('/segments', [{ name: 'after the delete' }])).status).toBe(201);
    expect((await api.get<Collection<ShopperProfile>>('/shopper-profiles')).body.meta.pagination.total).toBe(1);
    await service.cleanup.idle();
  });
});

describe('DELETE /shopper-profiles?id:in= for profiles in many segments', () => {
  it('answers with them gone from every segment and counted out; their edges go afterwards', async () => {
    const segments = await createSegments(api, 40);
    const profiles = await createProfiles(api, 8);
    const [gone, kept] = [profiles.slice(0, 3), profiles.slice(3)];
    for (const segment of segments)
      await addMembers(
        api,
        segment.id,
        profiles.map((p) => p.id),
      );
    const cleanup = gates.holdAll(cleanupDeletes);

    const response = await api.delete('/shopper-profiles', { query: { 'id:in': gone.map((p) => p.id).join(',') } });
    expect(response.status).toBe(204);
    await cleanup.reached;

    const expected = inMemberOrder(kept);
    for (const segment of [segments[0]!, segments[17]!, segments[39]!]) {
      const page = await members(segment.id);
      expect(page.meta.pagination.total).toBe(kept.length);
      expect(page.data).toEqual(expected);
      expect((await readAllPages<ShopperProfile>(api, `/segments/${segment.id}/shopper-profiles`, 2)).items).toEqual(expected);
      expect(await membersByCursor(segment.id, 2)).toEqual(expected);
      expect(await edgesStored(segment.id)).toBe(profiles.length);
    }
    for (const profile of gone) expect((await api.get(`/shopper-profiles/${profile.id}/segments`)).status).toBe(404);

    cleanup.release();
    await service.cleanup.idle();
    for (const segment of [segments[0]!, segments[39]!]) {
      expect(await edgesStored(segment.id)).toBe(kept.length);
      expect((await membersHeader(segment.id))?.departed).toBeUndefined();
      expect((await members(segment.id)).data).toEqual(expected);
    }
  });

  it('lets a removal of one of them, held across the delete, answer without counting it twice', async () => {
    const [segment] = await createSegments(api, 1);
    const profiles = await createProfiles(api, 4);
    await addMembers(
      api,
      segment!.id,
      profiles.map((p) => p.id),
    );
    const held = gates.hold(removalTransaction);

    const removing = api.delete(`/segments/${segment!.id}/shopper-profiles`, { query: { 'id:in': profiles[0]!.id } });
    await held.reached;
    expect((await api.delete('/shopper-profiles', { query: { 'id:in': profiles[0]!.id } })).status).toBe(204);
    held.release();

    expect((await removing).status).toBe(204);
    const page = await members(segment!.id);
    expect(page.meta.pagination.total).toBe(3);
    expect(page.data).toEqual(inMemberOrder(profiles.slice(1)));
    await service.cleanup.idle();
    expect(await edgesStored(segment!.id)).toBe(3);
  });
});
