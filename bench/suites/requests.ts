import { usdPerMillionCalls } from '../lib/cost';
import { difference } from '../lib/counter';
import type { DeepStore, OpsStore } from '../lib/fixtures';
import { Api, dataOf } from '../lib/http';
import { atMost, type Figure } from '../lib/report';
import type { BenchService } from '../lib/service';

/** What one API call cost in DynamoDB, with the token check and the deferred cleanup apart. */
export interface OperationCount {
  operation: string;
  label: string;
  method: string;
  path: string;
  /** Every DynamoDB request the call made, the token check included. */
  requests: number;
  /** Of which the token check. */
  authRequests: number;
  /** Per command, the token check included. */
  commands: Record<string, number>;
  /** The fewest requests the table design allows for this call, with a warm token cache (auth 0). */
  minimum: number;
  minimumHow: string;
  target?: number;
  readUnits: number;
  writeUnits: number;
  authReadUnits: number;
  /** DynamoDB on-demand cost of a million such calls, the token check included. */
  usdPerMillion: number;
  /** Work the call left to the stream (cleanup after deletes), counted apart. */
  deferred: { requests: number; commands: Record<string, number>; readUnits: number; writeUnits: number; usdPerMillion: number };
  ms: number;
}

interface Scenario {
  operation: string;
  label: string;
  minimum: number;
  minimumHow: string;
  target?: number;
  /** Setup the count leaves out. */
  prepare?: () => Promise<void>;
  method: string;
  path: () => string;
  body?: () => unknown;
  status: number;
  after?: (body: unknown) => void;
  /** Another client than the ops store's (the deep store, a fresh token). */
  api?: () => Api;
}

const PAGE = 50;

/**
 * Sends each of the eleven operations once against the prepared stores and counts the DynamoDB
 * requests it makes, at the service's own client. A warm-up call first, so a token cache (if the
 * service has one) is as warm as it would be in a running function.
 */
