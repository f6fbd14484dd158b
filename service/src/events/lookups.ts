import { type ShopperProfileItem, toShopperProfile } from '../items/profile';
import type { SegmentItem } from '../items/segment';
import { keys } from '../store/keys';
import type { Table } from '../store/table';
import type { Lookups } from './derive';

/** How many segments known to be gone are remembered (ids are never reused, so the answer never changes). */
const GONE_REMEMBERED = 10_000;

/**
 * Derivation's reads, on the table, for one batch: a segment's existence is read once a batch
 * (the 100,000 records of a large segment's cleanup ask about the same segment), and a segment
 * found gone is remembered across batches, as it stays gone.
 */
export class TableLookups implements Lookups {
  private readonly existsInBatch = new Map<string, Promise<boolean>>();

  constructor(
    private readonly table: Table,
    private readonly gone: Set<string> = new Set(),
  ) {}

  /** A fresh memo for the next batch, keeping what is known to be gone. */
  forNextBatch(): TableLookups {
    if (this.gone.size > GONE_REMEMBERED) this.gone.clear();
    return new TableLookups(this.table, this.gone);
  }

  async existingSegments(storeHash: string, segmentIds: readonly string[]): Promise<ReadonlySet<string>> {
    const key = (id: string) => `${storeHash}\u0000${id}`;
    const unknown = segmentIds.filter((id) => !this.gone.has(key(id)) && !this.existsInBatch.has(key(id)));
    if (unknown.length > 0) {
      const read = this.table
        .getMany<SegmentItem>(unknown.map((id) => keys.segment(storeHash, id)))
        .then((items) => new Set(items.map((item) => item.id)));
      for (const id of unknown)
        this.existsInBatch.set(
          key(id),
          read.then((found) => found.has(id)),
        );
      // A failed read is not remembered: the batch is retried whole.
      read.catch(() => {
        for (const id of unknown) this.existsInBatch.delete(key(id));
      });
    }
    const existing = new Set<string>();
    for (const id of segmentIds) {
      if (this.gone.has(key(id))) continue;
      if (await this.existsInBatch.get(key(id))) existing.add(id);
      else this.gone.add(key(id));
    }
    return existing;
  }

  async profile(storeHash: string, profileId: string) {
    const item = await this.table.get<ShopperProfileItem>(keys.profile(storeHash, profileId));
    return item ? toShopperProfile(item) : undefined;
  }
}
