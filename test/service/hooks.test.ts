import { openapiDocument } from '../../service/src/generated/openapi-document';
import { DestinationPolicy } from '../../service/src/hooks/destinations';
import { LIMITS } from '../../service/src/limits';
import { keys } from '../../service/src/store/keys';
import { newStore } from '../helpers/api';
import type { ErrorResponse } from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

interface Hook {
  id: string;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string>;
  created_at: string;
  updated_at: string;
  secret?: string;
}

/** What the resolver answers for each name: the app asks it and sends no packet anywhere. */
const ANSWERS: Record<string, string[]> = {
  'hooks.example.com': ['93.184.215.14'],
  'internal.example.com': ['10.0.0.8'],
  'metadata.example.com': ['169.254.169.254'],
  'split.example.com': ['93.184.215.14', '192.168.1.4'],
  'v6-metadata.example.com': ['fd00:ec2::254'],
  'mapped.example.com': ['::ffff:127.0.0.1'],
  'home.example.com': ['127.0.0.1'],
};

const ctx = useServiceAndFreshStore({
  hookDestinations: () =>
    new DestinationPolicy({
      allowLoopback: false,
      resolve: async (hostname) => {
        const answer = ANSWERS[hostname];
        if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
        return answer;
      },
    }),
});

const validHook = { scope: 'segment.*', destination: 'https://hooks.example.com/segments' };

