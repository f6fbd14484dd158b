import type { TypedOperationHandlers } from '../http/operation-types';
import { paginationMeta } from '../http/pagination';
import type { SegmentsRepository } from '../segments/segments.repository';
import type { SegmentDeletes } from '../workflows/segment-deletes';

/** GET, POST, PUT and DELETE /segments. */
export function segmentsHandlers(segments: SegmentsRepository, deletes: SegmentDeletes): TypedOperationHandlers {
  return {
    GetPaginatedSegmentsList: async ({ storeHash, query }, reply) => {
      const ids = query['id:in'];
      const page = ids ? await segments.listByIds(storeHash, ids, query) : await segments.list(storeHash, query);
      return reply(200, { data: page.items, meta: { pagination: paginationMeta(page, query) } });
    },
    SegmentsPostRequest: async ({ storeHash, body }, reply) => {
      const created = await segments.create(storeHash, body);
      return reply(201, { data: created, meta: {} });
    },
    PutSegmentObjects: async ({ storeHash, body }, reply) => {
      const updated = await segments.update(storeHash, body);
      return reply(201, { data: updated, meta: {} });
    },
    DeleteStoreSegment: async ({ storeHash, query }, reply) => {
      await deletes.delete(storeHash, query['id:in']);
      return reply(204);
    },
  };
}
