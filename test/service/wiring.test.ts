/** The helpers every entry point, test and tool shares: the base path, listening, opening the store. */
import { createServer } from 'node:http';
import { ANY_STORE_BASE_PATH, BASE_PATH_TEMPLATE, EXPRESS_BASE_PATH, storeBasePath } from '../../service/src/http/base-path';
import { listen } from '../../service/src/http/listen';
import { testStore } from '../helpers/service';

describe('the base path', () => {
  it('is the one the API document names', () => {
    expect(BASE_PATH_TEMPLATE).toBe('/stores/{store_hash}/v3');
    expect(EXPRESS_BASE_PATH).toBe('/stores/:store_hash/v3');
  });

  it('names one store, its hash URL-encoded', () => {
    expect(storeBasePath('abc123')).toBe('/stores/abc123/v3');
    expect(storeBasePath('bad#hash')).toBe('/stores/bad%23hash/v3');
  });

  it('matches any one store, and nothing across path segments', () => {
    const pattern = new RegExp(`^${ANY_STORE_BASE_PATH}/segments$`);

    expect(pattern.test('/stores/abc/v3/segments')).toBe(true);
    expect(pattern.test('/stores/a/b/v3/segments')).toBe(false);
    expect(pattern.test('/stores/abc/v3x/segments')).toBe(false);
  });
});

describe('listen', () => {
  it('serves on a port the OS picked and reports it', async () => {
    const served = await listen((_req, res) => res.end('hello'));
    try {
      expect(served.port).toBeGreaterThan(0);
      expect(served.origin).toBe(`http://127.0.0.1:${served.port}`);
      expect(await (await fetch(served.origin)).text()).toBe('hello');
    } finally {
      await served.close();
    }
    await expect(fetch(served.origin)).rejects.toThrow();
    await expect(served.close()).resolves.toBeUndefined();
  });

  it('rejects when the port is taken, rather than hanging', async () => {
    const first = await listen(createServer());
    try {
      await expect(listen(createServer(), first.port)).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe('openStore (through testStore)', () => {
  it('opens the run table through one client, document client and store', async () => {
    const { client, db, store } = testStore();
    try {
      const token = await store.tokens.mint(`wiring-${Date.now()}`, 'read-only');

      expect(typeof token).toBe('string');
      expect(db.config).toBe(client.config);
    } finally {
      client.destroy();
    }
  });
});
