import { keys, SK_PREFIX } from '../../service/src/store/keys';
import { Table } from '../../service/src/store/table';
import type { DeepStore } from '../lib/fixtures';
import { Api } from '../lib/http';
import { atMost, type Figure } from '../lib/report';
import type { BenchService } from '../lib/service';
import { interleave, ratio, summarize, type Timings } from '../lib/stats';

export interface PageDepthResult {
  members: number;
  limit: number;
  lastPage: number;
  firstPage: Timings;
  deepPage: Timings;
  /** The last page read right after a member was added and removed: the first visit to that version of the list. */
  deepPageAfterChange: Timings;
  ratio: number;
  ratioAfterChange: number;
  /** The storage alone: the raw Query for the last page (from its start key) against the raw Query for page 1. */
  rawFirstPage: Timings;
  rawDeepPage: Timings;
  rawRatio: number;
}

/** Page 1 against the last page of a segment's members, over HTTP, turn about. */
export async function measurePageDepth(service: BenchService, deep: DeepStore, rounds: number): Promise<PageDepthResult> {
  const api = new Api(service.origin, deep.storeHash, deep.token);
  const limit = 50;
  const lastPage = Math.ceil(deep.members / limit);
  const path = (page: number) => `/segments/${deep.segmentId}/shopper-profiles?page=${page}&limit=${limit}`;
  // DynamoDB Local's own cost of starting a query deep in a partition, measured beside the API:
  // the same two queries the service needs, with the start key known.
  const members = { partition: keys.membersPartition(deep.storeHash, deep.segmentId), sortKeyPrefix: SK_PREFIX.profile };
  const table = new Table(service.db, service.tableName);
  const sortKeys = await table.sortKeysUpTo(members, (lastPage - 1) * limit);
  const lastPageStart = sortKeys[sortKeys.length - 1]!;
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return Math.round((performance.now() - started) * 100) / 100;
  };
  const samples = await interleave(
    {
      rawFirst: () => timed(() => table.queryFirst(members, limit)),
      rawDeep: () => timed(() => table.queryAfter(members, lastPageStart, limit)),
      first: async () => (await api.expect(200, 'GET', path(1))).ms,
      deep: async () => (await api.expect(200, 'GET', path(lastPage))).ms,
      afterChange: async () => {
        await service.store.memberships.add(deep.storeHash, deep.segmentId, [deep.spareProfileId]);
        await service.store.memberships.remove(deep.storeHash, deep.segmentId, [deep.spareProfileId]);
        return (await api.expect(200, 'GET', path(lastPage))).ms;
      },
    },
    rounds,
  );
  const firstPage = summarize(samples.first);
  const deepPage = summarize(samples.deep);
  const deepPageAfterChange = summarize(samples.afterChange);
  const rawFirstPage = summarize(samples.rawFirst);
  const rawDeepPage = summarize(samples.rawDeep);
  return {
    members: deep.members,
    limit,
    lastPage,
    firstPage,
    deepPage,
    deepPageAfterChange,
    ratio: ratio(deepPage.median, firstPage.median),
    ratioAfterChange: ratio(deepPageAfterChange.median, firstPage.median),
    rawFirstPage,
    rawDeepPage,
    rawRatio: ratio(rawDeepPage.median, rawFirstPage.median),
  };
}

export function pageDepthFigures(result: PageDepthResult): Figure[] {
  const section = `2. Page depth (segment of ${result.members.toLocaleString('en')} members, limit ${result.limit})`;
  return [
    { id: 'pageDepth.first', section, name: 'median latency, page 1', value: `${result.firstPage.median} ms`, target: '' },
    { id: 'pageDepth.deep', section, name: `median latency, page ${result.lastPage}`, value: `${result.deepPage.median} ms`, target: '' },
    {
      id: 'pageDepth.ratio',
      section,
      name: `page ${result.lastPage} / page 1`,
      value: `${result.ratio}×`,
      ...atMost(result.ratio, 2),
      target: '≤ 2×',
    },
    {
      id: 'pageDepth.rawRatio',
      section,
      name: `storage alone: raw Query for page ${result.lastPage} (start key known) / raw Query for page 1`,
      value: `${result.rawRatio}× (${result.rawDeepPage.median} / ${result.rawFirstPage.median} ms)`,
      measured: result.rawRatio,
      target: '',
    },
    {
      id: 'pageDepth.afterChange',
      section,
      name: `page ${result.lastPage} read first after a membership change, / page 1`,
      value: `${result.ratioAfterChange}× (median ${result.deepPageAfterChange.median} ms)`,
      measured: result.ratioAfterChange,
      target: '',
    },
  ];
}
