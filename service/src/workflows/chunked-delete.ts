import { writeOptimistically } from '../store/optimistic';
import { ConditionsFailed, chunk } from '../store/table';

const MAX_DELETE_ATTEMPTS = 3;

/** A delete of everything went through what it read: read again, for items created meanwhile. */
class ReadAgain extends Error {}

export interface ChunkedDelete<T extends { id: string }> {
  /** What is to go: the named items that exist, or all of the store's. */
  read: () => Promise<T[]>;
  /** Whether `read` reads all of the store's (and is read again once done, until it finds none). */
  everything: boolean;
  chunkSize: number;
  /** Deletes one chunk, atomically; refused (ConditionsFailed) if one of it went, or changed, since it was read. */
  deleteChunk: (part: T[]) => Promise<void>;
}

/**
 * The loop both deletes share: read what is to go, delete it a chunk at a time, and when a chunk
 * is refused because another request deleted (or changed) one of its items first, read again and
 * finish the rest, at most three reads. Returns the ids deleted, also when it gave up part-way
 * (what is left is still there, and sending the delete again finishes it).
 */
export async function deleteInChunks<T extends { id: string }>(run: ChunkedDelete<T>): Promise<string[]> {
  const deleted = new Set<string>();
  await writeOptimistically(
    {
      attempts: MAX_DELETE_ATTEMPTS,
      retryOn: (error) => error instanceof ConditionsFailed || error instanceof ReadAgain,
      exhausted: () => undefined,
    },
    async () => {
      const remaining = (await run.read()).filter((item) => !deleted.has(item.id));
      if (remaining.length === 0) return;
      for (const part of chunk(remaining, run.chunkSize)) {
        await run.deleteChunk(part);
        for (const item of part) deleted.add(item.id);
      }
      if (run.everything) throw new ReadAgain();
    },
  );
  return [...deleted];
}
