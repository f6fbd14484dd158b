import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '../../service/src/logger';
import { keys } from '../../service/src/store/keys';
import { KEY } from '../../service/src/store/schema';
import { newStore, type StoreApi } from '../helpers/api';
import { auditMemberships } from '../helpers/audit';
import { addMembers, type Collection, createProfiles, createSegments, type ErrorResponse, type ShopperProfile } from '../helpers/factories';
import { FaultInjector, type RequestMatcher } from '../helpers/faults';
import { startTestService, type TestService, testDynamoClient } from '../helpers/service';

/**
 * Interleavings forced on purpose: a request's DynamoDB call is held back at the client so that
 * another request's writes land in between, exactly where a race would put them.
 */
let service: TestService;
let faults: FaultInjector;
let api: StoreApi;
const logged: { msg: string; fields?: Record<string, unknown> }[] = [];
const capture: Logger = {
  info: () => {},
  error: (msg, fields) => logged.push({ msg, fields }),
};

beforeAll(async () => {
  const client = testDynamoClient();
  faults = new FaultInjector(client);
  service = await startTestService({ client, logger: capture, cleanupRetry: { startingDelayMs: 50, maxDelayMs: 200, attempts: Infinity } });
});
afterAll(async () => {
  faults.clear();
  await service.stop();
});
beforeEach(async () => {
  faults.clear();
  logged.length = 0;
  api = await newStore(service);
});

/** A deterministic pseudo-random sequence, so a failing storm can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type TransactItem = { Put?: { Item?: Record<string, unknown> }; Delete?: { Key?: Record<string, { S?: string }> } };
const transactItems = (command: string, input: Record<string, unknown>): TransactItem[] =>
  command === 'TransactWriteItemsCommand' ? ((input.TransactItems as TransactItem[] | undefined) ?? []) : [];

/** An add's transaction: it puts membership edges (they carry `segment_id`). */
const addTransaction: RequestMatcher = (command, input) => transactItems(command, input).some((item) => item.Put?.Item?.segment_id);

/** A transaction that deletes a membership edge (a removal, or a profile delete's sweep). */
const edgeRemoval: RequestMatcher = (command, input) =>
  transactItems(command, input).some((item) => String(item.Delete?.Key?.[KEY.partition]?.S ?? '').includes('#SEGMENT#'));

/** The n-th (1-based) request that `matches` picks from now on. */
function nth(n: number, matches: RequestMatcher): RequestMatcher {
  let seen = 0;
  return (command, input) => matches(command, input) && ++seen === n;
}

async function membersOf(segmentId: string): Promise<Collection<ShopperProfile>> {
  const response = await api.get<Collection<ShopperProfile>>(`/segments/${segmentId}/shopper-profiles`, { query: { limit: 250 } });
  expect(response.status).toBe(200);
  return response.body;
}

