import { newStore } from '../helpers/api';
import { type BatchConflict, type Collection, createSegments, type ErrorResponse, readAllPages, type Segment } from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const ctx = useServiceAndFreshStore();

describe('POST /segments', () => {
  it('creates segments and answers 201 with each in request order', async () => {
    const response = await ctx.api.post<{ data: Segment[]; meta: object }>('/segments', [
      { name: 'VIP', description: 'Spent over 1000' },
      { name: 'Newcomers' },
    ]);

    expect(response.status).toBe(201);
    expect(response.body.meta).toEqual({});
    const [vip, newcomers] = response.body.data;
    expect(vip).toEqual({
      id: expect.stringMatching(UUID),
      name: 'VIP',
      description: 'Spent over 1000',
      created_at: expect.stringMatching(ISO_DATE_TIME),
      updated_at: vip?.created_at,
    });
    expect(newcomers).toMatchObject({ name: 'Newcomers', description: '' });
    expect(vip?.id).not.toBe(newcomers?.id);
  });

  it('answers 409 in the batch envelope when a name is taken, and writes nothing', async () => {
    await createSegments(ctx.api, 1, 'VIP');
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<BatchConflict>('/segments', [{ name: 'Fresh' }, { name: 'VIP 0' }]);

    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      data: [],
      errors: [
        {
          status: 409,
          title: 'Cannot have multiple segments with the same name.',
          type: expect.any(String),
          errors: { '1': expect.stringContaining('VIP 0') },
        },
      ],
      meta: { total: 2, success: 0, failed: 2 },
    });
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 409 when two entries of one request share a name', async () => {
    const response = await ctx.api.post<BatchConflict>('/segments', [{ name: 'Twin' }, { name: 'Twin' }]);

    expect(response.status).toBe(409);
    expect(response.body.errors[0]?.errors).toEqual({ '1': expect.stringContaining('Twin') });
    expect(await ctx.api.snapshot()).toHaveLength(2); // the two tokens, nothing else
  });

  it('accepts the longest name the document allows, in four-byte characters, and keeps it unique', async () => {
    const name = '😀'.repeat(255);

    const created = await ctx.api.post<{ data: Segment[] }>('/segments', [{ name }]);
    const again = await ctx.api.post('/segments', [{ name }]);

    expect(created.status).toBe(201);
    expect(created.body.data[0]?.name).toBe(name);
    expect(again.status).toBe(409);
  });

  it('keeps names unique per store only', async () => {
    const other = await newStore(ctx.service);
    await createSegments(other, 1, 'Shared');

    const response = await ctx.api.post('/segments', [{ name: 'Shared 0' }]);

    expect(response.status).toBe(201);
  });

  it.each([
    ['an object instead of an array', { name: 'VIP' }],
    ['an empty array', []],
    ['an entry without a name', [{ description: 'no name' }]],
    ['a name that is not a string', [{ name: 42 }]],
    ['an empty name', [{ name: '' }]],
    ['an unknown field', [{ name: 'VIP', colour: 'gold' }]],
    ['26 entries', Array.from({ length: 26 }, (_, i) => ({ name: `s${i}` }))],
  ])('answers 400 for %s and writes nothing', async (_case, body) => {
    const before = await ctx.api.snapshot();

    const response = await ctx.api.post<ErrorResponse>('/segments', body);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, title: expect.any(String), type: expect.any(String), errors: expect.any(Object) });
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('says the batch limit in the title when a request holds too many entries', async () => {
    const response = await ctx.api.post<ErrorResponse>(
      '/segments',
      Array.from({ length: 26 }, (_, i) => ({ name: `s${i}` })),
    );

    expect(response.body.title).toContain('25');
  });

  it('holds at most 1000 segments per store, and says so when full', async () => {
    await createSegments(ctx.api, 990);
    const before = await ctx.api.snapshot();

    const tooMany = await ctx.api.post<BatchConflict>(
      '/segments',
      Array.from({ length: 11 }, (_, i) => ({ name: `extra ${i}` })),
    );
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.errors[0]?.title).toContain('1000');
    expect(await ctx.api.snapshot()).toEqual(before);

    const exactlyFull = await ctx.api.post(
      '/segments',
      Array.from({ length: 10 }, (_, i) => ({ name: `last ${i}` })),
    );
    expect(exactlyFull.status).toBe(201);
    const oneMore = await ctx.api.post('/segments', [{ name: 'one more' }]);
    expect(oneMore.status).toBe(409);
    const list = await ctx.api.get<Collection<Segment>>('/segments', { query: { limit: 1 } });
    expect(list.body.meta.pagination.total).toBe(1000);
  });
});

