import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyWebhook } from '../../contracts/client/webhooks';
import { parseTokenList } from '../../service/src/auth/tokens.repository';
import { loadConfig } from '../../service/src/config';
import { type LocalService, startLocalService } from '../../service/src/entry/local';
import { storeBasePath } from '../../service/src/http/base-path';
import { silentLogger } from '../../service/src/logger';
import { startReceiver } from '../helpers/receiver';

const root = join(__dirname, '..', '..');
const run = promisify(execFile);
/** Where these services keep the key they make for hooks' secrets: never the user's own folder. */
const keyDir = mkdtempSync(join(tmpdir(), 'hook-keys-'));

function baseEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    DYNAMODB_ENDPOINT: process.env.DYNAMODB_ENDPOINT,
    TABLE_NAME: process.env.TABLE_NAME,
    PORT: '0',
    HOOKS_KEY_DIR: keyDir,
    ...overrides,
  };
}

async function listSegments(origin: string, storeHash: string, token: string): Promise<number> {
  const response = await fetch(`${origin}${storeBasePath(storeHash)}/segments`, { headers: { 'X-Auth-Token': token } });
  return response.status;
}

describe('SEGMENTS_TOKENS', () => {
  let service: LocalService | undefined;
  afterEach(async () => {
    await service?.stop();
  });

  it('provisions each token:store:scope entry at start-up, and mints none', async () => {
    const store = `ci-${randomUUID()}`;
    const config = loadConfig(baseEnv({ SEGMENTS_TOKENS: `ci-modify-${store}:${store}:modify, ci-read-${store}:${store}:read-only` }));

    service = await startLocalService(config, silentLogger);

    expect(service.mintedToken).toBeUndefined();
    expect(await listSegments(service.origin, store, `ci-modify-${store}`)).toBe(200);
    expect(await listSegments(service.origin, store, `ci-read-${store}`)).toBe(200);
    expect(await listSegments(service.origin, 'local', `ci-modify-${store}`)).toBe(401);
  });

  it('mints a modify token for store "local" when none is configured', async () => {
    service = await startLocalService(loadConfig(baseEnv()), silentLogger);

    expect(service.mintedToken).toEqual(expect.any(String));
    expect(await listSegments(service.origin, 'local', service.mintedToken!)).toBe(200);
  });

  it.each([['sekrit-no-colons'], ['sekrit:store:admin'], ['sekrit:bad#store:modify'], [':store:modify'], ['sekrit:b:modify:extra']])(
    'refuses the entry %s, without echoing the token',
    (entry) => {
      expect(() => parseTokenList(entry)).toThrow(/SEGMENTS_TOKENS entry/);
      try {
        parseTokenList(entry);
      } catch (error) {
        expect(String(error)).not.toContain(entry.split(':')[0] || '\u0000');
      }
    },
  );
});

