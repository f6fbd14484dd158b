import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, SK_PREFIX } from '../../service/src/store/keys';
import { KEY } from '../../service/src/store/schema';
import type { OpsStore } from '../lib/fixtures';
import { Api } from '../lib/http';
import { atMost, type Figure } from '../lib/report';
import type { BenchService } from '../lib/service';
import { interleave, msSince, ratio, summarize, type Timings } from '../lib/stats';

export interface OverheadResult {
  limit: number;
  http: Timings;
  rawQuery: Timings;
  /** The repository call behind the route (`segments.list`), no HTTP: splits the overhead in two. */
  repository: Timings;
  /** GET /healthz: HTTP and Express alone, no DynamoDB, for scale. */
  healthz: Timings;
  ratio: number;
}

/**
 * `GET /segments` (a page of 50) over HTTP against the one Query that page needs, sent by the
 * same DynamoDB client to the same DynamoDB Local, turn about.
 */
export async function measureOverhead(service: BenchService, ops: OpsStore, rounds: number): Promise<OverheadResult> {
  const api = new Api(service.origin, ops.storeHash, ops.token);
  const limit = 50;
  const query = new QueryCommand({
    TableName: service.tableName,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': KEY.partition, '#sk': KEY.sort },
    ExpressionAttributeValues: { ':pk': keys.segmentsPartition(ops.storeHash), ':prefix': SK_PREFIX.segment },
    Limit: limit,
    ConsistentRead: true,
  });
  const samples = await interleave(
    {
      http: async () => (await api.expect(200, 'GET', `/segments?limit=${limit}`)).ms,
      raw: async () => {
        const started = process.hrtime.bigint();
        const { Items } = await service.db.send(query);
        if (Items?.length !== Math.min(limit, ops.segmentIds.length)) throw new Error(`the raw query read ${Items?.length} segments`);
        return msSince(started);
      },
      repository: async () => {
        const started = process.hrtime.bigint();
        await service.store.segments.list(ops.storeHash, { page: 1, limit });
        return msSince(started);
      },
      healthz: async () => {
        const started = process.hrtime.bigint();
        const response = await fetch(`${service.origin}/healthz`);
        await response.text();
        return msSince(started);
      },
    },
    rounds,
    5,
  );
  const http = summarize(samples.http);
  const rawQuery = summarize(samples.raw);
  return {
    limit,
    http,
    rawQuery,
    repository: summarize(samples.repository),
    healthz: summarize(samples.healthz),
    ratio: ratio(http.median, rawQuery.median),
  };
}

export function overheadFigures(result: OverheadResult): Figure[] {
  const section = `3. Service overhead (GET /segments, page of ${result.limit})`;
  return [
    { id: 'overhead.http', section, name: 'median latency over HTTP', value: `${result.http.median} ms`, target: '' },
    { id: 'overhead.raw', section, name: 'median latency of the raw Query', value: `${result.rawQuery.median} ms`, target: '' },
    {
      id: 'overhead.repository',
      section,
      name: 'median latency of the repository call alone (segments.list, no HTTP)',
      value: `${result.repository.median} ms`,
      target: '',
    },
    {
      id: 'overhead.healthz',
      section,
      name: 'median latency of GET /healthz (no DynamoDB)',
      value: `${result.healthz.median} ms`,
      target: '',
    },
    { id: 'overhead.ratio', section, name: 'HTTP / raw Query', value: `${result.ratio}×`, ...atMost(result.ratio, 1.5), target: '≤ 1.5×' },
  ];
}