describe('GET /segments', () => {
  it('lists an empty store with exact, empty pagination', async () => {
    const response = await ctx.api.get<Collection<Segment>>('/segments');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: [],
      meta: { pagination: { total: 0, count: 0, per_page: 50, current_page: 1, total_pages: 0 } },
    });
  });

  it('pages through every segment once, oldest first, with exact meta on each page', async () => {
    const created = await createSegments(ctx.api, 23);

    const { items, pages } = await readAllPages<Segment>(ctx.api, '/segments', 5);

    expect(items.map((s) => s.id)).toEqual(created.map((s) => s.id));
    expect(pages).toHaveLength(5);
    expect(pages[0]?.meta.pagination).toEqual({ total: 23, count: 5, per_page: 5, current_page: 1, total_pages: 5 });
    expect(pages[4]?.meta.pagination).toEqual({ total: 23, count: 3, per_page: 5, current_page: 5, total_pages: 5 });
  });

  it('answers an empty page past the end, with the real total', async () => {
    await createSegments(ctx.api, 3);

    const response = await ctx.api.get<Collection<Segment>>('/segments', { query: { page: 9, limit: 2 } });

    expect(response.body.data).toEqual([]);
    expect(response.body.meta.pagination).toEqual({ total: 3, count: 0, per_page: 2, current_page: 9, total_pages: 2 });
  });

  it('filters by id:in, given comma-separated or repeated, ignoring unknown ids', async () => {
    const [a, , c] = await createSegments(ctx.api, 3);
    const unknown = '00000000-0000-7000-8000-000000000000';

    const commas = await ctx.api.get<Collection<Segment>>('/segments', { query: { 'id:in': `${c?.id},${a?.id},${unknown}` } });
    const repeated = await ctx.api.get<Collection<Segment>>('/segments', { query: { 'id:in': [c!.id, a!.id] } });

    expect(commas.body.data.map((s) => s.id)).toEqual([a?.id, c?.id]);
    expect(commas.body.meta.pagination.total).toBe(2);
    expect(repeated.body.data).toEqual(commas.body.data);
  });

  it.each([
    ['limit 0', { limit: 0 }],
    ['a negative page', { page: -1 }],
    ['a non-numeric limit', { limit: 'ten' }],
    ['a fractional page', { page: '1.5' }],
    ['a limit over 250', { limit: 251 }],
    ['an id:in that is not a UUID', { 'id:in': 'nope' }],
    ['an empty id:in', { 'id:in': '' }],
  ])('answers 400 for %s', async (_case, query) => {
    const response = await ctx.api.get<ErrorResponse>('/segments', { query: query as Record<string, string> });

    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors ?? {})).toHaveLength(1);
  });
});

