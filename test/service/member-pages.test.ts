import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { newStore, type StoreApi } from '../helpers/api';
import {
  addMembers,
  type Collection,
  createProfiles,
  createSegments,
  type ErrorResponse,
  inMemberOrder,
  type ShopperProfile,
} from '../helpers/factories';
import { FaultInjector } from '../helpers/faults';
import { startTestService, type TestService, testDynamoClient } from '../helpers/service';

interface MembersPage extends Collection<ShopperProfile> {
  meta: Collection<ShopperProfile>['meta'] & { next_cursor?: string };
}

let service: TestService;
let requests: FaultInjector;
let api: StoreApi;
let client: DynamoDBClient;

beforeAll(async () => {
  client = testDynamoClient();
  requests = new FaultInjector(client);
  service = await startTestService({ client });
});
afterAll(async () => {
  await service.stop();
});
beforeEach(async () => {
  requests.clear();
  api = await newStore(service);
});

const ids = (items: { id: string }[]) => items.map((item) => item.id);
const membersPath = (segmentId: string) => `/segments/${segmentId}/shopper-profiles`;

/** The DynamoDB requests one call sends, per command; the tests' service checks the token with a GetItem each call. */
async function requestsOf(call: () => Promise<unknown>): Promise<Record<string, number>> {
  requests.fail('none', 'throttle', 0);
  await call();
  return { ...requests.attempts };
}

async function segmentWithMembers(count: number): Promise<{ segmentId: string; members: ShopperProfile[]; spare: ShopperProfile[] }> {
  const [segment] = await createSegments(api, 1);
  const profiles = await createProfiles(api, count + 30);
  await addMembers(api, segment!.id, ids(profiles.slice(0, count)));
  return { segmentId: segment!.id, members: profiles.slice(0, count), spare: profiles.slice(count) };
}

describe('deep pages of a segment’s members, counted per bucket on the members header', () => {
  it('reads any page with one GetItem and one Query, right after a change at the start, middle or end', async () => {
    const { segmentId, members, spare } = await segmentWithMembers(300);
    const ordered = inMemberOrder([...members, ...spare]);
    // Profiles that sort first, in the middle and last among everyone: changes at each place.
    const changes = [ordered[0]!, ordered[Math.floor(ordered.length / 2)]!, ordered[ordered.length - 1]!];
    await api.get(membersPath(segmentId));

    for (const changed of changes) {
      const isMember = members.some((m) => m.id === changed.id);
      if (isMember) await api.delete(membersPath(segmentId), { query: { 'id:in': changed.id } });
      else await addMembers(api, segmentId, [changed.id]);
      const now = inMemberOrder(isMember ? members.filter((m) => m.id !== changed.id) : [...members, changed]);

      let page: MembersPage | undefined;
      const sent = await requestsOf(async () => {
        page = (await api.get<MembersPage>(membersPath(segmentId), { query: { page: 5, limit: 25 } })).body;
      });

      expect(sent).toEqual({ GetItemCommand: 1 + 1, QueryCommand: 1 });
      expect(ids(page!.data)).toEqual(ids(now.slice(100, 125)));
      expect(page!.meta.pagination.total).toBe(now.length);
      // Put the list back for the next change.
      if (isMember) await addMembers(api, segmentId, [changed.id]);
      else await api.delete(membersPath(segmentId), { query: { 'id:in': changed.id } });
    }
  });

  it('gives pages that are disjoint and complete, with exact totals, at every page size', async () => {
    const { segmentId, members } = await segmentWithMembers(97);

    for (const limit of [1, 7, 50, 96, 97, 250]) {
      const seen: string[] = [];
      const pages = Math.ceil(97 / limit);
      for (let page = 1; page <= pages + 1; page++) {
        const { body } = await api.get<MembersPage>(membersPath(segmentId), { query: { page, limit } });
        expect(body.meta.pagination).toMatchObject({ total: 97, total_pages: pages, current_page: page });
        seen.push(...ids(body.data));
      }
      expect(seen).toEqual(ids(inMemberOrder(members)));
    }
  });

  it('keeps each bucket’s count equal to its members when an add and a remove interleave', async () => {
    const { segmentId, members, spare } = await segmentWithMembers(60);
    // Hold the add's transaction until the remove has committed: both move the same header.
    let releaseAdd: () => void = () => {};
    const addHeld = new Promise<void>((resolve) => {
      releaseAdd = resolve;
    });
    let held = false;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && !held) {
          held = true;
          await addHeld;
        }
        return next(args);
      },
      { step: 'initialize', name: 'holdFirstTransaction' },
    );
    try {
      const adding = api.post(membersPath(segmentId), ids(spare.slice(0, 30)));
      while (!held) await new Promise((resolve) => setTimeout(resolve, 5));
      const removed = await api.delete(membersPath(segmentId), { query: { 'id:in': ids(members.slice(0, 40)).join(',') } });
      releaseAdd();
      const added = await adding;

      expect([added.status, removed.status]).toEqual([201, 204]);
    } finally {
      client.middlewareStack.remove('holdFirstTransaction');
      releaseAdd();
    }

    const expected = inMemberOrder([...members.slice(40), ...spare.slice(0, 30)]);
    const partition = `STORE#${api.storeHash}#SEGMENT#${segmentId}`;
    const header = (await service.db.send(new GetCommand({ TableName: service.tableName, Key: { pk: partition, sk: 'PROFILE' } }))).Item!;
    const edges = await service.db.send(
      new QueryCommand({
        TableName: service.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :members)',
        ExpressionAttributeValues: { ':pk': partition, ':members': 'PROFILE#' },
      }),
    );
    const perBucket = new Map<string, number>();
    for (const edge of edges.Items ?? []) {
      const bucket = String(edge.sk).split('#')[1]!;
      perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + 1);
    }
    const counted = Object.fromEntries(Object.entries(header).filter(([name, n]) => /^n[0-9a-f]{3}$/.test(name) && n !== 0));
    expect(counted).toEqual(Object.fromEntries([...perBucket].map(([bucket, n]) => [`n${bucket}`, n])));
    expect(header.member_count).toBe(expected.length);
    const { body } = await api.get<MembersPage>(membersPath(segmentId), { query: { page: 3, limit: 20 } });
    expect(ids(body.data)).toEqual(ids(expected.slice(40, 60)));
  });
});

