import { randomUUID } from 'node:crypto';
import { storeBasePath } from '../../service/src/http/base-path';
import { functionUrlEvent, httpApiEvent, type LambdaHandler, lambdaContext, restApiEvent } from '../helpers/apigateway';
import { startTestService, type TestService } from '../helpers/service';

let service: TestService;
let handler: LambdaHandler;
const storeHash = `lambda-${randomUUID()}`;
let token: string;

beforeAll(async () => {
  service = await startTestService();
  token = await service.store.tokens.mint(storeHash, 'modify');
  // TABLE_NAME and DYNAMODB_ENDPOINT come from global-setup; the module reads them when loaded.
  handler = (await import('../../service/src/entry/lambda')).handler as unknown as LambdaHandler;
});
afterAll(async () => {
  await service.stop();
});

async function invoke(method: string, path: string, options: { body?: unknown; query?: Record<string, string>; token?: string } = {}) {
  const event = restApiEvent({
    method,
    path: `${storeBasePath(storeHash)}${path}`,
    query: options.query,
    body: options.body,
    headers: { 'X-Auth-Token': options.token ?? token },
  });
  const result = await handler(event, lambdaContext());
  // REST API proxy responses may carry headers in either map.
  const headers = {
    ...Object.fromEntries(Object.entries(result.multiValueHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), String(v[0])])),
    ...result.headers,
  };
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined, headers };
}

describe('the Lambda handler behind API Gateway', () => {
  it('creates a segment and lists it', async () => {
    const created = await invoke('POST', '/segments', { body: [{ name: 'From Lambda' }] });
    const listed = await invoke('GET', '/segments', { query: { limit: '5' } });

    expect(created.status).toBe(201);
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual(created.body.data);
    expect(listed.body.meta.pagination).toMatchObject({ total: 1, per_page: 5 });
  });

  it('adds a profile to a segment and reads both directions', async () => {
    const segment = (await invoke('POST', '/segments', { body: [{ name: 'Members' }] })).body.data[0];
    const profile = (await invoke('POST', '/shopper-profiles', { body: [{ customer_id: 42 }] })).body.data[0];

    const added = await invoke('POST', `/segments/${segment.id}/shopper-profiles`, { body: [profile.id] });
    const segmentsOfProfile = await invoke('GET', `/shopper-profiles/${profile.id}/segments`);

    expect(added.status).toBe(201);
    expect(segmentsOfProfile.body.data.map((s: { id: string }) => s.id)).toEqual([segment.id]);
  });

  it('answers errors in the envelope', async () => {
    const unauthorized = await invoke('GET', '/segments', { token: 'nope' });
    const invalid = await invoke('POST', '/segments', { body: { name: 'not an array' } });

    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body).toMatchObject({ status: 401, title: expect.any(String) });
    expect(invalid.status).toBe(400);
    expect(String(invalid.headers['content-type'])).toMatch(/^application\/json/);
  });

  it('checks the token before the body, answers 405 for a method a path lacks, and takes upper-case ids', async () => {
    const oversized = [{ name: 'x', description: 'y'.repeat(70_000) }];
    const segment = (await invoke('POST', '/segments', { body: [{ name: 'Upper' }] })).body.data[0];

    const withoutToken = await invoke('POST', '/segments', { body: oversized, token: 'nope' });
    const withToken = await invoke('POST', '/segments', { body: oversized });
    const patched = await invoke('PATCH', '/segments', { body: [] });
    const found = await invoke('GET', '/segments', { query: { 'id:in': segment.id.toUpperCase() } });

    expect(withoutToken.status).toBe(401);
    expect(withToken.status).toBe(413);
    expect(patched.status).toBe(405);
    expect(patched.headers.allow).toBe('GET, POST, PUT, DELETE');
    expect(found.body.data.map((s: { id: string }) => s.id)).toEqual([segment.id]);
  });

  it('answers DELETE with 204 and no body', async () => {
    const deleted = await invoke('DELETE', '/segments');

    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
  });

  it('answers an HTTP API event (payload 2.0, apiType=http) as it answers the REST API', async () => {
    await invoke('POST', '/segments', { body: [{ name: 'Through the HTTP API' }] });
    const viaHttpApi = handler as unknown as (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;

    const listed = await viaHttpApi(
      httpApiEvent({
        method: 'GET',
        path: `/stores/${storeHash}/v3/segments`,
        query: { limit: '250' },
        headers: { 'X-Auth-Token': token },
      }),
      lambdaContext(),
    );
    const refused = await viaHttpApi(httpApiEvent({ method: 'GET', path: `/stores/${storeHash}/v3/segments` }), lambdaContext());

    expect(listed.statusCode).toBe(200);
    expect((JSON.parse(listed.body) as { data: { name: string }[] }).data.map((s) => s.name)).toContain('Through the HTTP API');
    expect(refused.statusCode).toBe(401);
  });

  it('answers a function URL event behind CloudFront (apiType=function-url), a base64 body included', async () => {
    const viaFunctionUrl = handler as unknown as (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    const path = `/stores/${storeHash}/v3/segments`;

    const created = await viaFunctionUrl(
      functionUrlEvent({
        method: 'POST',
        path,
        body: [{ name: 'Through the function URL' }],
        headers: { 'X-Auth-Token': token },
        base64Body: true,
      }),
      lambdaContext(),
    );
    const listed = await viaFunctionUrl(
      functionUrlEvent({ method: 'GET', path, query: { limit: '250' }, headers: { 'X-Auth-Token': token } }),
      lambdaContext(),
    );
    const refused = await viaFunctionUrl(functionUrlEvent({ method: 'GET', path }), lambdaContext());

    expect(created.statusCode).toBe(201);
    expect(listed.statusCode).toBe(200);
    expect((JSON.parse(listed.body) as { data: { name: string }[] }).data.map((s) => s.name)).toContain('Through the function URL');
    expect(refused.statusCode).toBe(401);
  });
});