describe('configuration', () => {
  it('insists on TABLE_NAME where a default would be dangerous (Lambda)', () => {
    expect(() => loadConfig({}, { requireTableName: true })).toThrow(/TABLE_NAME/);
  });

  it('defaults the table to "segmentation" and the port to 3000', () => {
    expect(loadConfig({})).toMatchObject({ tableName: 'segmentation', port: 3000, dynamodbEndpoint: undefined });
  });

  it('refuses a PORT that is not a port', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});

describe('npm run token -- create', () => {
  it('mints a working token in the table the environment names, printed once on stdout', async () => {
    const store = `cli-${randomUUID()}`;
    const service = await startLocalService(loadConfig(baseEnv({ SEGMENTS_TOKENS: `unused:${store}:read-only` })), silentLogger);
    try {
      const { stdout } = await run(
        join(root, 'node_modules/.bin/tsx'),
        ['service/src/entry/token-cli.ts', 'create', '--store', store, '--scope', 'read-only'],
        {
          cwd: root,
          env: { ...process.env, ...baseEnv() },
        },
      );
      const token = stdout.trim();

      expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(await listSegments(service.origin, store, token)).toBe(200);
    } finally {
      await service.stop();
    }
  });

  it('explains its usage and exits 2 when the scope is wrong', async () => {
    const failure = run(
      join(root, 'node_modules/.bin/tsx'),
      ['service/src/entry/token-cli.ts', 'create', '--store', 'x', '--scope', 'admin'],
      {
        cwd: root,
        env: { ...process.env, ...baseEnv() },
      },
    );

    await expect(failure).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--scope must be one of read-only, modify') });
  });
});

describe('CLEANUP_MODE', () => {
  it('accepts "stream" or nothing, and refuses a typo rather than cleaning up some other way', () => {
    expect(loadConfig({ CLEANUP_MODE: 'stream' }).cleanupByStream).toBe(true);
    expect(loadConfig({}).cleanupByStream).toBe(false);
    expect(() => loadConfig({ CLEANUP_MODE: 'streem' })).toThrow(/CLEANUP_MODE/);
  });
});

describe('webhooks under npm start', () => {
  let service: LocalService | undefined;
  afterEach(async () => {
    await service?.stop();
  });

  it('makes a key for the table outside it when none is set, and still signs with the same secrets after a restart', async () => {
    const receiver = await startReceiver();
    // A table of its own: this service's delivery loop then sees only this test's hooks.
    const dir = mkdtempSync(join(tmpdir(), 'hook-keys-'));
    const env = baseEnv({ TABLE_NAME: `hooks-${randomUUID()}`, HOOKS_ALLOW_LOOPBACK: 'true', HOOKS_KEY_DIR: dir });
    try {
      service = await startLocalService(loadConfig(env), silentLogger);
      const token = service.mintedToken!;
      const created = await fetch(`${service.origin}${storeBasePath('local')}/hooks`, {
        method: 'POST',
        headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ scope: '*', destination: `${receiver.origin}/hooks` }),
      });
      const { data } = (await created.json()) as { data: { secret: string } };
      const [keyFile] = readdirSync(dir);
      expect(statSync(join(dir, keyFile!)).mode & 0o777).toBe(0o600);

      await service.stop();
      service = await startLocalService(loadConfig(env), silentLogger);
      // A real change: the publisher announces it, and the delivery loop sends it on.
      const segments = await fetch(`${service.origin}${storeBasePath('local')}/segments`, {
        method: 'POST',
        headers: { 'X-Auth-Token': service.mintedToken!, 'Content-Type': 'application/json' },
        body: JSON.stringify([{ name: 'VIP', description: 'announced' }]),
      });
      expect(segments.status).toBe(201);
      const [got] = await receiver.waitFor(1);
      const feed = await fetch(`${service.origin}${storeBasePath('local')}/events`, { headers: { 'X-Auth-Token': service.mintedToken! } });
      const { data: events } = (await feed.json()) as { data: unknown[] };

      expect(readdirSync(dir)).toEqual([keyFile]);
      expect(events).toHaveLength(1);
      expect(verifyWebhook(got!.body, got!.headers as Record<string, string>, data.secret)).toEqual(events[0]);
    } finally {
      await receiver.close();
    }
  });

  it('refuses a loopback destination unless HOOKS_ALLOW_LOOPBACK=true', async () => {
    service = await startLocalService(loadConfig(baseEnv()), silentLogger);

    const response = await fetch(`${service.origin}${storeBasePath('local')}/hooks`, {
      method: 'POST',
      headers: { 'X-Auth-Token': service.mintedToken!, 'Content-Type': 'application/json' },
      body: JSON.stringify({ scope: '*', destination: 'http://127.0.0.1:9/' }),
    });

    expect(response.status).toBe(400);
  });

  it('refuses a HOOKS_SECRET_KEY that is not base64 of 32 bytes, without repeating it', () => {
    expect(() => loadConfig({ HOOKS_SECRET_KEY: 'c2hvcnQ=' })).toThrow(/HOOKS_SECRET_KEY/);
    expect(() => loadConfig({ HOOKS_SECRET_KEY: 'c2hvcnQ=' })).not.toThrow(/c2hvcnQ/);
    expect(() => loadConfig({ HOOKS_ALLOW_LOOPBACK: 'yes' })).toThrow(/HOOKS_ALLOW_LOOPBACK/);
    expect(loadConfig({}).hooks.allowLoopback).toBe(false);
  });
});
