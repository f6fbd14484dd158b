import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { IdempotencyRecords } from '../../service/src/idempotency/records';
import { createDynamoClient, documentClient } from '../../service/src/store/client';
import { type CommitWitness, commitWitnesses, outsideRequest } from '../../service/src/store/commit-witness';
import { keys } from '../../service/src/store/keys';
import { Table } from '../../service/src/store/table';
import { type ApiResponse, newStore, type StoreApi } from '../helpers/api';
import { DynamoDbProxy } from '../helpers/dynamodb-proxy';
import { addMembers, type Collection, createProfiles, createSegments, type Segment, type ShopperProfile } from '../helpers/factories';
import { CommandGates } from '../helpers/gates';
import { targetingSnapshot } from '../helpers/promotions';
import { startTestService, type TestService, testDynamoClient } from '../helpers/service';

// Idempotency-Key on every write (docs/idempotency.md), against DynamoDB Local through the proxy.
const TIMEOUTS = { connectionTimeoutMs: 500, requestTimeoutMs: 1000 };

let proxy: DynamoDbProxy;
/** The app's own client (through the proxy), for a Table that sends what the app would. */
let appClient: ReturnType<typeof createDynamoClient>;
let gates: CommandGates;
let service: TestService;
let api: StoreApi;

beforeAll(async () => {
  proxy = await DynamoDbProxy.start(process.env.DYNAMODB_ENDPOINT!);
  const client = createDynamoClient({ endpoint: proxy.endpoint, region: 'us-east-1', timeouts: TIMEOUTS, quotaRecoveryMs: 500 });
  appClient = client;
  gates = new CommandGates(client);
  service = await startTestService({ client, inspector: testDynamoClient() });
});
afterAll(async () => {
  await service.stop();
  await proxy.stop();
});
beforeEach(async () => {
  proxy.pass();
  api = await newStore(service);
});
afterEach(() => gates.clear());

let keySequence = 0;
const freshKey = () => `key-${Date.now()}-${++keySequence}`;
const withKey = (key: string) => ({ headers: { 'Idempotency-Key': key } });

/** Everything a test can see of a store: its items and its promotions' targetings. */
async function everything(of: StoreApi, segmentIds: string[] = []): Promise<unknown> {
  return { items: await of.snapshot(), targetings: await targetingSnapshot(of, segmentIds) };
}

/** The transactions DynamoDB was sent since `from` (through the proxy). */
const transactionsSince = (from: number) => proxy.seen.slice(from).filter((call) => call.command === 'TransactWriteItems').length;

interface WriteCase {
  name: string;
  /** Makes what the write needs; answers what the write and the check are about. */
  arrange(): Promise<{ send(options: { headers: Record<string, string> }): Promise<ApiResponse>; segmentIds?: string[] }>;
}

