import type { ListHeader } from '../../service/src/store/lists';
import { bucketCountAttribute, membersList } from '../../service/src/store/lists';
import { Table } from '../../service/src/store/table';
import type { DeepStore } from '../lib/fixtures';
import { Api } from '../lib/http';
import { atMost, type Figure } from '../lib/report';
import type { BenchService } from '../lib/service';
import { interleave, ratio, summarize, type Timings } from '../lib/stats';

export interface PageDepthResult {
  members: number;
  limit: number;
  middlePage: number;
  lastPage: number;
  firstPage: Timings;
  middle: Timings;
  deepPage: Timings;
  /** The last page read right after a member was added at the start, the middle or the end of the list. */
  afterChange: { start: Timings; middle: Timings; end: Timings };
  ratio: number;
  ratioAfterChange: number;
  /** The storage alone: the same requests the service sends for the last page and for page 1, sent raw. */
  rawFirstPage: Timings;
  rawDeepPage: Timings;
  rawRatio: number;
}

const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return Math.round((performance.now() - started) * 100) / 100;
};

/** Page 1 against the middle and last pages of a segment's members, over HTTP, turn about. */
export async function measurePageDepth(service: BenchService, deep: DeepStore, rounds: number): Promise<PageDepthResult> {
  const api = new Api(service.origin, deep.storeHash, deep.token);
  const limit = 50;
  const lastPage = Math.ceil(deep.members / limit);
  const middlePage = Math.ceil(lastPage / 2);
  const path = (page: number) => `/segments/${deep.segmentId}/shopper-profiles?page=${page}&limit=${limit}`;

  // DynamoDB Local's own cost of the same requests, sent raw: page 1 is one Query from the
  // header; the last page a GetItem of the header and one Query from its bucket's start.
  const members = membersList(deep.storeHash, deep.segmentId);
  const buckets = members.buckets!;
  const table = new Table(service.db, service.tableName);
  const header = (await table.get<ListHeader>(members.header))!;
  let before = 0;
  let start = { bucket: buckets.names[0]!, skip: 0 };
  for (const bucket of buckets.names) {
    const n = Number(header[bucketCountAttribute(bucket)] ?? 0);
    if (before + n > (lastPage - 1) * limit) {
      start = { bucket, skip: (lastPage - 1) * limit - before };
      break;
    }
    before += n;
  }
  const change = (profileId: string) => async () => {
    await service.store.memberships.add(deep.storeHash, deep.segmentId, [profileId]);
    const ms = (await api.expect(200, 'GET', path(lastPage))).ms;
    await service.store.memberships.remove(deep.storeHash, deep.segmentId, [profileId]);
    return ms;
  };
  const samples = await interleave(
    {
      rawFirst: () => timed(() => table.queryFirst({ partition: members.partition, sortKeyPrefix: members.header.sk }, limit + 1)),
      rawDeep: () =>
        timed(async () => {
          await table.get(members.header);
          await table.queryAfterSkipping(members, buckets.start(start.bucket), start.skip, limit);
        }),
      first: async () => (await api.expect(200, 'GET', path(1))).ms,
      middle: async () => (await api.expect(200, 'GET', path(middlePage))).ms,
      deep: async () => (await api.expect(200, 'GET', path(lastPage))).ms,
      changedAtStart: change(deep.spares.start),
      changedInMiddle: change(deep.spares.middle),
      changedAtEnd: change(deep.spares.end),
    },
    rounds,
  );
  const firstPage = summarize(samples.first);
  const deepPage = summarize(samples.deep);
  const afterChange = {
    start: summarize(samples.changedAtStart),
    middle: summarize(samples.changedInMiddle),
    end: summarize(samples.changedAtEnd),
  };
  const worstAfterChange = Math.max(afterChange.start.median, afterChange.middle.median, afterChange.end.median);
  const rawFirstPage = summarize(samples.rawFirst);
  const rawDeepPage = summarize(samples.rawDeep);
  return {
    members: deep.members,
    limit,
    middlePage,
    lastPage,
    firstPage,
    middle: summarize(samples.middle),
    deepPage,
    afterChange,
    ratio: ratio(deepPage.median, firstPage.median),
    ratioAfterChange: ratio(worstAfterChange, firstPage.median),
    rawFirstPage,
    rawDeepPage,
    rawRatio: ratio(rawDeepPage.median, rawFirstPage.median),
  };
}

/**
 * The bound on a deep page's latency: at most 2× page 1, or at most 1.25× DynamoDB
 * Local's own ratio for the same requests (whichever is looser).
 */
function depthTarget(measured: number, rawRatio: number): Pick<Figure, 'measured' | 'target' | 'pass'> {
  const bound = Math.max(2, Math.round(1.25 * rawRatio * 100) / 100);
  return { ...atMost(measured, bound), target: `≤ 2× or ≤ 1.25 × raw (${bound}×)` };
}

export function pageDepthFigures(result: PageDepthResult): Figure[] {
  const section = `2. Page depth (segment of ${result.members.toLocaleString('en')} members, limit ${result.limit})`;
  const ms = (t: Timings) => `${t.median} ms`;
  return [
    { id: 'pageDepth.first', section, name: 'median latency, page 1', value: ms(result.firstPage), target: '' },
    { id: 'pageDepth.middle', section, name: `median latency, page ${result.middlePage}`, value: ms(result.middle), target: '' },
    { id: 'pageDepth.deep', section, name: `median latency, page ${result.lastPage}`, value: ms(result.deepPage), target: '' },
    {
      id: 'pageDepth.afterChangeTimes',
      section,
      name: `median latency, page ${result.lastPage} right after an add at the start / middle / end`,
      value: `${result.afterChange.start.median} / ${result.afterChange.middle.median} / ${result.afterChange.end.median} ms`,
      target: '',
    },
    {
      id: 'pageDepth.rawRatio',
      section,
      name: `storage alone: the same requests sent raw, page ${result.lastPage} / page 1`,
      value: `${result.rawRatio}× (${result.rawDeepPage.median} / ${result.rawFirstPage.median} ms)`,
      measured: result.rawRatio,
      target: '',
    },
    {
      id: 'pageDepth.ratio',
      section,
      name: `page ${result.lastPage} / page 1`,
      value: `${result.ratio}×`,
      ...depthTarget(result.ratio, result.rawRatio),
    },
    {
      id: 'pageDepth.afterChange',
      section,
      name: `page ${result.lastPage} right after a change (slowest of start, middle, end) / page 1`,
      value: `${result.ratioAfterChange}×`,
      ...depthTarget(result.ratioAfterChange, result.rawRatio),
    },
  ];
}