export async function countRequests(service: BenchService, ops: OpsStore, deep: DeepStore | undefined): Promise<OperationCount[]> {
  const api = new Api(service.origin, ops.storeHash, ops.token);
  const deepApi = deep ? new Api(service.origin, deep.storeHash, deep.token) : undefined;
  await api.expect(200, 'GET', '/segments?limit=1');
  if (deepApi) await deepApi.expect(200, 'GET', '/segments?limit=1');

  let freshApi = api;
  let createdSegmentId = '';
  let createdProfileId = '';
  const addTarget = ops.segmentIds[2]!;
  const toAdd = ops.profileIds.slice(100, 100 + 50);
  const idsFilter = ops.segmentIds.slice(10, 20).join(',');

  const scenarios: Scenario[] = [
    {
      operation: 'GetPaginatedSegmentsList',
      label: `GET /segments (page 1 of ${ops.segmentIds.length}, limit ${PAGE})`,
      minimum: 1,
      minimumHow: 'one Query: the list header (total) sorts just before the page',
      target: 2,
      method: 'GET',
      path: () => `/segments?limit=${PAGE}`,
      status: 200,
    },
    {
      operation: 'GetPaginatedSegmentsList',
      label: `GET /segments (page 1, limit ${PAGE}) with a token this process has not seen yet`,
      minimum: 2,
      minimumHow: 'as above, plus the token GetItem until the token is cached',
      prepare: async () => {
        freshApi = new Api(service.origin, ops.storeHash, await service.store.tokens.mint(ops.storeHash, 'read-only'));
      },
      method: 'GET',
      path: () => `/segments?limit=${PAGE}`,
      status: 200,
      api: () => freshApi,
    },
    {
      operation: 'GetPaginatedSegmentsList',
      label: 'GET /segments?id:in= (10 ids)',
      minimum: 1,
      minimumHow: 'BatchGetItem the segments',
      method: 'GET',
      path: () => `/segments?id:in=${idsFilter}`,
      status: 200,
    },
    {
      operation: 'GetShopperList',
      label: `GET /shopper-profiles (page 1 of ${ops.profileIds.length}, limit ${PAGE})`,
      minimum: 1,
      minimumHow: 'one Query: the list header (total) sorts just before the page',
      method: 'GET',
      path: () => `/shopper-profiles?limit=${PAGE}`,
      status: 200,
    },
    {
      operation: 'GetSegmentProfiles',
      label: `GET /segments/{id}/shopper-profiles (page 1 of ${ops.profileIds.length} members)`,
      minimum: 1,
      minimumHow: "one Query: the segment's members header (exists, total) sorts just before the edges",
      target: 2,
      method: 'GET',
      path: () => `/segments/${ops.populousSegmentId}/shopper-profiles?limit=${PAGE}`,
      status: 200,
    },
    ...(deep && deepApi
      ? (['first visit since the list changed', 'again'] as const).map(
          (visit): Scenario => ({
            operation: 'GetSegmentProfiles',
            label: `GET /segments/{id}/shopper-profiles (page ${deep.members / PAGE} of ${deep.members.toLocaleString('en')} members, ${visit})`,
            minimum: 2,
            minimumHow: 'BatchGetItem the members header and the page boundary + one Query from the boundary',
            // "at any page depth": the steady state is what the target is about; the first visit is shown beside it.
            target: visit === 'again' ? 2 : undefined,
            method: 'GET',
            path: () => `/segments/${deep.segmentId}/shopper-profiles?page=${deep.members / PAGE}&limit=${PAGE}`,
            status: 200,
            api: () => deepApi,
          }),
        )
      : []),
    {
      operation: 'GetListShopperProfile',
      label: `GET /shopper-profiles/{id}/segments (profile in ${ops.profileSegments} segments)`,
      minimum: 2,
      minimumHow: "Query the index (the profile's edges) + BatchGetItem the page's segments and the profile",
      target: 2,
      method: 'GET',
      path: () => `/shopper-profiles/${ops.memberProfileId}/segments?limit=${PAGE}`,
      status: 200,
    },
    {
      operation: 'SegmentsPostRequest',
      label: 'POST /segments (1 segment)',
      minimum: 1,
      minimumHow: 'one transaction: segment + name marker + members header + segments header',
      target: 1,
      method: 'POST',
      path: () => '/segments',
      body: () => [{ name: 'created by the benchmark', description: 'one' }],
      status: 201,
      after: (body) => {
        createdSegmentId = dataOf<{ id: string }>({ status: 201, body, ms: 0 })[0]!.id;
      },
    },
    {
      operation: 'PutSegmentObjects',
      label: 'PUT /segments (rename 1 segment)',
      minimum: 2,
      minimumHow: 'BatchGetItem the current names + one transaction (segment, marker moved)',
      method: 'PUT',
      path: () => '/segments',
      body: () => [{ id: createdSegmentId, name: 'renamed by the benchmark' }],
      status: 201,
    },
    {
      operation: 'PostShopperProfile',
      label: 'POST /segments/{id}/shopper-profiles (50 profiles)',
      minimum: 3,
      minimumHow:
        'BatchGetItem the members header and the profiles + two transactions (25 edges, 25 profile checks and the members header each: 50 of each do not fit in 100 actions)',
      target: 3,
      method: 'POST',
      path: () => `/segments/${addTarget}/shopper-profiles`,
      body: () => toAdd,
      status: 201,
    },
    {
      operation: 'DeleteShopperProfile',
      label: 'DELETE /segments/{id}/shopper-profiles?id:in= (50 profiles)',
      minimum: 2,
      minimumHow: 'BatchGetItem the members header and the edges + one transaction (50 deletes + members header)',
      method: 'DELETE',
      path: () => `/segments/${addTarget}/shopper-profiles?id:in=${toAdd.join(',')}`,
      status: 204,
    },
    {
      operation: 'ShopperProfilesRequest',
      label: 'POST /shopper-profiles (1 profile)',
      minimum: 1,
      minimumHow: 'one transaction: profile + customer marker + profiles header',
      method: 'POST',
      path: () => '/shopper-profiles',
      body: () => [{ customer_id: 900_001 }],
      status: 201,
      after: (body) => {
        createdProfileId = dataOf<{ id: string }>({ status: 201, body, ms: 0 })[0]!.id;
      },
    },
    {
      operation: 'DeleteStoreShopperProfile',
      label: 'DELETE /shopper-profiles?id:in= (1 profile in 5 segments)',
      minimum: 3,
      minimumHow: 'BatchGetItem the profile + Query its edges (index) + one transaction (edges, counts, profile, marker, counter)',
      prepare: async () => {
        for (const segmentId of ops.segmentIds.slice(3, 8))
          await service.store.memberships.add(ops.storeHash, segmentId, [createdProfileId]);
      },
      method: 'DELETE',
      path: () => `/shopper-profiles?id:in=${createdProfileId}`,
      status: 204,
    },
    {
      operation: 'DeleteStoreSegment',
      label: 'DELETE /segments?id:in= (1 segment with 50 members)',
      minimum: 2,
      minimumHow: 'BatchGetItem the segment (its name) + one transaction (segment, marker, counter); its edges go off the request',
      prepare: async () => {
        await service.store.memberships.add(ops.storeHash, createdSegmentId, toAdd);
      },
      method: 'DELETE',
      path: () => `/segments?id:in=${createdSegmentId}`,
      status: 204,
    },
  ];

  const results: OperationCount[] = [];
  // Transactions are priced from what they overwrite and delete: read that first, uncounted.
  service.counter.inspector = service.inspector;
  try {
    for (const scenario of scenarios) results.push(await count(service, api, scenario));
  } finally {
    service.counter.inspector = undefined;
  }
  return results;
}

