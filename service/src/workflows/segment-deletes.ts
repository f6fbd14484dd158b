import type { SegmentsRepository } from '../segments/segments.repository';
import { SEGMENTS_PER_DELETE } from '../segments/segments.repository';
import { deleteInChunks } from './chunked-delete';
import type { CleanupScheduler } from './cleanup';

/**
 * Deleting segments, a workflow over segments and the cleanup:
 *
 * 1. read the segments (the named ones, or all of the store's);
 * 2. for each chunk of 33: delete them with their name markers, members headers and the store's
 *    count, in one transaction (a segment renamed since it was read refuses it, and is read again
 *    so its current marker goes); they are gone from every read at once;
 * 3. as soon as a chunk is gone, schedule the removal of its memberships (perhaps 100,000 a
 *    segment: after the response). Its shopper profiles stay.
 *
 * Ids that do not exist are ignored.
 */
export class SegmentDeletes {
  constructor(
    private readonly segments: SegmentsRepository,
    private readonly cleanup: CleanupScheduler,
  ) {}

  /** Deletes the named segments (all of the store's when `ids` is undefined); returns the ids deleted. */
  async delete(storeHash: string, ids: string[] | undefined): Promise<string[]> {
    return deleteInChunks({
      read: () => this.segments.readForDelete(storeHash, ids),
      everything: ids === undefined,
      chunkSize: SEGMENTS_PER_DELETE,
      deleteChunk: async (part) => {
        await this.segments.deleteAtOnce(storeHash, part);
        for (const segment of part) await this.cleanup.schedule({ kind: 'segment-deleted', storeHash, segmentId: segment.id });
      },
    });
  }
}
