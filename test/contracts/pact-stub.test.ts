/**
 * `npm run pact:stub` serves the committed pacts for consumer teams to develop against: the
 * typed client, pointed at it, gets the answers the pacts record.
 */
import type { ChildProcess } from 'node:child_process';
import { createSegmentationClient, storeBaseUrl } from '../../contracts/client';
import { PACT_STORE_HASH, PACT_TOKENS, STATES } from '../../contracts/client/conventions';
import { stubCommand } from '../../contracts/scripts/pact-stub';
import { startPactCli } from '../../contracts/scripts/support/pact-cli';
import { findFreePort } from '../../service/src/store/dynamodb-local';

async function waitUntilServing(origin: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`the stub server exited with ${child.exitCode}`);
    try {
      await fetch(origin);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('the stub server did not start');
}

describe('pact:stub', () => {
  let stub: ChildProcess;
  let origin: string;

  beforeAll(async () => {
    const port = await findFreePort();
    origin = `http://127.0.0.1:${port}`;
    stub = startPactCli(stubCommand({ ...process.env }, String(port)), { stdio: 'ignore' });
    await waitUntilServing(origin, stub);
  });

  afterAll(async () => {
    if (stub.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      stub.once('exit', () => resolve());
      stub.kill('SIGTERM');
    });
  });

  it('answers the second page of segments with the pagination meta the pact records', async () => {
    const client = createSegmentationClient(storeBaseUrl(origin, PACT_STORE_HASH), PACT_TOKENS.readOnly);

    const { data, response } = await client.listSegments({ page: 2, limit: 2 });

    expect(response.status).toBe(200);
    expect(data?.meta.pagination).toEqual({ total: 3, count: 1, per_page: 2, current_page: 2, total_pages: 2 });
  });

  it('answers 404 for a shopper profile that does not exist, picked by its provider state', async () => {
    // Several interactions match this request (an id from a provider state matches any id);
    // the X-Pact-Provider-State header picks the one recorded for an empty store.
    const inState: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      request.headers.set('X-Pact-Provider-State', STATES.emptyStore);
      return fetch(request);
    };
    const client = createSegmentationClient(storeBaseUrl(origin, PACT_STORE_HASH), PACT_TOKENS.readOnly, { fetch: inState });

    const { error, response } = await client.listProfileSegments('00000000-0000-4000-8000-000000000000');

    expect(response.status).toBe(404);
    expect(error).toMatchObject({ status: 404 });
  });

  it('answers a limit above 250 with 400 naming it', async () => {
    const client = createSegmentationClient(storeBaseUrl(origin, PACT_STORE_HASH), PACT_TOKENS.readOnly);

    const { error, response } = await client.listSegments({ limit: 251 });

    expect(response.status).toBe(400);
    expect(error).toMatchObject({ errors: { limit: expect.any(String) } });
  });
});