describe('PUT /segments', () => {
  it('updates name and description, keeps what is left out, and answers 201', async () => {
    const [segment] = await createSegments(ctx.api, 1);

    const renamed = await ctx.api.put<{ data: Segment[] }>('/segments', [{ id: segment!.id, name: 'Renamed' }]);
    const described = await ctx.api.put<{ data: Segment[] }>('/segments', [{ id: segment!.id, description: 'New words' }]);

    expect(renamed.status).toBe(201);
    expect(renamed.body.data[0]).toMatchObject({
      id: segment!.id,
      name: 'Renamed',
      description: segment!.description,
      created_at: segment!.created_at,
    });
    expect(described.body.data[0]).toMatchObject({ name: 'Renamed', description: 'New words' });
    const listed = await ctx.api.get<Collection<Segment>>('/segments');
    expect(listed.body.data).toEqual(described.body.data);
  });

  it('frees the old name for reuse after a rename', async () => {
    const [segment] = await createSegments(ctx.api, 1, 'Old');
    await ctx.api.put('/segments', [{ id: segment!.id, name: 'New' }]);

    const reuse = await ctx.api.post('/segments', [{ name: 'Old 0' }]);

    expect(reuse.status).toBe(201);
  });

  it('swaps two names in one request', async () => {
    const [a, b] = await createSegments(ctx.api, 2);

    const response = await ctx.api.put<{ data: Segment[] }>('/segments', [
      { id: a!.id, name: b!.name },
      { id: b!.id, name: a!.name },
    ]);

    expect(response.status).toBe(201);
    expect(response.body.data.map((s) => s.name)).toEqual([b!.name, a!.name]);
  });

  it('answers 409 when the new name belongs to another segment, and changes nothing', async () => {
    const [a, b] = await createSegments(ctx.api, 2);
    const before = await ctx.api.snapshot();

    const response = await ctx.api.put<BatchConflict>('/segments', [
      { id: a!.id, description: 'would change' },
      { id: b!.id, name: a!.name },
    ]);

    expect(response.status).toBe(409);
    expect(response.body.errors[0]?.errors).toEqual({ '1': expect.stringContaining(a!.name) });
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 404 naming the unknown segment, and changes nothing', async () => {
    const [a] = await createSegments(ctx.api, 1);
    const before = await ctx.api.snapshot();
    const unknown = '00000000-0000-7000-8000-000000000000';

    const response = await ctx.api.put<ErrorResponse>('/segments', [
      { id: a!.id, name: 'changed' },
      { id: unknown, name: 'ghost' },
    ]);

    expect(response.status).toBe(404);
    expect(response.body.errors).toEqual({ '1': expect.stringContaining(unknown) });
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 400 when an entry has no id or the same id twice', async () => {
    const [a] = await createSegments(ctx.api, 1);

    const noId = await ctx.api.put<ErrorResponse>('/segments', [{ name: 'x' }]);
    const twice = await ctx.api.put<ErrorResponse>('/segments', [
      { id: a!.id, name: 'x' },
      { id: a!.id, name: 'y' },
    ]);

    expect(noId.status).toBe(400);
    expect(noId.body.errors).toEqual({ '0.id': 'is required' });
    expect(twice.status).toBe(400);
  });
});

describe('DELETE /segments', () => {
  it('deletes the segments named by id:in and keeps the rest', async () => {
    const [a, b, c] = await createSegments(ctx.api, 3);

    const response = await ctx.api.delete('/segments', { query: { 'id:in': `${a!.id},${c!.id}` } });

    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    const listed = await ctx.api.get<Collection<Segment>>('/segments');
    expect(listed.body.data.map((s) => s.id)).toEqual([b!.id]);
    expect(listed.body.meta.pagination.total).toBe(1);
  });

  it('deletes every segment of the store when id:in is absent, and only that store', async () => {
    const other = await newStore(ctx.service);
    await createSegments(other, 2);
    await createSegments(ctx.api, 60);

    const response = await ctx.api.delete('/segments');

    expect(response.status).toBe(204);
    const mine = await ctx.api.get<Collection<Segment>>('/segments');
    expect(mine.body.meta.pagination.total).toBe(0);
    expect(mine.body.data).toEqual([]);
    const theirs = await other.get<Collection<Segment>>('/segments');
    expect(theirs.body.meta.pagination.total).toBe(2);
  });

  it('ignores unknown ids and frees deleted names', async () => {
    const [a] = await createSegments(ctx.api, 1, 'Gone');

    const response = await ctx.api.delete('/segments', { query: { 'id:in': `${a!.id},00000000-0000-7000-8000-000000000000` } });
    const reuse = await ctx.api.post('/segments', [{ name: 'Gone 0' }]);

    expect(response.status).toBe(204);
    expect(reuse.status).toBe(201);
  });
});
