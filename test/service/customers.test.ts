import { RequestCounter } from '../../bench/lib/counter';
import { newStore } from '../helpers/api';
import {
  addMembers,
  type Collection,
  createProfiles,
  createSegments,
  type ErrorResponse,
  type Segment,
  type ShopperProfile,
} from '../helpers/factories';
import { testDynamoClient, useServiceAndFreshStore } from '../helpers/service';

const counter = new RequestCounter();
const ctx = useServiceAndFreshStore({
  client: () => {
    const client = testDynamoClient();
    counter.attach(client);
    return client;
  },
});

/**
 * The DynamoDB requests one API call costs beyond authenticating it. The test service reads the
 * token on every request (no token cache), so that read is measured on a request refused right
 * after authentication and taken off.
 */
async function requestsOf<T>(call: () => Promise<T>): Promise<{ result: T; requests: number; commands: Record<string, number> }> {
  counter.reset();
  await ctx.api.get('/customers/not-a-number/segments');
  const auth = counter.snapshot();
  counter.reset();
  const result = await call();
  const { requests, commands } = counter.snapshot();
  for (const [command, n] of Object.entries(auth.commands)) {
    commands[command] = (commands[command] ?? 0) - n;
    if (commands[command] === 0) delete commands[command];
  }
  return { result, requests: requests - auth.requests, commands };
}

describe('GET /shopper-profiles?customer_id:in', () => {
  it('lists the profiles of the named customers, oldest first, in the list shape', async () => {
    const profiles = await createProfiles(ctx.api, 3);

    const response = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', {
      query: { 'customer_id:in': `${profiles[2]!.customer_id},${profiles[0]!.customer_id},999999` },
    });

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([profiles[0], profiles[2]]);
    expect(response.body.meta.pagination).toEqual({ total: 2, count: 2, per_page: 50, current_page: 1, total_pages: 1 });
  });

  it('takes the parameter repeated, and pages the result', async () => {
    const profiles = await createProfiles(ctx.api, 3);

    const response = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', {
      query: { 'customer_id:in': profiles.map((p) => String(p.customer_id)), limit: 2, page: 2 },
    });

    expect(response.body.data).toEqual([profiles[2]]);
    expect(response.body.meta.pagination).toEqual({ total: 3, count: 1, per_page: 2, current_page: 2, total_pages: 2 });
  });

  it.each([['abc'], ['0'], ['-3'], ['1.5'], ['1,,2'], ['2147483648']])('answers 400 for customer_id:in=%s', async (value) => {
    const response = await ctx.api.get<ErrorResponse>('/shopper-profiles', { query: { 'customer_id:in': value } });

    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors ?? {})).toEqual(['customer_id:in']);
  });

  it('answers 400 for more than 100 customer ids', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => i + 1).join(',');

    const response = await ctx.api.get<ErrorResponse>('/shopper-profiles', { query: { 'customer_id:in': ids } });

    expect(response.status).toBe(400);
  });

  it('never lists another store’s profiles', async () => {
    const other = await newStore(ctx.service);
    const [theirs] = await createProfiles(other, 1);

    const response = await ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', {
      query: { 'customer_id:in': String(theirs!.customer_id) },
    });

    expect(response.body.data).toEqual([]);
    expect(response.body.meta.pagination.total).toBe(0);
  });

  it('reads 100 customers in 2 round trips: the markers with the profiles header beside them, then the profiles', async () => {
    const profiles = await createProfiles(ctx.api, 100);

    const { result, requests, commands } = await requestsOf(() =>
      ctx.api.get<Collection<ShopperProfile>>('/shopper-profiles', {
        query: { 'customer_id:in': profiles.map((p) => p.customer_id).join(','), limit: 250 },
      }),
    );

    expect(result.body.data).toHaveLength(100);
    expect(requests).toBeLessThanOrEqual(3);
    // 100 markers fill a batch: the header (which says whether a delete of every profile left some stale) goes beside it.
    expect(commands).toEqual({ BatchGetItemCommand: 2, GetItemCommand: 1 });
  });
});

describe('GET /customers/{customerId}/segments', () => {
  it('lists the segments of the customer’s profile', async () => {
    const segments = await createSegments(ctx.api, 3);
    const [profile] = await createProfiles(ctx.api, 1);
    await addMembers(ctx.api, segments[0]!.id, [profile!.id]);
    await addMembers(ctx.api, segments[2]!.id, [profile!.id]);

    const response = await ctx.api.get<Collection<Segment>>(`/customers/${profile!.customer_id}/segments`, {
      token: ctx.api.readOnlyToken,
    });

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([segments[0], segments[2]]);
    expect(response.body.meta.pagination).toEqual({ total: 2, count: 2, per_page: 50, current_page: 1, total_pages: 1 });
  });

  it('answers 200 with an empty list for a customer without a profile', async () => {
    const response = await ctx.api.get<Collection<Segment>>('/customers/424242/segments');

    expect(response.status).toBe(200);
    expect(response.body.data).toEqual([]);
    expect(response.body.meta.pagination).toEqual({ total: 0, count: 0, per_page: 50, current_page: 1, total_pages: 0 });
  });

  it.each([['0'], ['-1'], ['abc'], ['1.5'], ['2147483648']])('answers 400 for customer id %s', async (id) => {
    const response = await ctx.api.get<ErrorResponse>(`/customers/${id}/segments`);

    expect(response.status).toBe(400);
    expect(Object.keys(response.body.errors ?? {})).toEqual(['customerId']);
  });

  it('answers 401 without a token and for another store’s token', async () => {
    const other = await newStore(ctx.service);

    const missing = await ctx.api.get('/customers/1/segments', { token: null });
    const foreign = await ctx.api.get('/customers/1/segments', { token: other.modifyToken });

    expect(missing.status).toBe(401);
    expect(foreign.status).toBe(401);
  });

  it('does not see a customer of another store', async () => {
    const other = await newStore(ctx.service);
    const [segment] = await createSegments(other, 1);
    const [profile] = await createProfiles(other, 1);
    await addMembers(other, segment!.id, [profile!.id]);

    const response = await ctx.api.get<Collection<Segment>>(`/customers/${profile!.customer_id}/segments`);

    expect(response.body.data).toEqual([]);
  });

  it('reads a customer in 40 segments in at most 3 DynamoDB requests', async () => {
    const segments = await createSegments(ctx.api, 40);
    const [profile] = await createProfiles(ctx.api, 1);
    for (const segment of segments) await addMembers(ctx.api, segment.id, [profile!.id]);

    const { result, requests, commands } = await requestsOf(() =>
      ctx.api.get<Collection<Segment>>(`/customers/${profile!.customer_id}/segments`, { query: { limit: 10, page: 2 } }),
    );

    expect(result.body.data).toEqual(segments.slice(10, 20));
    expect(result.body.meta.pagination.total).toBe(40);
    expect(requests).toBeLessThanOrEqual(3);
    // The customer marker, the profile (with its set of segments), each with the profiles header; then its segments.
    expect(commands).toEqual({ BatchGetItemCommand: 3 });
  });

  it('reads a customer without a profile in 1 DynamoDB request', async () => {
    const { requests } = await requestsOf(() => ctx.api.get('/customers/31337/segments'));

    expect(requests).toBe(1);
  });
});