async function count(service: BenchService, api: Api, scenario: Scenario): Promise<OperationCount> {
  await scenario.prepare?.();
  await service.cleanup.drain();
  service.counter.reset();
  service.auth.reset();
  const response = await (scenario.api?.() ?? api).expect(scenario.status, scenario.method, scenario.path(), scenario.body?.());
  const during = service.counter.snapshot();
  const auth = service.auth.requests();
  await service.cleanup.drain();
  const deferred = difference(service.counter.snapshot(), during);
  scenario.after?.(response.body);
  if (difference(during, auth).requests < 0) throw new Error('the token check booked more requests than the call made');
  return {
    operation: scenario.operation,
    label: scenario.label,
    method: scenario.method,
    path: scenario.path(),
    requests: during.requests,
    authRequests: auth.requests,
    commands: during.commands,
    minimum: scenario.minimum,
    minimumHow: scenario.minimumHow,
    target: scenario.target,
    readUnits: during.capacity.readUnits,
    writeUnits: during.capacity.writeUnits,
    authReadUnits: auth.capacity.readUnits,
    usdPerMillion: usdPerMillionCalls(during.capacity),
    deferred: {
      requests: deferred.requests,
      commands: deferred.commands,
      readUnits: deferred.capacity.readUnits,
      writeUnits: deferred.capacity.writeUnits,
      usdPerMillion: usdPerMillionCalls(deferred.capacity),
    },
    ms: Math.round(response.ms * 10) / 10,
  };
}

/** Short names for the commands, as the report prints them. */
export function commandList(commands: Record<string, number>): string {
  return Object.entries(commands)
    .map(([name, n]) => `${n > 1 ? `${n}×` : ''}${name.replace(/Command$/, '').replace(/Item(s?)$/, '$1')}`)
    .join(' + ');
}

export function requestFigures(counts: OperationCount[]): Figure[] {
  return counts.map((count) => {
    const value = `${count.requests} (${count.requests - count.authRequests} + ${count.authRequests} auth)`;
    const base = {
      id: `requests.${count.operation}.${count.label}`,
      section: '1. DynamoDB requests per call (incl. token check)',
      name: count.label,
      value,
    };
    return count.target === undefined
      ? { ...base, target: `min ${count.minimum}` }
      : { ...base, ...atMost(count.requests, count.target), target: `≤ ${count.target} (min ${count.minimum})` };
  });
}

export function costFigures(counts: OperationCount[]): Figure[] {
  return counts.map((count) => ({
    id: `cost.${count.operation}.${count.label}`,
    section: '6. DynamoDB cost per million calls (on-demand, us-east-1)',
    name: count.label,
    value:
      `$${count.usdPerMillion.toFixed(3)} (${count.readUnits} RRU + ${count.writeUnits} WRU)` +
      (count.deferred.requests > 0 ? ` + $${count.deferred.usdPerMillion.toFixed(3)} deferred cleanup` : ''),
    measured: count.usdPerMillion,
    target: '',
  }));
}
