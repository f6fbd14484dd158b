import type { CleanupScheduler } from '../cleanup/cleanup';
import { type PageRequest, paginationMeta } from '../http/pagination';
import type { OperationHandlers } from '../http/route';
import type { SegmentPost, SegmentPut, SegmentsRepository } from './segments.repository';

/** GET, POST, PUT and DELETE /segments. */
export function segmentsHandlers(segments: SegmentsRepository, cleanup: CleanupScheduler): OperationHandlers {
  return {
    GetPaginatedSegmentsList: async ({ storeHash, query }) => {
      const request = query as unknown as PageRequest;
      const ids = query['id:in'] as string[] | undefined;
      const page = ids ? await segments.listByIds(storeHash, ids, request) : await segments.list(storeHash, request);
      return { status: 200, body: { data: page.items, meta: { pagination: paginationMeta(page, request) } } };
    },
    SegmentsPostRequest: async ({ storeHash, body }) => {
      const created = await segments.create(storeHash, body as SegmentPost[]);
      return { status: 201, body: { data: created, meta: {} } };
    },
    PutSegmentObjects: async ({ storeHash, body }) => {
      const updated = await segments.update(storeHash, body as SegmentPut[]);
      return { status: 201, body: { data: updated, meta: {} } };
    },
    DeleteStoreSegment: async ({ storeHash, query }) => {
      // Each segment goes at once; its memberships (perhaps 100,000) are removed after the
      // response. Its shopper profiles stay.
      await segments.delete(storeHash, query['id:in'] as string[] | undefined, async (segmentIds) => {
        for (const segmentId of segmentIds) await cleanup.schedule({ kind: 'segment-deleted', storeHash, segmentId });
      });
      return { status: 204 };
    },
  };
}
