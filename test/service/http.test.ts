import { listen } from '../../service/src/http/listen';
import { LIMITS } from '../../service/src/limits';
import type { ErrorResponse } from '../helpers/factories';
import { useServiceAndFreshStore } from '../helpers/service';

const ctx = useServiceAndFreshStore();

describe('GET /healthz', () => {
  it('answers 200 without a token', async () => {
    const response = await fetch(`${ctx.service.origin}/healthz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('bad requests', () => {
  it('answers 400 in the envelope for malformed JSON, and writes nothing', async () => {
    const before = await ctx.api.snapshot();

    const response = await ctx.api.call<ErrorResponse>('POST', '/segments', {
      rawBody: '[{"name": "VIP"',
      headers: { 'Content-Type': 'application/json' },
    });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      status: 400,
      title: 'The request body is not valid JSON.',
      type: expect.any(String),
      instance: expect.any(String),
      errors: {},
    });
    expect(await ctx.api.snapshot()).toEqual(before);
  });

  it('answers 400 when the body is not sent as JSON', async () => {
    const response = await ctx.api.call<ErrorResponse>('POST', '/segments', {
      rawBody: 'name=VIP',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual({ body: expect.stringContaining('application/json') });
  });

  it('answers 400 for a JSON scalar body', async () => {
    const response = await ctx.api.call('POST', '/segments', { rawBody: '"VIP"', headers: { 'Content-Type': 'application/json' } });

    expect(response.status).toBe(400);
  });

  it(`answers 413 for a body over ${LIMITS.requestBodyBytes} bytes`, async () => {
    const huge = JSON.stringify([{ name: 'x', description: 'y'.repeat(LIMITS.requestBodyBytes) }]);

    const response = await ctx.api.call<ErrorResponse>('POST', '/segments', {
      rawBody: huge,
      headers: { 'Content-Type': 'application/json' },
    });

    expect(response.status).toBe(413);
    expect(response.body.title).toContain(String(LIMITS.requestBodyBytes));
  });

  it('answers 404 in the envelope for a path the API does not have', async () => {
    const response = await fetch(`${ctx.service.origin}${ctx.api.base}/nothing-here`, {
      headers: { 'X-Auth-Token': ctx.api.modifyToken },
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ status: 404, title: expect.any(String), type: expect.any(String) });
  });

  it('answers 405 with Allow for a method the path does not have', async () => {
    const response = await ctx.api.call('PATCH', '/segments', { body: [] });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, PUT, DELETE');
  });
});

describe('response headers', () => {
  it('answers JSON and names no framework', async () => {
    const response = await ctx.api.get('/segments');

    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS', () => {
  it('is off unless origins are configured', async () => {
    const response = await fetch(`${ctx.service.origin}${ctx.api.base}/segments`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://admin.example', 'Access-Control-Request-Method': 'GET' },
    });

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from a configured origin, and only from it', async () => {
    const { createApp } = await import('../../service/src/app');
    const { silentLogger } = await import('../../service/src/logger');
    const app = createApp({ store: ctx.service.store, logger: silentLogger, corsAllowedOrigins: ['https://admin.example'] });
    const { origin, close } = await listen(app);
    try {
      const preflight = (from: string) =>
        fetch(`${origin}${ctx.api.base}/segments`, {
          method: 'OPTIONS',
          headers: { Origin: from, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'X-Auth-Token' },
        });

      const allowed = await preflight('https://admin.example');
      const other = await preflight('https://evil.example');

      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('X-Auth-Token');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await close();
    }
  });
});
