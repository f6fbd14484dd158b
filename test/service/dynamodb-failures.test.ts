import { ConfigError, loadConfig } from '../../service/src/config';
import { jsonLogger } from '../../service/src/logger';
import { createDynamoClient, DYNAMODB_DEFAULTS } from '../../service/src/store/client';
import { newStore, type StoreApi } from '../helpers/api';
import { DynamoDbProxy, type ProxyFault } from '../helpers/dynamodb-proxy';
import { type Collection, createSegments, type ErrorResponse, type Segment } from '../helpers/factories';
import { FaultInjector } from '../helpers/faults';
import { startTestService, type TestService, testDynamoClient } from '../helpers/service';

// Short timeouts keep the suite quick; the defaults are checked against the Lambda budget below.
const TIMEOUTS = { connectionTimeoutMs: 500, requestTimeoutMs: 1000 };
const QUOTA_RECOVERY_MS = 1000;

let proxy: DynamoDbProxy;
let service: TestService;
let api: StoreApi;
const logLines: string[] = [];

beforeAll(async () => {
  proxy = await DynamoDbProxy.start(process.env.DYNAMODB_ENDPOINT!);
  const client = createDynamoClient({
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    timeouts: TIMEOUTS,
    quotaRecoveryMs: QUOTA_RECOVERY_MS,
  });
  service = await startTestService({ client, inspector: testDynamoClient(), logger: jsonLogger((line) => logLines.push(line)) });
});
afterAll(async () => {
  await service.stop();
  await proxy.stop();
  console.info(`[reliability] faults injected by the DynamoDB proxy: ${proxy.totalInjected} (${JSON.stringify(proxy.injected)})`);
});
beforeEach(async () => {
  proxy.pass();
  api = await newStore(service);
  logLines.length = 0;
});

function expectServiceUnavailable(response: { status: number; headers: Headers; body: unknown }): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(response.body).toMatchObject({ status: 503, title: expect.any(String), type: expect.any(String) });
  expect(JSON.stringify(response.body)).not.toMatch(/ECONNRESET|Syntax|html|at .+:\d+/i);
}

describe('a DynamoDB that cannot be reached or understood (item 4)', () => {
  const faults: ProxyFault[] = ['reset', 'html-503', 'garbage-json'];

  it.each(faults)('answers a write 503 with Retry-After when every TransactWriteItems meets %s, and writes nothing', async (fault) => {
    const before = await api.snapshot();
    proxy.fail(fault, { command: 'TransactWriteItems' });

    const response = await api.post<ErrorResponse>('/segments', [{ name: 'Lost' }]);
    proxy.pass();

    expectServiceUnavailable(response);
    expect(await api.snapshot()).toEqual(before);
    expect((await api.post('/segments', [{ name: 'Lost' }])).status).toBe(201);
  });

  it.each(faults)('answers a read 503 when every call meets %s', async (fault) => {
    proxy.fail(fault);

    const response = await api.get<ErrorResponse>('/segments');
    proxy.pass();

    expectServiceUnavailable(response);
  });

  it('answers 503 while the port refuses connections, and serves again once it listens', async () => {
    const before = await api.snapshot();
    await proxy.refuse();
    let response: Awaited<ReturnType<StoreApi['post']>>;
    try {
      response = await api.post<ErrorResponse>('/segments', [{ name: 'Refused' }]);
    } finally {
      await proxy.reopen();
    }

    expectServiceUnavailable(response);
    expect(await api.snapshot()).toEqual(before);
    expect((await api.post('/segments', [{ name: 'Refused' }])).status).toBe(201);
  });

  it('logs each 503 with the request id, store, method, path and what failed underneath', async () => {
    proxy.fail('reset', { command: 'TransactWriteItems' });

    await api.post('/segments', [{ name: 'Logged' }], { headers: { 'X-Request-Id': 'req-4' } });
    proxy.pass();

    const entries = logLines.map((line) => JSON.parse(line));
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'dependency failed',
        request_id: 'req-4',
        store_hash: api.storeHash,
        method: 'POST',
        path: `${api.base}/segments`,
        status: 503,
        cause: expect.objectContaining({ message: expect.stringContaining('ECONNRESET'), attempts: DYNAMODB_DEFAULTS.maxAttempts }),
      }),
    );
  });
});

describe('a DynamoDB that is slow or never answers (item 5)', () => {
  it('answers 503 within the attempts × request timeout when DynamoDB never answers, and writes nothing', async () => {
    const before = await api.snapshot();
    proxy.fail('hang', { command: 'TransactWriteItems' });

    const started = Date.now();
    const response = await api.post<ErrorResponse>('/segments', [{ name: 'Hung' }]);
    const elapsed = Date.now() - started;
    proxy.pass();

    expectServiceUnavailable(response);
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUTS.requestTimeoutMs);
    // Three attempts of a second each, their backoff, and a slow machine's slack.
    expect(elapsed).toBeLessThan(DYNAMODB_DEFAULTS.maxAttempts * TIMEOUTS.requestTimeoutMs + 3000);
    expect(await api.snapshot()).toEqual(before);
  });

  it('answers a call that is slow but within the timeout', async () => {
    proxy.fail('delay', { delayMs: TIMEOUTS.requestTimeoutMs / 2 });

    const response = await api.post('/segments', [{ name: 'Slow' }]);

    expect(response.status).toBe(201);
  });

  it('retries a single call that hung and succeeds', async () => {
    proxy.fail('hang', { command: 'Query', times: 1 });

    const response = await api.get('/segments');

    expect(response.status).toBe(200);
  });

  it('gives up on a silent DynamoDB, with the defaults, well within the API function timeout (10 s)', () => {
    const worstBackoffMs = 1000;
    expect(loadConfig({}).dynamodbTimeouts).toEqual(DYNAMODB_DEFAULTS.timeouts);
    expect(DYNAMODB_DEFAULTS.maxAttempts * DYNAMODB_DEFAULTS.timeouts.requestTimeoutMs + worstBackoffMs).toBeLessThan(10_000);
  });

  it('reads the timeouts from the environment, and refuses what is not a positive number of milliseconds', () => {
    const config = loadConfig({ DYNAMODB_CONNECTION_TIMEOUT_MS: '250', DYNAMODB_REQUEST_TIMEOUT_MS: '1500' });

    expect(config.dynamodbTimeouts).toEqual({ connectionTimeoutMs: 250, requestTimeoutMs: 1500 });
    for (const bad of ['0', '-1', '1.5', 'soon']) {
      expect(() => loadConfig({ DYNAMODB_REQUEST_TIMEOUT_MS: bad })).toThrow(ConfigError);
    }
  });
});

