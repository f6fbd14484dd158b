import { KEY } from '../../service/src/store/schema';
import { newStore, type StoreApi } from '../helpers/api';
import { type Collection, createSegments, type ErrorResponse, type Segment } from '../helpers/factories';
import { FaultInjector, type RequestMatcher } from '../helpers/faults';
import { startTestService, type TestService, testDynamoClient } from '../helpers/service';

/**
 * A read's token is checked while the read runs (http/route.ts); its answer waits for the check.
 * The token's GetItem is held back at the DynamoDB client, so the read always finishes first here.
 */
let service: TestService;
let faults: FaultInjector;
let api: StoreApi;
/** Every DynamoDB request of the service since the last reset: what it was, when it went out and came back. */
let sent: { command: string; token: boolean; start: number; end: number }[] = [];

/** Its key's sort key, marshalled (`{ S: … }`, where the fault injector sees it) or not (where the recorder does). */
const isTokenRead = (input: Record<string, unknown>): boolean => {
  const sort = (input.Key as Record<string, unknown> | undefined)?.[KEY.sort];
  return String(typeof sort === 'object' && sort !== null ? (sort as { S?: string }).S : sort).startsWith('TOKEN#');
};
const tokenRead: RequestMatcher = (command, input) => command === 'GetItemCommand' && isTokenRead(input);
const HELD_MS = 400;

beforeAll(async () => {
  const client = testDynamoClient();
  faults = new FaultInjector(client);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const entry = {
        command: context.commandName ?? '',
        token: isTokenRead(args.input as Record<string, unknown>),
        start: Date.now(),
        end: 0,
      };
      sent.push(entry);
      try {
        return await next(args);
      } finally {
        entry.end = Date.now();
      }
    },
    { step: 'initialize', name: 'recorder' },
  );
  service = await startTestService({ client });
});
afterAll(async () => {
  faults.clear();
  await service.stop();
});
beforeEach(async () => {
  faults.clear();
  api = await newStore(service);
  sent = [];
});

describe('a read and its token check', () => {
  it('go out together: the read’s Query is sent before the token’s GetItem returns, and the answer is the read’s', async () => {
    const created = await createSegments(api, 3);
    sent = [];
    faults.delay(tokenRead, HELD_MS);

    const response = await api.get<Collection<Segment>>('/segments');

    expect(response.status).toBe(200);
    expect(response.body.data.map((s) => s.id).sort()).toEqual(created.map((s) => s.id).sort());
    const token = sent.find((s) => s.token);
    const query = sent.find((s) => s.command === 'QueryCommand');
    expect(token && query).toBeTruthy();
    expect(query!.start).toBeLessThan(token!.end);
    expect(query!.end).toBeLessThan(token!.end);
  });

  it('answer 401 for a wrong token, with nothing of what was read, although the read finished first', async () => {
    const created = await createSegments(api, 2);
    const other = await newStore(service);
    for (const token of ['made-up', other.modifyToken]) {
      sent = [];
      faults.delay(tokenRead, HELD_MS);

      const response = await api.call<ErrorResponse>('GET', '/segments', { token });

      expect(response.status).toBe(401);
      expect(response.body).not.toHaveProperty('data');
      for (const segment of created) expect(JSON.stringify(response.body)).not.toContain(segment.id);
      // The read did go out: the speculation is real, and so is what it costs a wrong token.
      expect(sent.some((s) => s.command === 'QueryCommand')).toBe(true);
    }
  });

  it('let the token’s verdict win over what the read ran into: 401 rather than 400, 404 or 503', async () => {
    const unknownSegment = '00000000-0000-7000-8000-000000000000';
    const cases: [path: string, query: Record<string, string | number> | undefined, unauthenticated: number][] = [
      ['/segments', { limit: 999 }, 400],
      [`/segments/${unknownSegment}/shopper-profiles`, undefined, 404],
    ];
    for (const [path, query, withToken] of cases) {
      faults.delay(tokenRead, HELD_MS);
      expect((await api.call('GET', path, { query, token: 'made-up' })).status).toBe(401);
      expect((await api.call('GET', path, { query })).status).toBe(withToken);
    }

    faults.delay(tokenRead, HELD_MS);
    faults.fail('QueryCommand', 'internal', Infinity);
    const refused = await api.call('GET', '/segments', { token: 'made-up' });
    faults.clear();
    expect(refused.status).toBe(401);
  });

  it('a read-only token may read; a write still waits for its check, and sends nothing for a wrong token', async () => {
    faults.delay(tokenRead, HELD_MS);
    expect((await api.call('GET', '/segments', { token: api.readOnlyToken })).status).toBe(200);

    sent = [];
    faults.delay(tokenRead, HELD_MS);
    const refused = await api.call('POST', '/segments', { body: [{ name: 'never' }], token: 'made-up' });

    expect(refused.status).toBe(401);
    expect(sent.map((s) => s.command)).toEqual(['GetItemCommand']);
  });
});
