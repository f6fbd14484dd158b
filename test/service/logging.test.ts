import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../service/src/app';
import { createDynamoStore } from '../../service/src/assemble';
import { jsonLogger } from '../../service/src/logger';
import { documentClient } from '../../service/src/store/client';
import { testDynamoClient } from '../helpers/service';

describe('request logs', () => {
  const lines: string[] = [];
  const client = testDynamoClient();
  const store = createDynamoStore(documentClient(client), process.env.TABLE_NAME!);
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const app = createApp({ store, logger: jsonLogger((line) => lines.push(line)) });
    server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    client.destroy();
  });

  it('writes one JSON line a request with the store, the request id and the status, and never the token', async () => {
    const token = await store.tokens.mint('logged-store', 'modify');

    await fetch(`${origin}/stores/logged-store/v3/segments`, { headers: { 'X-Auth-Token': token, 'X-Request-Id': 'req-123' } });

    const entries = lines.map((line) => JSON.parse(line));
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'request',
        store_hash: 'logged-store',
        request_id: 'req-123',
        method: 'GET',
        status: 200,
      }),
    );
    expect(lines.join('\n')).not.toContain(token);
  });

  it('logs an unexpected error for the operator but tells the client nothing of it', async () => {
    const token = await store.tokens.mint('broken-store', 'modify');
    const broken = createDynamoStore(documentClient(testDynamoClient()), 'no-such-table');
    const app = createApp({ store: { ...broken, tokens: store.tokens }, logger: jsonLogger((line) => lines.push(line)) });
    const brokenServer: Server = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    try {
      const port = (brokenServer.address() as AddressInfo).port;
      const response = await fetch(`http://127.0.0.1:${port}/stores/broken-store/v3/segments`, { headers: { 'X-Auth-Token': token } });
      const body = await response.text();

      expect(response.status).toBe(500);
      expect(JSON.parse(body)).toMatchObject({ status: 500, title: 'Internal server error.' });
      expect(body).not.toMatch(/no-such-table|ResourceNotFound|at .*\.ts/);
      expect(lines.some((line) => line.includes('"level":"error"') && line.includes('ResourceNotFound'))).toBe(true);
    } finally {
      await new Promise((resolve) => brokenServer.close(resolve));
    }
  });
});
