import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { hashToken } from '../../service/src/auth/tokens.repository';
import { storeBasePath } from '../../service/src/http/base-path';
import { keys } from '../../service/src/store/keys';
import { newStore } from '../helpers/api';
import { createProfiles, createSegments, type ErrorResponse } from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

const ctx = useServiceAndFreshStore();

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
    const response = await ctx.api.call<ErrorResponse>(method, path, { body, token: null });

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ status: 401, title: expect.stringContaining('X-Auth-Token') });
  });

  it.each(OPERATIONS)('%s %s answers 401 for an unknown token', async (method, path, body) => {
    const response = await ctx.api.call(method, path, { body, token: 'made-up' });

    expect(response.status).toBe(401);
  });

  it.each(OPERATIONS)("%s %s answers 401 for another store's token, and changes nothing", async (method, path, body) => {
    const other = await newStore(ctx.service);
    await createSegments(ctx.api, 1);
    const before = await ctx.api.snapshot();

    const response = await ctx.api.call(method, path, { body, token: other.modifyToken });

    expect(response.status).toBe(401);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('stores tokens only as hashes', async () => {
    const stored = await ctx.service.db.send(
      new GetCommand({ TableName: ctx.service.tableName, Key: keys.token(ctx.api.storeHash, hashToken(ctx.api.modifyToken)) }),
    );

    expect(stored.Item).toBeDefined();
    expect(JSON.stringify(stored.Item)).not.toContain(ctx.api.modifyToken);
  });
});

describe('scopes', () => {
  const writes = OPERATIONS.filter(([method]) => method !== 'GET');

  it.each(writes)('%s %s answers 403 to a read-only token, and changes nothing', async (method, path, body) => {
    const before = await ctx.api.snapshot();

    const response = await ctx.api.call<ErrorResponse>(method, path, { body, token: ctx.api.readOnlyToken });

    expect(response.status).toBe(403);
    expect(response.body.title).toContain('modify');
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it("answers 403 to a read-only token listing a segment's profiles, as the beta does", async () => {
    const [segment] = await createSegments(ctx.api, 1);

    const response = await ctx.api.get(`/segments/${segment!.id}/shopper-profiles`, { token: ctx.api.readOnlyToken });

    expect(response.status).toBe(403);
  });

  it('lets a read-only token read segments, profiles and a profile’s segments', async () => {
    const [profile] = await createProfiles(ctx.api, 1);
    const token = ctx.api.readOnlyToken;

    const statuses = [
      (await ctx.api.get('/segments', { token })).status,
      (await ctx.api.get('/shopper-profiles', { token })).status,
      (await ctx.api.get(`/shopper-profiles/${profile!.id}/segments`, { token })).status,
    ];

    expect(statuses).toEqual([200, 200, 200]);
  });

  it('lets a modify token read everything', async () => {
    const [segment] = await createSegments(ctx.api, 1);

    const response = await ctx.api.get(`/segments/${segment!.id}/shopper-profiles`);

    expect(response.status).toBe(200);
  });
});

describe('tenant isolation', () => {
  it('never shows or changes one store’s data through another store’s path', async () => {
    const other = await newStore(ctx.service);
    const [segment] = await createSegments(other, 1);
    const [profile] = await createProfiles(other, 1);
    const theirs = await other.snapshot();

    const reads = [
      await ctx.api.get(`/segments/${segment!.id}/shopper-profiles`),
      await ctx.api.get(`/shopper-profiles/${profile!.id}/segments`),
      await ctx.api.get('/segments', { query: { 'id:in': segment!.id } }),
    ];
    await ctx.api.put('/segments', [{ id: segment!.id, name: 'hijacked' }]);
    await ctx.api.post(`/segments/${segment!.id}/shopper-profiles`, [profile!.id]);
    await ctx.api.delete(`/segments/${segment!.id}/shopper-profiles`);
    await ctx.api.delete('/segments', { query: { 'id:in': segment!.id } });
    await ctx.api.delete('/shopper-profiles', { query: { 'id:in': profile!.id } });

    expect(reads.map((r) => r.status)).toEqual([404, 404, 200]);
    expect((reads[2]!.body as { data: unknown[] }).data).toEqual([]);
    expect(await other.snapshot()).toEqual(theirs);
  });

  it('answers 404 for a store hash that cannot name a store', async () => {
    const response = await fetch(`${ctx.service.origin}${storeBasePath('bad#hash')}/segments`, {
      headers: { 'X-Auth-Token': ctx.api.modifyToken },
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404 });
  });
});