async function createHook(body: object = validHook): Promise<Hook> {
  const response = await ctx.api.post<{ data: Hook }>('/hooks', body);
  if (response.status !== 201) throw new Error(`POST /hooks answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.data;
}

describe('POST /hooks', () => {
  it('answers 201 with the hook and its secret, whsec_ and base64 of 32 bytes, active by default', async () => {
    const response = await ctx.api.post<{ data: Hook; meta: object }>('/hooks', { ...validHook, headers: { 'X-Receiver-Token': 't0k' } });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      data: {
        id: expect.any(String),
        scope: 'segment.*',
        destination: 'https://hooks.example.com/segments',
        is_active: true,
        headers: { 'X-Receiver-Token': 't0k' },
        created_at: expect.any(String),
        updated_at: response.body.data.created_at,
        secret: expect.stringMatching(/^whsec_/),
      },
      meta: {},
    });
    expect(Buffer.from(response.body.data.secret!.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it('gives every hook a different secret', async () => {
    const [a, b] = [await createHook(), await createHook()];
    expect(a.secret).not.toBe(b.secret);
  });

  it('keeps the secret out of the table in clear: the item holds only a sealed value that names neither', async () => {
    const hook = await createHook();
    const bytes = Buffer.from(hook.secret!.slice('whsec_'.length), 'base64');

    const items = await ctx.api.queryPartition(keys.hooksPartition(ctx.api.storeHash));
    const stored = JSON.stringify(items);

    expect(stored).not.toContain(hook.secret!.slice('whsec_'.length));
    expect(stored).not.toContain(bytes.toString('hex'));
    expect(stored).not.toContain(bytes.toString('base64url'));
  });

  it.each([
    ['http://hooks.example.com/', 'https'],
    ['ftp://hooks.example.com/', 'https'],
    ['https://internal.example.com/', '10.0.0.8'],
    ['https://metadata.example.com/latest/meta-data', '169.254.169.254'],
    ['https://split.example.com/', '192.168.1.4'],
    ['https://v6-metadata.example.com/', 'fd00:ec2::254'],
    ['https://mapped.example.com/', '::ffff:127.0.0.1'],
    ['https://home.example.com/', '127.0.0.1'],
    ['https://127.0.0.1/', '127.0.0.1'],
    ['https://[::1]/', '::1'],
    ['https://169.254.169.254/', '169.254.169.254'],
    ['https://nowhere.example.com/', 'does not resolve'],
    ['https://user:pass@hooks.example.com/', 'user name'],
    ['not a url', 'absolute URL'],
  ])('refuses %s with 400 in the error envelope and writes nothing', async (destination, reason) => {
    const before = await ctx.api.queryPartition(keys.hooksPartition(ctx.api.storeHash));

    const response = await ctx.api.post<ErrorResponse>('/hooks', { ...validHook, destination });

    expect(response.status).toBe(400);
    expect(response.body.errors?.destination).toContain(reason);
    expect(await ctx.api.queryPartition(keys.hooksPartition(ctx.api.storeHash))).toEqual(before);
  });

  it.each([
    ['an unknown scope', { scope: 'segment.nope', destination: validHook.destination }],
    ['no scope', { destination: validHook.destination }],
    ['a header name with a space', { ...validHook, headers: { 'bad name': 'x' } }],
    ['a header value with a line break', { ...validHook, headers: { 'X-Token': 'line\nbreak' } }],
    [
      'a destination past the length limit',
      { ...validHook, destination: `https://hooks.example.com/${'a'.repeat(LIMITS.hookDestinationLength)}` },
    ],
    [
      'more headers than the limit',
      { ...validHook, headers: Object.fromEntries(Array.from({ length: LIMITS.headersPerHook + 1 }, (_, i) => [`X-H${i}`, 'v'])) },
    ],
    ['a field the hook does not have', { ...validHook, extra: true }],
  ])('refuses %s with 400 and writes nothing', async (_label, body) => {
    const response = await ctx.api.post<ErrorResponse>('/hooks', body);

    expect(response.status).toBe(400);
    expect(await ctx.api.queryPartition(keys.hooksPartition(ctx.api.storeHash))).toEqual([]);
  });

  it.each(['Content-Type', 'webhook-signature', 'Webhook-Id', 'host', 'Transfer-Encoding'])(
    'refuses a header the delivery sets itself (%s)',
    async (name) => {
      const response = await ctx.api.post<ErrorResponse>('/hooks', { ...validHook, headers: { [name]: 'x' } });

      expect(response.status).toBe(400);
      expect(response.body.errors?.[`headers.${name}`]).toBeDefined();
    },
  );

  it('accepts each scope the issue names: a type, a family, or every event', async () => {
    for (const scope of ['segment.shopper_profile_added', 'segment.*', 'shopper_profile.*', 'promotion.*', '*']) {
      expect((await createHook({ ...validHook, scope })).scope).toBe(scope);
    }
  });

  it(`answers 409 past ${LIMITS.hooksPerStore} hooks a store, and writes nothing`, async () => {
    for (let i = 0; i < LIMITS.hooksPerStore; i++) await createHook();

    const response = await ctx.api.post<ErrorResponse>('/hooks', validHook);

    expect(response.status).toBe(409);
    expect((await ctx.api.get<{ data: Hook[] }>('/hooks')).body.data).toHaveLength(LIMITS.hooksPerStore);
  });

  it('holds the limit under creates sent at once', async () => {
    const answers = await Promise.all(Array.from({ length: LIMITS.hooksPerStore + 5 }, () => ctx.api.post('/hooks', validHook)));

    expect(answers.filter((a) => a.status === 201)).toHaveLength(LIMITS.hooksPerStore);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 409)).toBe(true);
    expect((await ctx.api.get<{ data: Hook[] }>('/hooks')).body.data).toHaveLength(LIMITS.hooksPerStore);
  });

  it('needs the modify scope', async () => {
    const response = await ctx.api.post('/hooks', validHook, { token: ctx.api.readOnlyToken });
    expect(response.status).toBe(403);
  });
});

describe('GET /hooks and GET /hooks/{id}', () => {
  it('lists the store hooks oldest first and reads one, never with a secret', async () => {
    const a = await createHook();
    const b = await createHook({ scope: '*', destination: 'https://hooks.example.com/all' });

    const list = await ctx.api.get<{ data: Hook[]; meta: object }>('/hooks', { token: ctx.api.readOnlyToken });
    const one = await ctx.api.get<{ data: Hook }>(`/hooks/${b.id}`, { token: ctx.api.readOnlyToken });

    expect(list.status).toBe(200);
    expect(list.body.data.map((hook) => hook.id)).toEqual([a.id, b.id]);
    expect(list.body.meta).toEqual({});
    expect(one.status).toBe(200);
    const { secret: _secret, ...withoutSecret } = b;
    expect(one.body.data).toEqual(withoutSecret);
    expect(JSON.stringify([list.body, one.body])).not.toContain('whsec_');
  });

  it('answers 404 for a hook the store does not have', async () => {
    const response = await ctx.api.get<ErrorResponse>('/hooks/00000000-0000-7000-8000-000000000000');
    expect(response.status).toBe(404);
  });
});