describe('an add racing a profile delete', () => {
  it('refuses the add whose transaction lands after the delete began: no edge of the deleted profile, ever', async () => {
    const [segment] = await createSegments(api, 1);
    const [doomed, bystander] = await createProfiles(api, 2);
    faults.delay(addTransaction, 1500);

    const adding = api.post<ErrorResponse>(`/segments/${segment!.id}/shopper-profiles`, [doomed!.id, bystander!.id]);
    await sleep(200);
    const deleted = await api.delete('/shopper-profiles', { query: { 'id:in': doomed!.id } });
    const added = await adding;

    expect(deleted.status).toBe(204);
    expect(added.status).toBe(404);
    expect(added.body.errors).toEqual({ '0': `Shopper profile \`${doomed!.id}\` does not exist.` });
    // All or nothing: the bystander was not added either; and nothing of the deleted profile is listed.
    expect(await membersOf(segment!.id)).toMatchObject({ data: [], meta: { pagination: { total: 0 } } });
    const audit = await auditMemberships(api);
    expect(audit.fromProfiles).toEqual(audit.fromSegments);
  });

  it('takes back the first half of a 50-profile add when a profile of its second half is deleted in between', async () => {
    const [segment] = await createSegments(api, 1);
    const profiles = await createProfiles(api, 50);
    const ids = profiles.map((p) => p.id);
    // The first transaction (profiles 0-24) lands; the second (25-49) is held while profile 49 is deleted.
    faults.delay(nth(2, addTransaction), 1500);

    const adding = api.post<ErrorResponse>(`/segments/${segment!.id}/shopper-profiles`, ids);
    await sleep(400);
    const deleted = await api.delete('/shopper-profiles', { query: { 'id:in': ids[49]! } });
    const added = await adding;

    expect(deleted.status).toBe(204);
    expect(added.status).toBe(404);
    expect(added.body.errors).toEqual({ '49': `Shopper profile \`${ids[49]}\` does not exist.` });
    expect(await membersOf(segment!.id)).toMatchObject({ data: [], meta: { pagination: { total: 0 } } });
    const edges = (await api.snapshot()).filter((item) => String(item[KEY.partition]).includes('#SEGMENT#') && item.segment_id);
    expect(edges).toEqual([]);
  });

  it('keeps the total exact when a removal and a re-add land inside a slow profile delete', async () => {
    const [segment] = await createSegments(api, 1);
    const [profile] = await createProfiles(api, 1);
    await addMembers(api, segment!.id, [profile!.id]);
    // The delete's sweep is held back, so the removal lands first and the sweep finds its edge
    // gone; any plain (uncounted) delete it then falls back to is held longer still.
    faults.delay(nth(1, edgeRemoval), 600);
    faults.delay((command) => command === 'BatchWriteItemCommand', 2000);

    const deleting = api.delete('/shopper-profiles', { query: { 'id:in': profile!.id } });
    await sleep(300);
    const removed = await api.delete(`/segments/${segment!.id}/shopper-profiles`, { query: { 'id:in': profile!.id } });
    await sleep(1200);
    const readded = await api.post(`/segments/${segment!.id}/shopper-profiles`, [profile!.id]);
    const deleted = await deleting;

    expect([removed.status, deleted.status]).toEqual([204, 204]);
    // The profile was being deleted: it can no longer join a segment.
    expect(readded.status).toBe(404);
    const members = await membersOf(segment!.id);
    expect(members.meta.pagination.total).toBe(members.data.length);
    expect(members.data).toEqual([]);
  });
});

describe('a storm of adds and profile deletes (45 requests at once)', () => {
  it('never lists a deleted profile, and every total equals its items, right after the last answer', async () => {
    const segments = await createSegments(api, 10);
    const profiles = await createProfiles(api, 50);
    const ids = profiles.map((p) => p.id);
    const adds = () => segments.map((segment) => () => api.post(`/segments/${segment.id}/shopper-profiles`, ids));
    // Every write waits a random 0-100 ms before it is sent, so the requests' steps interleave.
    const next = random(20261201);
    faults.delay(
      (command) => command === 'TransactWriteItemsCommand',
      () => 100 * next(),
      Number.POSITIVE_INFINITY,
    );
    const deletes = Array.from(
      { length: 25 },
      (_, i) => () => api.delete('/shopper-profiles', { query: { 'id:in': ids.slice(2 * i, 2 * i + 2).join(',') } }),
    );

    const responses = await Promise.all([...adds(), ...deletes, ...adds()].map((request) => request()));

    expect(responses.filter((r) => r.status >= 500).map((r) => r.body)).toEqual([]);
    expect(responses.slice(10, 35).map((r) => r.status)).toEqual(Array(25).fill(204));
    // Every profile was deleted: no segment may list any, and every total must say so at once.
    const audit = await auditMemberships(api);
    expect(audit.profiles).toEqual([]);
    expect(audit.fromSegments).toEqual([]);
    for (const segment of segments) expect((await membersOf(segment.id)).meta.pagination.total).toBe(0);
  });
});

describe('cleanup that fails', () => {
  it("is retried with backoff until a deleted segment's memberships are gone, and says so in the logs", async () => {
    const [segment] = await createSegments(api, 1);
    const profiles = await createProfiles(api, 25);
    await addMembers(
      api,
      segment!.id,
      profiles.map((p) => p.id),
    );
    faults.fail('BatchWriteItemCommand', 'internal', Number.POSITIVE_INFINITY);

    const deleted = await api.delete('/segments', { query: { 'id:in': segment!.id } });
    for (let waited = 0; waited < 5000 && !logged.some((line) => line.msg === 'cleanup failed; retrying'); waited += 20) await sleep(20);
    faults.clear();
    await service.cleanup.idle();

    expect(deleted.status).toBe(204);
    const edges = await service.db.send(
      new QueryCommand({
        TableName: service.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': KEY.partition },
        ExpressionAttributeValues: { ':pk': keys.membersPartition(api.storeHash, segment!.id) },
        ConsistentRead: true,
      }),
    );
    expect(edges.Items).toEqual([]);
    expect(logged.find((line) => line.msg === 'cleanup failed; retrying')?.fields).toMatchObject({
      task: { kind: 'segment-deleted', segmentId: segment!.id },
      attempt: 1,
    });
  });
});