describe('retries after an outage (item 6)', () => {
  it('keeps retrying after an outage spent the retry quota: a commit whose reply was lost answers 201, written once', async () => {
    // The outage: enough failing calls to spend the SDK's whole retry quota (500 tokens, 5 a retry).
    proxy.fail('reset');
    const failed = await Promise.all(Array.from({ length: 60 }, () => api.get('/segments')));
    proxy.pass();
    expect(failed.every((r) => r.status === 503)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, QUOTA_RECOVERY_MS + 200));
    proxy.fail('lose-reply', { command: 'TransactWriteItems', times: 1 });
    const sent = proxy.seen.length;

    const response = await api.post<{ data: Segment[] }>('/segments', [{ name: 'Committed once' }]);

    expect(response.status).toBe(201);
    const listed = await api.get<Collection<Segment>>('/segments');
    expect(listed.body.data.map((s) => s.name)).toEqual(['Committed once']);
    expect(listed.body.meta.pagination.total).toBe(1);
    // The retry carried the same ClientRequestToken, so DynamoDB answered it with the first commit.
    const tokens = proxy.seen
      .slice(sent)
      .filter((call) => call.command === 'TransactWriteItems')
      .map((call) => call.body.ClientRequestToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toEqual(expect.any(String));
    expect(tokens[1]).toBe(tokens[0]);
  });

  it('sends a commit whose reply came back garbled again, and answers 201, written once', async () => {
    const sent = proxy.seen.length;
    proxy.fail('garble-reply', { command: 'TransactWriteItems', times: 1 });

    const response = await api.post('/segments', [{ name: 'Garbled once' }]);

    expect(response.status).toBe(201);
    const listed = await api.get<Collection<Segment>>('/segments');
    expect(listed.body.data.map((s) => s.name)).toEqual(['Garbled once']);
    const tokens = proxy.seen
      .slice(sent)
      .filter((call) => call.command === 'TransactWriteItems')
      .map((call) => call.body.ClientRequestToken);
    expect(tokens).toEqual([tokens[0], tokens[0]]);
  });

  it('gives each transaction a token of its own', async () => {
    const sent = proxy.seen.length;

    await createSegments(api, 2);
    await api.post('/segments', [{ name: 'another' }]);

    const tokens = proxy.seen
      .slice(sent)
      .filter((call) => call.command === 'TransactWriteItems')
      .map((call) => call.body.ClientRequestToken);
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens).size).toBe(2);
  });
});

describe('a transaction DynamoDB refuses as invalid (item 6)', () => {
  let faulty: TestService;
  let faults: FaultInjector;
  let faultyApi: StoreApi;
  const lines: string[] = [];

  beforeAll(async () => {
    const client = testDynamoClient();
    faults = new FaultInjector(client);
    faulty = await startTestService({ client, logger: jsonLogger((line) => lines.push(line)) });
  });
  afterAll(async () => {
    await faulty.stop();
  });

  it('answers 500, not "retry later", when a reason is ValidationError: sending it again cannot succeed', async () => {
    faultyApi = await newStore(faulty);
    const before = await faultyApi.snapshot();
    faults.fail('TransactWriteItemsCommand', 'transaction-validation', 1);

    const response = await fetch(`${faulty.origin}${faultyApi.base}/segments`, {
      method: 'POST',
      headers: { 'X-Auth-Token': faultyApi.modifyToken, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ name: 'Invalid' }]),
    });
    const body = await response.text();

    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(body).not.toMatch(/injected|ValidationError|at .+:\d+/);
    expect(faults.attempts.TransactWriteItemsCommand).toBe(1);
    expect(await faultyApi.snapshot()).toEqual(before);
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'unhandled error');
    expect(logged).toMatchObject({
      store_hash: faultyApi.storeHash,
      method: 'POST',
      path: `${faultyApi.base}/segments`,
      error: expect.objectContaining({ cancellation_reasons: ['None', 'ValidationError'] }),
    });
  });

  it('still answers 503 for a transaction cancelled by conflicts that outlast the retries', async () => {
    faultyApi = await newStore(faulty);
    faults.fail('TransactWriteItemsCommand', 'transaction-conflict', Number.POSITIVE_INFINITY);

    const response = await faultyApi.post('/segments', [{ name: 'Contended' }]);
    faults.clear();

    expect(response.status).toBe(503);
  });
});
