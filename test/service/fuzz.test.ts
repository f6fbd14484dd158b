import fc from 'fast-check';
import { newStore, type StoreApi } from '../helpers/api';
import { addMembers, createProfiles, createSegments, type ErrorResponse } from '../helpers/factories';
import { startTestService, type TestService } from '../helpers/service';

/** Runs per property; FUZZ_RUNS raises it for a longer hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** How long one operation's property may take: RUNS requests at about a second each on a busy machine, doubled. */
const FUZZ_PROPERTY_TIMEOUT_MS = Math.max(180_000, RUNS * 3_000);

let service: TestService;
let api: StoreApi;
let segmentId: string;
let profileId: string;
let requestsTried = 0;

beforeAll(async () => {
  service = await startTestService();
  api = await newStore(service);
  const [segment] = await createSegments(api, 2);
  const [profile] = await createProfiles(api, 2);
  segmentId = segment!.id;
  profileId = profile!.id;
  await addMembers(api, segmentId, [profileId]);
});
afterAll(async () => {
  await service.stop();
  console.info(`[reliability] fuzzing: ${requestsTried} requests with random bodies, query strings, path ids and headers`);
});

/** Anything a client could put in a JSON body, valid-looking or not. */
const jsonBody = fc.oneof(
  fc.jsonValue(),
  fc.array(
    fc.record(
      { name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), description: fc.oneof(fc.string(), fc.boolean()) },
      { requiredKeys: [] },
    ),
  ),
  fc.array(fc.record({ id: fc.oneof(fc.uuid(), fc.string()), name: fc.string() }, { requiredKeys: [] })),
  fc.array(fc.record({ customer_id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)) }, { requiredKeys: [] })),
  fc.array(fc.oneof(fc.uuid(), fc.string(), fc.integer()), { maxLength: 60 }),
);
const queryValue = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.array(fc.uuid(), { maxLength: 4 }).map((ids) => ids.join(',')),
  fc.constant(''),
);
const query = fc.dictionary(fc.constantFrom('page', 'limit', 'id:in', 'sort', 'page[]', 'id:in[]'), queryValue, { maxKeys: 4 });
const pathId = fc.oneof(fc.uuid(), fc.string({ minLength: 1 }).map(encodeURIComponent), fc.constant('%00'), fc.constant('..'));
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
);

/**
 * Whatever arrives, the answer is a 4xx in the error envelope or a success the document allows,
 * never a 5xx; and a 4xx wrote nothing.
 */
async function assertHandled(
  method: string,
  path: (ids: { segment: string; profile: string }) => string,
  input: { body: unknown; query: Record<string, string>; id: string; contentType: string },
) {
  const before = await api.snapshot();
  const response = await api.call<ErrorResponse>(method, path({ segment: input.id, profile: input.id }), {
    rawBody: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify(input.body),
    query: input.query,
    headers: { 'Content-Type': input.contentType },
  });
  requestsTried += 1;
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.body).toMatchObject({ status: response.status, title: expect.any(String), type: expect.any(String) });
    expect(await api.snapshot()).toEqual(before);
  }
}

const OPERATIONS: [string, (ids: { segment: string; profile: string }) => string][] = [
  ['GET', () => '/segments'],
  ['POST', () => '/segments'],
  ['PUT', () => '/segments'],
  ['GET', ({ segment }) => `/segments/${segment}/shopper-profiles`],
  ['POST', ({ segment }) => `/segments/${segment}/shopper-profiles`],
  ['GET', () => '/shopper-profiles'],
  ['POST', () => '/shopper-profiles'],
  ['GET', ({ profile }) => `/shopper-profiles/${profile}/segments`],
];

/** Rows of [method, the path as the document writes it, the path builder]: the label names the test. */
const labelled = (rows: [string, (ids: { segment: string; profile: string }) => string][]) =>
  rows.map(([method, path]) => [method, path({ segment: '{segmentId}', profile: '{shopperProfileId}' }), path] as const);

describe('hostile input', () => {
  it.each(labelled(OPERATIONS))(
    '%s %s answers every random request with a 4xx or a documented success, never a 5xx',
    async (method, _label, path) => {
      await fc.assert(
        fc.asyncProperty(jsonBody, query, fc.oneof(pathId, fc.constant('KNOWN')), contentType, async (body, q, id, type) => {
          const resolved =
            id === 'KNOWN' ? (path({ segment: 's', profile: 'p' }).includes('/shopper-profiles/') ? profileId : segmentId) : id;
          await assertHandled(method, path, { body, query: q, id: resolved, contentType: type });
        }),
        { numRuns: RUNS },
      );
    },
    // Sixty requests, each between two strongly read snapshots of the store, against the DynamoDB
    // Local the other jest worker shares (and whose table now also feeds a stream): a budget for
    // that, not a speed the test asserts.
    FUZZ_PROPERTY_TIMEOUT_MS,
  );

  it.each(
    labelled([
      ['DELETE', () => '/segments'],
      ['DELETE', ({ segment }) => `/segments/${segment}/shopper-profiles`],
      ['DELETE', () => '/shopper-profiles'],
    ]),
  )('%s %s refuses a malformed id:in without deleting anything', async (method, _label, path) => {
    const malformed = fc.oneof(
      fc.string({ minLength: 1 }).filter((s) => !/^[0-9a-f-]{36}$/i.test(s)),
      fc.constant(''),
      fc.constant(','),
      fc.array(fc.uuid(), { minLength: 101, maxLength: 120 }).map((ids) => ids.join(',')),
    );
    await fc.assert(
      fc.asyncProperty(malformed, async (ids) => {
        const before = await api.snapshot();
        const response = await api.call<ErrorResponse>(method, path({ segment: segmentId, profile: profileId }), {
          query: { 'id:in': ids },
        });
        requestsTried += 1;
        expect(response.status).toBe(400);
        expect(await api.snapshot()).toEqual(before);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it.each([
    ['an enormous token', 'x'.repeat(8000)],
    ['a token with control characters', 'abc\tdef'],
    ['a token of another shape', 'Bearer abc.def.ghi'],
  ])('answers 401 to %s', async (_case, token) => {
    const response = await api.get('/segments', { token });

    expect([401, 431]).toContain(response.status);
  });
});
