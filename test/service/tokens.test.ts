import { randomUUID } from 'node:crypto';
import { FaultInjector } from '../helpers/faults';
import { testDynamoClient, testStore } from '../helpers/service';

function storeWithCounter(tokenCacheSeconds: number) {
  const client = testDynamoClient();
  const counter = new FaultInjector(client);
  const { store } = testStore({ client, tokenCacheSeconds });
  return { client, counter, store };
}

describe('token lookups', () => {
  it('trusts a token it found for the cache period without reading it again', async () => {
    const { client, counter, store } = storeWithCounter(60);
    const storeHash = `cache-${randomUUID()}`;
    const token = await store.tokens.mint(storeHash, 'read-only');

    const first = await store.tokens.scopeOf(storeHash, token);
    const second = await store.tokens.scopeOf(storeHash, token);

    expect([first, second]).toEqual(['read-only', 'read-only']);
    expect(counter.attempts.GetItemCommand).toBe(1);
    client.destroy();
  });

  it('reads every time when the cache is off, and never remembers a token it did not find', async () => {
    const { client, counter, store } = storeWithCounter(0);
    const { store: cached, client: cachedClient, counter: cachedCounter } = storeWithCounter(60);
    const storeHash = `cache-${randomUUID()}`;
    const token = await store.tokens.mint(storeHash, 'modify');

    await store.tokens.scopeOf(storeHash, token);
    await store.tokens.scopeOf(storeHash, token);
    expect(await cached.tokens.scopeOf(storeHash, 'unknown')).toBeUndefined();
    expect(await cached.tokens.scopeOf(storeHash, 'unknown')).toBeUndefined();

    expect(counter.attempts.GetItemCommand).toBe(2);
    expect(cachedCounter.attempts.GetItemCommand).toBe(2);
    client.destroy();
    cachedClient.destroy();
  });

  it('does not let a cached token of one store open another', async () => {
    const { client, store } = storeWithCounter(60);
    const storeHash = `cache-${randomUUID()}`;
    const token = await store.tokens.mint(storeHash, 'modify');
    await store.tokens.scopeOf(storeHash, token);

    expect(await store.tokens.scopeOf(`${storeHash}-other`, token)).toBeUndefined();
    client.destroy();
  });
});