const writes: WriteCase[] = [
  {
    name: 'POST /segments',
    arrange: async () => ({ send: (o) => api.post('/segments', [{ name: 'Once' }], o) }),
  },
  {
    name: 'PUT /segments',
    arrange: async () => {
      const [segment] = await createSegments(api, 1);
      return { send: (o) => api.put('/segments', [{ id: segment!.id, name: 'Renamed once' }], o), segmentIds: [segment!.id] };
    },
  },
  {
    name: 'DELETE /segments',
    arrange: async () => {
      const [segment] = await createSegments(api, 1);
      return { send: (o) => api.delete('/segments', { ...o, query: { 'id:in': segment!.id } }) };
    },
  },
  {
    name: 'POST /segments/{segmentId}/shopper-profiles',
    arrange: async () => {
      const [segment] = await createSegments(api, 1);
      const [profile] = await createProfiles(api, 1);
      return { send: (o) => api.post(`/segments/${segment!.id}/shopper-profiles`, [profile!.id], o), segmentIds: [segment!.id] };
    },
  },
  {
    name: 'DELETE /segments/{segmentId}/shopper-profiles',
    arrange: async () => {
      const [segment] = await createSegments(api, 1);
      const [profile] = await createProfiles(api, 1);
      await addMembers(api, segment!.id, [profile!.id]);
      return {
        send: (o) => api.delete(`/segments/${segment!.id}/shopper-profiles`, { ...o, query: { 'id:in': profile!.id } }),
        segmentIds: [segment!.id],
      };
    },
  },
  {
    name: 'POST /shopper-profiles',
    arrange: async () => ({ send: (o) => api.post('/shopper-profiles', [{ customer_id: 424242 }], o) }),
  },
  {
    name: 'DELETE /shopper-profiles',
    arrange: async () => {
      const [segment] = await createSegments(api, 1);
      const [profile] = await createProfiles(api, 1);
      await addMembers(api, segment!.id, [profile!.id]);
      return { send: (o) => api.delete('/shopper-profiles', { ...o, query: { 'id:in': profile!.id } }), segmentIds: [segment!.id] };
    },
  },
  {
    name: 'PUT /promotions/{promotionId}/customer-segments',
    arrange: async () => {
      const [segment] = await createSegments(api, 1);
      return { send: (o) => api.put('/promotions/7/customer-segments', { id: [segment!.id] }, o), segmentIds: [segment!.id] };
    },
  },
  {
    name: 'DELETE /promotions/{promotionId}/customer-segments',
    arrange: async () => {
      const [segment] = await createSegments(api, 1);
      expect((await api.put('/promotions/7/customer-segments', { id: [segment!.id] })).status).toBe(200);
      return { send: (o) => api.delete('/promotions/7/customer-segments', o), segmentIds: [segment!.id] };
    },
  },
  {
    name: 'POST /shopper-profiles/merge',
    arrange: async () => {
      const [segment] = await createSegments(api, 1);
      const guest = await api.post<{ data: ShopperProfile[] }>('/shopper-profiles', [{ guest_id: 'visitor-7' }]);
      await addMembers(api, segment!.id, [guest.body.data[0]!.id]);
      return {
        send: (o) => api.post('/shopper-profiles/merge', { guest_id: 'visitor-7', customer_id: 777 }, o),
        segmentIds: [segment!.id],
      };
    },
  },
];