describe('the cursor extension', () => {
  it('walks a whole segment with one Query a page, in order, each member once', async () => {
    const { segmentId, members } = await segmentWithMembers(110);
    const first = await api.get<MembersPage>(membersPath(segmentId), { query: { limit: 25 } });
    const walked = [...ids(first.body.data)];
    let cursor = first.body.meta.next_cursor;
    const pagination = [first.body.meta.pagination];

    while (cursor) {
      let body: MembersPage | undefined;
      const sent = await requestsOf(async () => {
        body = (await api.get<MembersPage>(membersPath(segmentId), { query: { limit: 25, cursor: cursor! } })).body;
      });
      expect(sent.QueryCommand).toBe(1);
      walked.push(...ids(body!.data));
      pagination.push(body!.meta.pagination);
      cursor = body!.meta.next_cursor;
    }

    expect(walked).toEqual(ids(inMemberOrder(members)));
    expect(pagination.map((p) => [p.current_page, p.count, p.total])).toEqual([
      [1, 25, 110],
      [2, 25, 110],
      [3, 25, 110],
      [4, 25, 110],
      [5, 10, 110],
    ]);
  });

  it('answers 400 for a cursor it did not give out, or given for another limit, and writes nothing', async () => {
    const { segmentId } = await segmentWithMembers(30);
    const { body } = await api.get<MembersPage>(membersPath(segmentId), { query: { limit: 10 } });
    const forged = Buffer.from('10\n2\nSEGMENT#somewhere-else', 'utf8').toString('base64url');
    const before = await api.snapshot();

    const answers = await Promise.all(
      [
        { limit: 20, cursor: body.meta.next_cursor! },
        { limit: 10, cursor: forged },
        { limit: 10, cursor: 'bm90LWEtY3Vyc29y' },
        { limit: 10, cursor: 'has spaces' },
      ].map((query) => api.get<ErrorResponse>(membersPath(segmentId), { query })),
    );

    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400]);
    expect(answers[0]!.body.errors).toEqual({ cursor: expect.stringContaining('limit=10') });
    expect(await api.snapshot()).toEqual(before);
  });
});

describe('a store’s other lists', () => {
  it('give no cursor: only a segment’s members accept one', async () => {
    await createProfiles(api, 12);
    const other = await newStore(service);

    const { body } = await api.get<MembersPage>('/shopper-profiles', { query: { limit: 5 } });
    const segments = await other.get<MembersPage>('/segments', { query: { limit: 5 } });

    expect(body.meta.next_cursor).toBeUndefined();
    expect(segments.body.meta.next_cursor).toBeUndefined();
  });
});