describe('PUT /hooks/{id}', () => {
  it('replaces the fields given and keeps the others', async () => {
    const hook = await createHook();

    const response = await ctx.api.put<{ data: Hook }>(`/hooks/${hook.id}`, { is_active: false, headers: { 'X-A': 'b' } });

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({
      scope: hook.scope,
      destination: hook.destination,
      is_active: false,
      headers: { 'X-A': 'b' },
    });
    expect(response.body.data.updated_at >= hook.updated_at).toBe(true);
    expect((await ctx.api.get<{ data: Hook }>(`/hooks/${hook.id}`)).body.data).toEqual(response.body.data);
  });

  it('checks a new destination as creation does (400, nothing changed)', async () => {
    const hook = await createHook();

    const response = await ctx.api.put<ErrorResponse>(`/hooks/${hook.id}`, { destination: 'https://internal.example.com/' });

    expect(response.status).toBe(400);
    expect((await ctx.api.get<{ data: Hook }>(`/hooks/${hook.id}`)).body.data.destination).toBe(hook.destination);
  });

  it('answers 404 for an unknown hook and 400 for an empty body', async () => {
    expect((await ctx.api.put('/hooks/00000000-0000-7000-8000-000000000000', { is_active: true })).status).toBe(404);
    expect((await ctx.api.put(`/hooks/${(await createHook()).id}`, {})).status).toBe(400);
  });
});

describe('DELETE /hooks/{id}', () => {
  it('answers 204, the hook is gone, and its place under the limit is free', async () => {
    const hooks = [];
    for (let i = 0; i < LIMITS.hooksPerStore; i++) hooks.push(await createHook());

    const response = await ctx.api.delete(`/hooks/${hooks[0]!.id}`);

    expect(response.status).toBe(204);
    expect((await ctx.api.get(`/hooks/${hooks[0]!.id}`)).status).toBe(404);
    expect((await ctx.api.post('/hooks', validHook)).status).toBe(201);
    expect((await ctx.api.delete(`/hooks/${hooks[0]!.id}`)).status).toBe(204);
  });
});

describe('POST /hooks/{id}/secret', () => {
  it('answers a new secret, shown once', async () => {
    const hook = await createHook();

    const response = await ctx.api.post<{ data: Hook }>(`/hooks/${hook.id}/secret`, undefined);

    expect(response.status).toBe(200);
    expect(response.body.data.secret).toMatch(/^whsec_/);
    expect(response.body.data.secret).not.toBe(hook.secret);
    expect(JSON.stringify((await ctx.api.get(`/hooks/${hook.id}`)).body)).not.toContain('whsec_');
  });

  it('answers 404 for an unknown hook', async () => {
    expect((await ctx.api.post('/hooks/00000000-0000-7000-8000-000000000000/secret', undefined)).status).toBe(404);
  });
});

describe('tenancy', () => {
  it('a store neither sees nor changes another store hooks', async () => {
    const hook = await createHook();
    const other = await newStore(ctx.service);

    expect((await other.get<{ data: Hook[] }>('/hooks')).body.data).toEqual([]);
    expect((await other.get(`/hooks/${hook.id}`)).status).toBe(404);
    expect((await other.put(`/hooks/${hook.id}`, { is_active: false })).status).toBe(404);
    expect((await other.post(`/hooks/${hook.id}/secret`, undefined)).status).toBe(404);
    expect((await other.delete(`/hooks/${hook.id}`)).status).toBe(204);

    const { secret: _secret, ...unchanged } = hook;
    expect((await ctx.api.get<{ data: Hook }>(`/hooks/${hook.id}`)).body.data).toEqual(unchanged);
  });

  it("a token of another store gets 401 on this store's hooks", async () => {
    const other = await newStore(ctx.service);
    expect((await ctx.api.get('/hooks', { token: other.modifyToken })).status).toBe(401);
  });
});

describe('the document', () => {
  it('publishes the limits in info.x-limits that the schemas enforce', () => {
    const { schemas } = openapiDocument.components;
    expect(schemas.HookDestination.maxLength).toBe(LIMITS.hookDestinationLength);
    expect(schemas.HookHeaders.maxProperties).toBe(LIMITS.headersPerHook);
  });
});
