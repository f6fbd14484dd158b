import { newStore, type StoreApi } from '../helpers/api';
import {
  type BatchConflict,
  type Collection,
  createProfiles,
  createSegments,
  type ErrorResponse,
  type Segment,
} from '../helpers/factories';
import { FaultInjector } from '../helpers/faults';
import { startTestService, type TestService, testDynamoClient } from '../helpers/service';

let service: TestService;
let faults: FaultInjector;
let api: StoreApi;

beforeAll(async () => {
  const client = testDynamoClient();
  faults = new FaultInjector(client);
  service = await startTestService({ client });
});
afterAll(async () => {
  await service.stop();
  // One line for the README's Reliability figures.
  console.info(`[reliability] faults injected at the SDK client: ${faults.totalInjected} (${JSON.stringify(faults.injected)})`);
});
beforeEach(async () => {
  faults.clear();
  api = await newStore(service);
});

describe('DynamoDB throttling and internal errors', () => {
  it('retries a throttled transaction with backoff and succeeds when DynamoDB recovers', async () => {
    faults.fail('TransactWriteItemsCommand', 'throttle', 2);

    const response = await api.post<{ data: Segment[] }>('/segments', [{ name: 'Patient' }]);

    expect(response.status).toBe(201);
    expect(faults.attempts.TransactWriteItemsCommand).toBe(3);
  });

  it('answers 503 with Retry-After and the envelope when throttling outlasts the retries, and writes nothing', async () => {
    const before = await api.snapshot();
    faults.fail('TransactWriteItemsCommand', 'throttle', Number.POSITIVE_INFINITY);

    const response = await api.post<ErrorResponse>('/segments', [{ name: 'Never' }]);
    faults.clear();

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.body).toMatchObject({ status: 503, title: expect.any(String), type: expect.any(String) });
    expect(await api.snapshot()).toEqual(before);
    const retry = await api.post('/segments', [{ name: 'Never' }]);
    expect(retry.status).toBe(201);
  });

  it('answers 503, never a bare 500, when reads keep failing with internal errors', async () => {
    faults.fail('QueryCommand', 'internal', Number.POSITIVE_INFINITY);

    const response = await api.get<ErrorResponse>('/segments');

    expect(response.status).toBe(503);
    expect(JSON.stringify(response.body)).not.toMatch(/injected|stack|Error:/);
  });

  it('retries a token lookup that was throttled', async () => {
    faults.fail('GetItemCommand', 'throttle', 1);

    const response = await api.get('/segments');

    expect(response.status).toBe(200);
  });
});

describe('transaction conflicts', () => {
  it('retries a transaction cancelled by a conflicting writer and succeeds', async () => {
    const [segment] = await createSegments(api, 1);
    const profiles = await createProfiles(api, 3);
    faults.fail('TransactWriteItemsCommand', 'transaction-conflict', 2);

    const response = await api.post(
      `/segments/${segment!.id}/shopper-profiles`,
      profiles.map((p) => p.id),
    );

    expect(response.status).toBe(201);
    const members = await api.get<Collection<unknown>>(`/segments/${segment!.id}/shopper-profiles`);
    expect(members.body.meta.pagination.total).toBe(3);
  });

  it('answers 503 when conflicts persist, leaving no half-written membership or count', async () => {
    const [segment] = await createSegments(api, 1);
    const profiles = await createProfiles(api, 3);
    const before = await api.snapshot();
    faults.fail('TransactWriteItemsCommand', 'transaction-conflict', Number.POSITIVE_INFINITY);

    const response = await api.post(
      `/segments/${segment!.id}/shopper-profiles`,
      profiles.map((p) => p.id),
    );
    faults.clear();

    expect(response.status).toBe(503);
    expect(await api.snapshot()).toEqual(before);
  });

  it('leaves no name marker behind when a create fails', async () => {
    faults.fail('TransactWriteItemsCommand', 'internal', Number.POSITIVE_INFINITY);

    const failed = await api.post('/segments', [{ name: 'Phoenix' }]);
    faults.clear();
    const again = await api.post('/segments', [{ name: 'Phoenix' }]);

    expect(failed.status).toBe(503);
    expect(again.status).toBe(201);
  });
});

describe('conditional failures', () => {
  it('reports a failed condition as the conflict it is (409), not as a server error', async () => {
    await createSegments(api, 1, 'Taken');

    const response = await api.post<BatchConflict>('/segments', [{ name: 'Taken 0' }]);

    expect(response.status).toBe(409);
  });
});
