import { gzipSync } from 'node:zlib';
import { LIMITS } from '../../service/src/limits';
import { addMembers, type Collection, createProfiles, createSegments, type ErrorResponse, type Segment } from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

const ctx = useServiceAndFreshStore();

/** Every hostile input this suite sends, for the figures in docs/reliability.md. */
let tried = 0;
afterAll(() => {
  console.info(`[reliability] hostile inputs tried: ${tried}`);
});

function expectEnvelope(body: unknown, status: number): void {
  expect(body).toMatchObject({ status, title: expect.any(String), type: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+|Error:/);
}

describe('a write with a query parameter the document does not declare (item 7)', () => {
  const misspelt = ['ids', 'id', 'id_in', 'ID:IN', 'id:IN', 'filter'];

  it.each(misspelt)('DELETE /segments?%s=… answers 400 and deletes nothing', async (name) => {
    const [kept] = await createSegments(ctx.api, 2);
    const before = await ctx.api.snapshot();
    tried++;

    const response = await ctx.api.delete<ErrorResponse>('/segments', { query: { [name]: kept!.id } });

    expect(response.status).toBe(400);
    expectEnvelope(response.body, 400);
    expect(response.body.errors).toHaveProperty([name]);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it.each(misspelt)('DELETE /shopper-profiles?%s=… answers 400 and deletes nothing', async (name) => {
    const [kept] = await createProfiles(ctx.api, 2);
    const before = await ctx.api.snapshot();
    tried++;

    const response = await ctx.api.delete('/shopper-profiles', { query: { [name]: kept!.id } });

    expect(response.status).toBe(400);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it.each(misspelt)("DELETE a segment's members with ?%s=… answers 400 and removes nothing", async (name) => {
    const [segment] = await createSegments(ctx.api, 1);
    const profiles = await createProfiles(ctx.api, 2);
    await addMembers(
      ctx.api,
      segment!.id,
      profiles.map((p) => p.id),
    );
    const before = await ctx.api.snapshot();
    tried++;

    const response = await ctx.api.delete(`/segments/${segment!.id}/shopper-profiles`, { query: { [name]: profiles[0]!.id } });

    expect(response.status).toBe(400);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('POST and PUT with an undeclared parameter answer 400 and write nothing', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const before = await ctx.api.snapshot();
    tried += 2;

    const created = await ctx.api.post('/segments', [{ name: 'New' }], { query: { dry_run: 'true' } });
    const updated = await ctx.api.put('/segments', [{ id: segment!.id, name: 'Renamed' }], { query: { force: '1' } });

    expect(created.status).toBe(400);
    expect(updated.status).toBe(400);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('still deletes by a declared id:in, and GETs stay lenient about unknown parameters', async () => {
    const [gone, kept] = await createSegments(ctx.api, 2);

    const deleted = await ctx.api.delete('/segments', { query: { 'id:in': gone!.id } });
    const listed = await ctx.api.get<Collection<Segment>>('/segments', { query: { utm_source: 'x' } });

    expect(deleted.status).toBe(204);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((s) => s.id)).toEqual([kept!.id]);
  });
});

describe('malformed percent-encoding in the path (item 8)', () => {
  it.each([
    ['the store', (_store: string) => '/stores/%ff/v3/segments'],
    ['the store, truncated', (_store: string) => '/stores/%E0%A4%A/v3/segments'],
    ['a segment id', (store: string) => `/stores/${store}/v3/segments/%ZZ/shopper-profiles`],
    ['a profile id', (store: string) => `/stores/${store}/v3/shopper-profiles/%C0%80/segments`],
  ])('answers 400 in the envelope when %s is not valid percent-encoding, with or without a token', async (_what, path) => {
    for (const token of [undefined, ctx.api.modifyToken]) {
      tried++;
      const response = await fetch(`${ctx.service.origin}${path(ctx.api.storeHash)}`, {
        headers: token ? { 'X-Auth-Token': token } : {},
      });
      const body = await response.json();

      expect(response.status).toBe(400);
      expectEnvelope(body, 400);
    }
  });
});

describe('compressed bodies (item 9)', () => {
  async function postRaw(body: Buffer | string, encoding: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${ctx.service.origin}${ctx.api.base}/segments`, {
      method: 'POST',
      headers: { 'X-Auth-Token': ctx.api.modifyToken, 'Content-Type': 'application/json', 'Content-Encoding': encoding },
      body,
    });
    return { status: response.status, body: await response.json() };
  }

  it.each(['gzip', 'deflate', 'br'])('answers 400 in the envelope for a corrupt %s body, and writes nothing', async (encoding) => {
    const before = await ctx.api.snapshot();
    tried++;

    const response = await postRaw(Buffer.from('this is not compressed at all'), encoding);

    expect(response.status).toBe(400);
    expectEnvelope(response.body, 400);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 400 for a gzip body cut short', async () => {
    tried++;
    const whole = gzipSync(JSON.stringify([{ name: 'Cut' }]));

    const response = await postRaw(whole.subarray(0, whole.length - 6), 'gzip');

    expect(response.status).toBe(400);
  });

  it.each(['compress', 'x-unknown'])('answers 415 in the envelope for a %s body, an encoding it does not take', async (encoding) => {
    tried++;

    const response = await postRaw('[{"name":"Squeezed"}]', encoding);

    expect(response.status).toBe(415);
    expectEnvelope(response.body, 415);
  });

  it('takes a well-formed gzip body', async () => {
    const response = await postRaw(gzipSync(JSON.stringify([{ name: 'Zipped' }])), 'gzip');

    expect(response.status).toBe(201);
  });
});

describe('upper-case UUIDs (item 10)', () => {
  it('finds, lists and deletes by an upper-case id:in, and answers ids in lower case', async () => {
    const [segment, other] = await createSegments(ctx.api, 2);
    tried += 2;

    const found = await ctx.api.get<Collection<Segment>>('/segments', { query: { 'id:in': segment!.id.toUpperCase() } });
    const deleted = await ctx.api.delete('/segments', { query: { 'id:in': segment!.id.toUpperCase() } });
    const left = await ctx.api.get<Collection<Segment>>('/segments');

    expect(found.body.data.map((s) => s.id)).toEqual([segment!.id]);
    expect(deleted.status).toBe(204);
    expect(left.body.data.map((s) => s.id)).toEqual([other!.id]);
  });

  it('takes upper-case ids in paths and bodies', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const [profile] = await createProfiles(ctx.api, 1);
    const SEGMENT = segment!.id.toUpperCase();
    const PROFILE = profile!.id.toUpperCase();
    tried += 4;

    const renamed = await ctx.api.put<{ data: Segment[] }>('/segments', [{ id: SEGMENT, name: 'Upper' }]);
    const added = await ctx.api.post(`/segments/${SEGMENT}/shopper-profiles`, [PROFILE]);
    const members = await ctx.api.get<Collection<{ id: string }>>(`/segments/${SEGMENT}/shopper-profiles`);
    const segments = await ctx.api.get<Collection<Segment>>(`/shopper-profiles/${PROFILE}/segments`);

    expect(renamed.status).toBe(201);
    expect(renamed.body.data[0]!.id).toBe(segment!.id);
    expect(added.status).toBe(201);
    expect(members.body.data.map((p) => p.id)).toEqual([profile!.id]);
    expect(segments.body.data.map((s) => s.id)).toEqual([segment!.id]);
  });

  it('treats the same id in two cases as a repeat, not as two profiles', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    const [profile] = await createProfiles(ctx.api, 1);
    const before = await ctx.api.snapshot();
    tried++;

    const response = await ctx.api.post(`/segments/${segment!.id}/shopper-profiles`, [profile!.id, profile!.id.toUpperCase()]);

    expect(response.status).toBe(400);
    expect(await ctx.api.snapshot()).toEqual(before);
  });
});

describe('text that is not well-formed Unicode (item 11)', () => {
  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'VIP \udc00'],
    ['surrogates in the wrong order', '\udc00\ud800'],
  ])('answers 400 for a name with %s, and writes nothing', async (_what, name) => {
    const before = await ctx.api.snapshot();
    tried++;

    const response = await ctx.api.post<ErrorResponse>('/segments', [{ name }]);

    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveProperty(['0.name']);
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 400 for a description with a lone surrogate on update', async () => {
    const [segment] = await createSegments(ctx.api, 1);
    tried++;

    const response = await ctx.api.put('/segments', [{ id: segment!.id, description: 'a\ud83d' }]);

    expect(response.status).toBe(400);
  });

  it('takes well-formed text outside the basic plane, and a name and its replacement character apart', async () => {
    const response = await ctx.api.post<{ data: Segment[] }>('/segments', [{ name: 'VIP 🎉' }, { name: '\ufffd' }]);

    expect(response.status).toBe(201);
    expect(response.body.data.map((s) => s.name)).toEqual(['VIP 🎉', '\ufffd']);
  });
});

describe('page numbers past the documented maximum (item 12)', () => {
  const maximum = LIMITS.maxPage;

  it.each(['99999999999999999999', String(maximum + 1), '1e3', '0x10'])('answers 400 for page=%s', async (page) => {
    tried++;

    const response = await ctx.api.get<ErrorResponse>('/segments', { query: { page } });

    expect(response.status).toBe(400);
    expect(response.body.errors).toHaveProperty(['page']);
  });

  it('answers an empty page at the maximum', async () => {
    const response = await ctx.api.get<Collection<Segment>>('/segments', { query: { page: maximum } });

    expect(response.status).toBe(200);
    expect(response.body.meta.pagination.current_page).toBe(maximum);
    expect(response.body.data).toEqual([]);
  });
});

describe('methods and the order of checks (item 13)', () => {
  it.each([
    ['PATCH', '/segments', 'GET, POST, PUT, DELETE'],
    ['PATCH', '/shopper-profiles', 'GET, POST, DELETE'],
    ['PUT', '/shopper-profiles', 'GET, POST, DELETE'],
    ['PUT', '/segments/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/shopper-profiles', 'GET, POST, DELETE'],
    ['POST', '/shopper-profiles/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/segments', 'GET'],
  ])('answers 405 with Allow and the envelope for %s %s', async (method, path, allow) => {
    tried++;

    const response = await ctx.api.call<ErrorResponse>(method, path, { body: [] });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe(allow);
    expectEnvelope(response.body, 405);
  });

  it('checks the token before it reads the body: 401, not 400 or 413', async () => {
    tried += 3;
    const malformed = await ctx.api.call('POST', '/segments', {
      token: null,
      rawBody: '[{"name":',
      headers: { 'Content-Type': 'application/json' },
    });
    const huge = await ctx.api.call('POST', '/segments', {
      token: 'not-a-token',
      rawBody: JSON.stringify([{ name: 'x'.repeat(200_000) }]),
      headers: { 'Content-Type': 'application/json' },
    });
    const corrupt = await ctx.api.call('POST', '/segments', {
      token: null,
      rawBody: 'garbage',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    });

    expect(malformed.status).toBe(401);
    expect(huge.status).toBe(401);
    expect(corrupt.status).toBe(401);
  });
});