describe('a write whose every DynamoDB reply is lost after it committed, sent again with its key', () => {
  it.each(writes)('$name: the retry is answered the original 2xx, and the change is made once', async ({ arrange }) => {
    const { send, segmentIds } = await arrange();
    const key = freshKey();
    proxy.fail('lose-reply', { command: 'TransactWriteItems' });

    // The table itself says the commit happened (its witness was written in the same commit), so
    // the service answers the change; the client is taken never to have seen that answer.
    const first = await send(withKey(key));
    proxy.pass();
    expect(proxy.injected['lose-reply']).toBeGreaterThan(0);
    expect([200, 201, 204]).toContain(first.status);
    const afterFirst = await everything(api, segmentIds);
    const sent = proxy.seen.length;

    const retry = await send(withKey(key));

    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(transactionsSince(sent)).toBe(0);
    expect(await everything(api, segmentIds)).toEqual(afterFirst);
  });

  it('without a key, the same lost replies answer 503 as before (nothing is kept)', async () => {
    proxy.fail('lose-reply', { command: 'TransactWriteItems' });
    const response = await api.post('/segments', [{ name: 'No key' }]);
    proxy.pass();
    expect(response.status).toBe(503);
    expect(response.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('a write whose change happened but could not be told (every reply lost, and the table unreachable to ask)', () => {
  it('answers 503, then 409 to the key (the change happened, its response is not known), and never writes twice', async () => {
    const key = freshKey();
    proxy.fail('lose-reply', { command: 'TransactWriteItems' });
    // The read that would have found the witness fails too.
    gates.fail((sent) => /^Get(Item)?Command$/.test(sent.command) && JSON.stringify(sent.input).includes('#IDEMPOTENCY#'), 1);

    const first = await api.post('/segments', [{ name: 'Unanswered' }], withKey(key));
    proxy.pass();
    const sent = proxy.seen.length;
    const retry = await api.post('/segments', [{ name: 'Unanswered' }], withKey(key));

    expect(first.status).toBe(503);
    expect(retry.status).toBe(409);
    expect(retry.headers.get('retry-after')).toBeNull();
    expect(JSON.stringify(retry.body)).toContain(key);
    expect(transactionsSince(sent)).toBe(0);
    const listed = await api.get<Collection<Segment>>('/segments');
    expect(listed.body.data.map((s) => s.name)).toEqual(['Unanswered']);
  });
});

describe('the record itself (IdempotencyRecords against DynamoDB Local)', () => {
  const records = () => new IdempotencyRecords(new Table(service.db, service.tableName), { replaySeconds: 86400, inFlightSeconds: 30 });

  it('lets a hold whose request died (changed nothing) be taken after 30 s by the same request, never by another', async () => {
    const key = freshKey();
    const t0 = Date.now();
    const first = await records().claim(api.storeHash, key, 'fingerprint-a', t0);

    expect(first.kind).toBe('claimed');
    expect((await records().claim(api.storeHash, key, 'fingerprint-a', t0 + 29_000)).kind).toBe('running');
    expect((await records().claim(api.storeHash, key, 'fingerprint-b', t0 + 31_000)).kind).toBe('mismatch');
    expect((await records().claim(api.storeHash, key, 'fingerprint-a', t0 + 31_000)).kind).toBe('claimed');
  });

  it('treats a record past its time to live as absent, whatever it held', async () => {
    const key = freshKey();
    const t0 = Date.now();
    const claimed = await records().claim(api.storeHash, key, 'fingerprint-a', t0);
    if (claimed.kind !== 'claimed') throw new Error('not claimed');
    await records().complete(
      { storeHash: api.storeHash, key, lease: claimed.lease, fingerprint: 'fingerprint-a' },
      { status: 204, headers: {} },
    );

    expect((await records().claim(api.storeHash, key, 'fingerprint-a', t0 + 1000)).kind).toBe('replay');
    expect((await records().claim(api.storeHash, key, 'fingerprint-b', t0 + 86_401_000)).kind).toBe('claimed');
  });
});

describe('the same key sent twice at once', () => {
  it('runs one; the other answers 409 with Retry-After; then the replay', async () => {
    const key = freshKey();
    const held = gates.hold((sent) => sent.command === 'TransactWriteItemsCommand');

    const first = api.post<{ data: Segment[] }>('/segments', [{ name: 'Held' }], withKey(key));
    await held.reached;
    const second = await api.post('/segments', [{ name: 'Held' }], withKey(key));
    held.release();
    const done = await first;
    const third = await api.post<{ data: Segment[] }>('/segments', [{ name: 'Held' }], withKey(key));

    expect(second.status).toBe(409);
    expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.stringify(second.body)).toContain(key);
    expect(done.status).toBe(201);
    expect(third.status).toBe(201);
    expect(third.body).toEqual(done.body);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    const listed = await api.get<Collection<Segment>>('/segments');
    expect(listed.body.meta.pagination.total).toBe(1);
  });

  it('a delete held at its commit: the second gets 409 in the plain envelope', async () => {
    const [segment] = await createSegments(api, 1);
    const key = freshKey();
    const held = gates.hold((sent) => sent.command === 'TransactWriteItemsCommand');

    const first = api.delete('/segments', { ...withKey(key), query: { 'id:in': segment!.id } });
    await held.reached;
    const second = await api.delete('/segments', { ...withKey(key), query: { 'id:in': segment!.id } });
    held.release();

    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ status: 409, errors: { 'Idempotency-Key': key } });
    expect((await first).status).toBe(204);
  });
});

describe('one key, another request', () => {
  it('answers 422 naming the key, and writes nothing', async () => {
    const key = freshKey();
    expect((await api.post('/segments', [{ name: 'First' }], withKey(key))).status).toBe(201);
    const before = await api.snapshot();

    const other = await api.post('/segments', [{ name: 'Second' }], withKey(key));
    const otherPath = await api.post('/shopper-profiles', [{ customer_id: 5 }], withKey(key));

    expect(other.status).toBe(422);
    expect(JSON.stringify(other.body)).toContain(key);
    expect(otherPath.status).toBe(422);
    expect(await api.snapshot()).toEqual(before);
  });

  it('takes a body that differs only in key order and white space, and a quoted key, as the same request', async () => {
    const first = await api.call('POST', '/segments', {
      rawBody: '[{"name":"Same","description":"d"}]',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'same-1' },
    });
    const again = await api.call('POST', '/segments', {
      rawBody: '[ { "description": "d", "name": "Same" } ]',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': '"same-1"' },
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('what is not kept', () => {
  it('a 409 (the name is taken by another request) is not kept: the same key runs again once the name is free', async () => {
    const [taken] = await createSegments(api, 1, 'taken');
    const key = freshKey();
    const conflict = await api.post('/segments', [{ name: taken!.name }], withKey(key));
    expect((await api.delete('/segments', { query: { 'id:in': taken!.id } })).status).toBe(204);

    const again = await api.post('/segments', [{ name: taken!.name }], withKey(key));

    expect(conflict.status).toBe(409);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
  });

  it('a 503 from a DynamoDB that refused the write is not kept: the same key runs again', async () => {
    const key = freshKey();
    proxy.fail('html-503', { command: 'TransactWriteItems' });
    const failed = await api.post('/segments', [{ name: 'Refused' }], withKey(key));
    proxy.pass();

    const again = await api.post('/segments', [{ name: 'Refused' }], withKey(key));

    expect(failed.status).toBe(503);
    expect(again.status).toBe(201);
  });

  it('a 400 is answered before the key is looked at, and a key that is not 1 to 255 printable characters is a 400', async () => {
    const key = freshKey();
    expect((await api.post('/segments', [{}], withKey(key))).status).toBe(400);
    expect((await api.post('/segments', [{ name: 'Valid' }], withKey(key))).status).toBe(201);
    const tooLong = await api.post('/segments', [{ name: 'Long' }], withKey('k'.repeat(256)));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ errors: { 'Idempotency-Key': expect.any(String) } });
  });
});

describe('work a keyed request leaves behind', () => {
  it('a keyed delete’s cleanup (after the response) is not the request’s: it runs to the end', async () => {
    const [segment] = await createSegments(api, 1);
    const profiles = await createProfiles(api, 3);
    await addMembers(
      api,
      segment!.id,
      profiles.map((p) => p.id),
    );

    const deleted = await api.delete('/segments', { ...withKey(freshKey()), query: { 'id:in': segment!.id } });
    await service.cleanup.idle();

    expect(deleted.status).toBe(204);
    const edges = await service.db.send(
      new QueryCommand({
        TableName: service.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.membersPartition(api.storeHash, segment!.id) },
      }),
    );
    expect(edges.Items ?? []).toEqual([]);
    for (const profile of profiles) {
      const segments = await api.get<Collection<Segment>>(`/shopper-profiles/${profile.id}/segments`);
      expect(segments.body.meta.pagination.total).toBe(0);
    }
    expect(service.cleanup.stats.failed).toBe(0);
  });
});

describe('which transactions carry the witness', () => {
  it('those of a running request; not those sent after it answered, nor work run outside it', async () => {
    const table = new Table(documentClient(appClient), service.tableName);
    let running = true;
    const witness: CommitWitness = {
      action: () => ({
        ConditionCheck: {
          TableName: service.tableName,
          Key: { pk: `STORE#${api.storeHash}#WITNESS`, sk: 'KEY' },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      }),
      committed: async () => false,
      recordCommit: () => {},
      active: () => running,
    };
    const put = (n: number) => [{ Put: { TableName: service.tableName, Item: { pk: `STORE#${api.storeHash}#TEST`, sk: `item-${n}` } } }];
    const lastTransactionSize = () => {
      const last = proxy.seen.filter((call) => call.command === 'TransactWriteItems').at(-1);
      return (last?.body.TransactItems as unknown[] | undefined)?.length;
    };
    const sizes: (number | undefined)[] = [];

    await commitWitnesses.run(witness, async () => {
      await table.transact(put(1));
      sizes.push(lastTransactionSize());
      await outsideRequest(() => table.transact(put(2)));
      sizes.push(lastTransactionSize());
      running = false;
      await table.transact(put(3));
      sizes.push(lastTransactionSize());
    });

    expect(sizes).toEqual([2, 1, 1]);
  });
});

describe('stores', () => {
  it('keeps one store’s keys invisible to another store using the same key string', async () => {
    const other = await newStore(service);
    const key = 'shared-key';
    const mine = await api.post<{ data: Segment[] }>('/segments', [{ name: 'Mine' }], withKey(key));

    const theirs = await other.post<{ data: Segment[] }>('/segments', [{ name: 'Theirs' }], withKey(key));

    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.data[0]!.name).toBe('Theirs');
    expect((await other.get<Collection<Segment>>('/segments')).body.data.map((s) => s.name)).toEqual(['Theirs']);
    expect(keys.idempotencyRecord(api.storeHash, key).pk).not.toBe(keys.idempotencyRecord(other.storeHash, key).pk);
  });
});
