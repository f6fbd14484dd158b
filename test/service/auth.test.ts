import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { hashToken } from '../../service/src/auth/tokens.repository';
import { keys } from '../../service/src/store/keys';
import { newStore, type StoreApi } from '../helpers/api';
import { createProfiles, createSegments, type ErrorResponse } from '../helpers/factories';
import { startTestService, type TestService } from '../helpers/service';

let service: TestService;
let api: StoreApi;

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service.stop();
});
beforeEach(async () => {
  api = await newStore(service);
});

const ANY_ID = '00000000-0000-7000-8000-000000000000';

/**
 * Every operation, with a body that would pass validation: auth must refuse before anything runs.
 * Each row has all three cells: jest passes a `done` callback in place of a missing one.
 */
const OPERATIONS: [method: string, path: string, body: unknown][] = [
  ['GET', '/segments', undefined],
  ['POST', '/segments', [{ name: 'x' }]],
  ['PUT', '/segments', [{ id: ANY_ID, name: 'x' }]],
  ['DELETE', '/segments', undefined],
  ['GET', `/segments/${ANY_ID}/shopper-profiles`, undefined],
  ['POST', `/segments/${ANY_ID}/shopper-profiles`, [ANY_ID]],
  ['DELETE', `/segments/${ANY_ID}/shopper-profiles`, undefined],
  ['GET', '/shopper-profiles', undefined],
  ['POST', '/shopper-profiles', [{ customer_id: 1 }]],
  ['DELETE', '/shopper-profiles', undefined],
  ['GET', `/shopper-profiles/${ANY_ID}/segments`, undefined],
];

describe('X-Auth-Token', () => {
  it.each(OPERATIONS)('%s %s answers 401 without a token', async (method, path, body) => {
    const response = await api.call<ErrorResponse>(method, path, { body, token: null });

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 401, title: expect.stringContaining('X-Auth-Token') });
  });

  it.each(OPERATIONS)('%s %s answers 401 for an unknown token', async (method, path, body) => {
    const response = await api.call(method, path, { body, token: 'made-up' });

    expect(response.status).toBe(401);
  });

  it.each(OPERATIONS)("%s %s answers 401 for another store's token, and changes nothing", async (method, path, body) => {
    const other = await newStore(service);
    await createSegments(api, 1);
    const before = await api.snapshot();

    const response = await api.call(method, path, { body, token: other.modifyToken });

    expect(response.status).toBe(401);
    expect(await api.snapshot()).toEqual(before);
  });

  it('stores tokens only as hashes', async () => {
    const stored = await service.db.send(
      new GetCommand({ TableName: service.tableName, Key: keys.token(api.storeHash, hashToken(api.modifyToken)) }),
    );

    expect(stored.Item).toBeDefined();
    expect(JSON.stringify(stored.Item)).not.toContain(api.modifyToken);
  });
});

describe('scopes', () => {
  const writes = OPERATIONS.filter(([method]) => method !== 'GET');

  it.each(writes)('%s %s answers 403 to a read-only token, and changes nothing', async (method, path, body) => {
    const before = await api.snapshot();

    const response = await api.call<ErrorResponse>(method, path, { body, token: api.readOnlyToken });

    expect(response.status).toBe(403);
    expect(response.body.title).toContain('modify');
    expect(await api.snapshot()).toEqual(before);
  });

  it("answers 403 to a read-only token listing a segment's profiles, as the beta does", async () => {
    const [segment] = await createSegments(api, 1);

    const response = await api.get(`/segments/${segment!.id}/shopper-profiles`, { token: api.readOnlyToken });

    expect(response.status).toBe(403);
  });

  it('lets a read-only token read segments, profiles and a profile’s segments', async () => {
    const [profile] = await createProfiles(api, 1);
    const token = api.readOnlyToken;

    const statuses = [
      (await api.get('/segments', { token })).status,
      (await api.get('/shopper-profiles', { token })).status,
      (await api.get(`/shopper-profiles/${profile!.id}/segments`, { token })).status,
    ];

    expect(statuses).toEqual([200, 200, 200]);
  });

  it('lets a modify token read everything', async () => {
    const [segment] = await createSegments(api, 1);

    const response = await api.get(`/segments/${segment!.id}/shopper-profiles`);

    expect(response.status).toBe(200);
  });
});

describe('tenant isolation', () => {
  it('never shows or changes one store’s data through another store’s path', async () => {
    const other = await newStore(service);
    const [segment] = await createSegments(other, 1);
    const [profile] = await createProfiles(other, 1);
    const theirs = await other.snapshot();

    const reads = [
      await api.get(`/segments/${segment!.id}/shopper-profiles`),
      await api.get(`/shopper-profiles/${profile!.id}/segments`),
      await api.get('/segments', { query: { 'id:in': segment!.id } }),
    ];
    await api.put('/segments', [{ id: segment!.id, name: 'hijacked' }]);
    await api.post(`/segments/${segment!.id}/shopper-profiles`, [profile!.id]);
    await api.delete(`/segments/${segment!.id}/shopper-profiles`);
    await api.delete('/segments', { query: { 'id:in': segment!.id } });
    await api.delete('/shopper-profiles', { query: { 'id:in': profile!.id } });

    expect(reads.map((r) => r.status)).toEqual([404, 404, 200]);
    expect((reads[2]!.body as { data: unknown[] }).data).toEqual([]);
    expect(await other.snapshot()).toEqual(theirs);
  });

  it('answers 404 for a store hash that cannot name a store', async () => {
    const response = await fetch(`${service.origin}/stores/bad%23hash/v3/segments`, { headers: { 'X-Auth-Token': api.modifyToken } });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404 });
  });
});
