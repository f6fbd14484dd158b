import type { SegmentsRepository } from '../segments/segments.repository';
import { SEGMENTS_PER_DELETE } from '../segments/segments.repository';
import { writeOptimistically } from '../store/optimistic';
import { ConditionsFailed, chunk } from '../store/table';
import type { CleanupScheduler } from './cleanup';

const MAX_DELETE_ATTEMPTS = 3;

/** A delete of all segments went through what it read: read again, for segments created meanwhile. */
class ReadAgain extends Error {}

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
    const deleted = new Set<string>();
    await writeOptimistically(
      {
        attempts: MAX_DELETE_ATTEMPTS,
        retryOn: (error) => error instanceof ConditionsFailed || error instanceof ReadAgain,
        exhausted: () => undefined,
      },
      async () => {
        const remaining = (await this.segments.readForDelete(storeHash, ids)).filter((segment) => !deleted.has(segment.id));
        if (remaining.length === 0) return;
        for (const part of chunk(remaining, SEGMENTS_PER_DELETE)) {
          await this.segments.deleteAtOnce(storeHash, part);
          for (const segment of part) deleted.add(segment.id);
          for (const segment of part) await this.cleanup.schedule({ kind: 'segment-deleted', storeHash, segmentId: segment.id });
        }
        if (!ids) throw new ReadAgain();
      },
    );
    return [...deleted];
  }
}
