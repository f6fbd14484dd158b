import type { TypedOperationHandlers } from '../http/operation-types';
import { pageBody } from '../http/pagination';
import type { SegmentsRepository } from '../segments/segments.repository';
import type { SegmentDeletes } from '../workflows/segment-deletes';

/** GET, POST, PUT and DELETE /segments. */
export function segmentsHandlers(segments: SegmentsRepository, deletes: SegmentDeletes): TypedOperationHandlers {
  return {
    GetPaginatedSegmentsList: async ({ storeHash, query }, reply) => {
      const ids = query['id:in'];
      return reply(200, pageBody(ids ? await segments.listByIds(storeHash, ids, query) : await segments.list(storeHash, query), query));
    },
    SegmentsPostRequest: async ({ storeHash, body }, reply) => reply(201, { data: await segments.create(storeHash, body), meta: {} }),
    PutSegmentObjects: async ({ storeHash, body }, reply) => reply(201, { data: await segments.update(storeHash, body), meta: {} }),
    DeleteStoreSegment: async ({ storeHash, query }, reply) => {
      await deletes.delete(storeHash, query['id:in']);
      return reply(204);
    },
  };
}
