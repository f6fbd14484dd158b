import { type ItemKey, keys } from './keys';
import { bucketCountAttribute, type HiddenItems, hiddenBy, hidesSortKey, type ListBuckets, type PagedList, startPastHidden } from './lists';
import type { PageRequest } from './page';
import { KEY, TTL_ATTRIBUTE } from './schema';
import type { Table } from './table';

export interface PageRead<H, T> {
  header: H | undefined;
  items: T[];
  total: number;
  /** The sort key of the page's last item when the page is full: where the next page starts. */
  lastSortKey?: string;
}

/** Boundaries kept per item, so a boundary item stays a few KB whatever the list's size. */
export const PAGES_PER_BOUNDARY_ITEM = 100;
const BOUNDARY_TTL_SECONDS = 7 * 24 * 3600;
/** Boundary items kept in memory per process (each a few KB at most). */
const MAX_REMEMBERED_BOUNDARY_ITEMS = 2000;

interface BoundaryItem {
  version: number;
  /** Sort key of the last item of each page, for the pages this item covers. */
  after: string[];
}

/** Which boundary item, and which entry in it, holds where page `page` starts (page ≥ 2). */
function boundaryPosition(page: number): { chunk: number; index: number } {
  const ordinal = page - 2;
  return { chunk: Math.floor(ordinal / PAGES_PER_BOUNDARY_ITEM), index: ordinal % PAGES_PER_BOUNDARY_ITEM };
}

/**
 * Page-number pagination without reading every item before the page. DynamoDB has no offset, so
 * where each page starts is remembered in boundary items, valid for one version of the list:
 * a page is then one batch read (the header and its boundary item) plus one query, at any depth
 * (page 1 is a single query).
 * A page whose boundary is not known yet (first visit since the list changed) walks the keys from
 * the start once, and records every boundary it passes for the readers after it.
 *
 * Boundary items this process has seen are also kept in memory: then the header and the page are
 * read side by side in one round trip, and the page is kept only if the header's version shows the
 * boundary still holds.
 */
export class PageReader {
  private readonly remembered = new Map<string, BoundaryItem>();

  constructor(private readonly table: Table) {}

  async read<H extends object, T extends object>(list: PagedList, request: PageRequest): Promise<PageRead<H, T>> {
    const read = await this.readItems<H, T>(list, request);
    const last = read.items.length === request.limit ? read.items[read.items.length - 1] : undefined;
    const lastSortKey = last ? (last as Record<string, unknown>)[KEY.sort] : undefined;
    return typeof lastSortKey === 'string' ? { ...read, lastSortKey } : read;
  }

  private async readItems<H extends object, T extends object>(list: PagedList, request: PageRequest): Promise<PageRead<H, T>> {
    if (request.after !== undefined) {
      // A cursor names the page's start: the header (for the exact total) and the page side by side.
      const [header, items] = await Promise.all([
        this.table.get<H>(list.header),
        this.table.queryAfter<T>(list, request.after, request.limit),
      ]);
      if (!header) return { header, items: [], total: 0 };
      const hidden = hiddenBy(header);
      const page = hidden && items.some(isHiddenBy(hidden)) ? await this.readPastHidden<T>(list, header, hidden, request) : items;
      return { header, items: page, total: this.countOf(header, list) };
    }
    if (request.page === 1) {
      // The header sorts just before the items: one query reads it and the first page.
      const headerSortKey = list.header[KEY.sort];
      const read = await this.table.queryFirst<Record<string, unknown>>(
        { partition: list.partition, sortKeyPrefix: headerSortKey },
        request.limit + 1,
      );
      const header = read[0]?.[KEY.sort] === headerSortKey ? (read[0] as H) : undefined;
      if (!header) return { header, items: [], total: 0 };
      const items = read.slice(1, request.limit + 1) as T[];
      const hidden = hiddenBy(header);
      // Items deleted but not yet removed sort among the rest: read the page again past them.
      const page = hidden && items.some(isHiddenBy(hidden)) ? await this.readPastHidden<T>(list, header, hidden, request) : items;
      return { header, items: page, total: this.countOf(header, list) };
    }
    if (list.buckets) return this.readBucketed<H, T>(list, list.buckets, request);
    const { chunk, index } = boundaryPosition(request.page);
    const boundaryKey = keys.pageBoundaries(list.partition, request.limit, chunk);
    const memoryKey = `${boundaryKey[KEY.partition]}\u0000${boundaryKey[KEY.sort]}`;

    const known = this.remembered.get(memoryKey);
    const knownAfter = known?.after[index];
    if (known && knownAfter !== undefined) {
      const [header, items] = await Promise.all([
        this.table.get<H>(list.header),
        this.table.queryAfter<T>(list, knownAfter, request.limit),
      ]);
      if (!header) return { header, items: [], total: 0 };
      if (this.versionOf(header, list) === known.version) return { header, items, total: this.countOf(header, list) };
      this.remembered.delete(memoryKey);
    }

    const [header, boundaries] = await this.readHeaderAndBoundaries<H>(list, boundaryKey);
    const total = this.countOf(header, list);
    if (!header || (request.page - 1) * request.limit >= total) return { header, items: [], total };

    const version = this.versionOf(header, list);
    let after: string | undefined;
    if (boundaries?.version === version) {
      this.remember(memoryKey, boundaries);
      after = boundaries.after[index];
    }
    if (after === undefined) {
      // Hidden items of an unbucketed list are only ever those up to `through`: the walk starts past them.
      const floor = startPastHidden(hiddenBy(header), list.sortKeyPrefix);
      after = await this.walkAndRemember(list, request, version, boundaries?.version === version ? boundaries : undefined, floor);
    }
    const items = after === undefined ? [] : await this.table.queryAfter<T>(list, after, request.limit);
    return { header, items, total };
  }

  /**
   * A page of a bucketed list: the header's per-bucket counts say which bucket the page starts in
   * and how many of its items come first; one query from the start of that bucket skips those and
   * reads the page (running on into the buckets after it). Two requests at any depth, and the
   * skipped part is at most one bucket.
   */
  private async readBucketed<H extends object, T extends object>(
    list: PagedList,
    buckets: ListBuckets,
    request: PageRequest,
  ): Promise<PageRead<H, T>> {
    const header = await this.table.get<H>(list.header);
    const total = this.countOf(header, list);
    const offset = (request.page - 1) * request.limit;
    if (!header || offset >= total) return { header, items: [], total };
    const hidden = hiddenBy(header);
    if (hidden) return { header, items: await this.readPastHidden<T>(list, header, hidden, request), total };
    const counts = header as Record<string, unknown>;
    let before = 0;
    for (const bucket of buckets.names) {
      const inBucket = Number(counts[bucketCountAttribute(bucket)] ?? 0);
      if (before + inBucket > offset) {
        const items = await this.table.queryAfterSkipping<T>(list, buckets.start(bucket), offset - before, request.limit);
        return { header, items, total };
      }
      before += inBucket;
    }
    return { header, items: [], total };
  }

  /**
   * A page of a list whose header hides items still stored (deleted, not yet removed). In a
   * bucketed list, every bucket's hidden items up to `through` sort first in it: the page is read
   * as a query per bucket it spans (the header's counts, which leave hidden items out, say which
   * and how many from each), side by side, each starting past that bucket's hidden items. Ids
   * hidden one by one are passed over where they are met. An unbucketed list starts past `through`.
   */
  private async readPastHidden<T extends object>(list: PagedList, header: object, hidden: HiddenItems, request: PageRequest): Promise<T[]> {
    const skip = isHiddenBy<T>(hidden);
    if (!list.buckets) {
      if (hidden.ids.size > 0) throw new Error(`list ${list.partition} hides ids one by one but has no buckets`);
      const floor = startPastHidden(hidden, list.sortKeyPrefix);
      const from = request.after !== undefined && (floor === undefined || request.after > floor) ? request.after : floor;
      return this.table.queryVisible<T>(
        list,
        from,
        request.after === undefined ? (request.page - 1) * request.limit : 0,
        request.limit,
        skip,
      );
    }
    const buckets = list.buckets;
    const counts = header as Record<string, unknown>;
    const inBucket = (bucket: string) => Number(counts[bucketCountAttribute(bucket)] ?? 0);
    const bucketQuery = (bucket: string) => ({ partition: list.partition, sortKeyPrefix: `${buckets.start(bucket)}#` });
    const floorOf = (bucket: string) => startPastHidden(hidden, `${buckets.start(bucket)}#`);
    const readPlan = (plan: { bucket: string; skip: number; take: number }[]) =>
      Promise.all(
        plan.map((part) => this.table.queryVisible<T>(bucketQuery(part.bucket), floorOf(part.bucket), part.skip, part.take, skip)),
      );

    let names = buckets.names;
    let offset = (request.page - 1) * request.limit;
    const first: T[] = [];
    if (request.after !== undefined) {
      // How far into its bucket the cursor is, the counts do not say: that bucket is read first.
      const bucket = buckets.of(request.after);
      const floor = floorOf(bucket);
      const from = floor === undefined || request.after > floor ? request.after : floor;
      first.push(...(await this.table.queryVisible<T>(bucketQuery(bucket), from, 0, request.limit, skip)));
      names = names.filter((name) => name > bucket);
      offset = 0;
    }
    const plan: { bucket: string; skip: number; take: number }[] = [];
    let before = 0;
    let wanted = request.limit - first.length;
    for (const bucket of names) {
      if (wanted <= 0) break;
      const count = inBucket(bucket);
      if (count > 0 && before + count > offset) {
        const skipped = Math.max(0, offset - before);
        const take = Math.min(count - skipped, wanted);
        plan.push({ bucket, skip: skipped, take });
        wanted -= take;
      }
      before += count;
    }
    return [...first, ...(await readPlan(plan)).flat()];
  }

  private versionOf(header: object, list: PagedList): number {
    return Number((header as Record<string, unknown>)[list.versionAttribute] ?? 0);
  }

  private remember(memoryKey: string, boundaries: BoundaryItem): void {
    if (this.remembered.size >= MAX_REMEMBERED_BOUNDARY_ITEMS) this.remembered.delete(this.remembered.keys().next().value as string);
    this.remembered.set(memoryKey, { version: boundaries.version, after: boundaries.after });
  }

  private countOf(header: object | undefined, list: PagedList): number {
    return Number((header as Record<string, unknown> | undefined)?.[list.countAttribute] ?? 0);
  }

  private async readHeaderAndBoundaries<H extends object>(
    list: PagedList,
    boundaryKey: ItemKey,
  ): Promise<[H | undefined, BoundaryItem | undefined]> {
    const items = await this.table.getMany<Record<string, unknown>>([list.header, boundaryKey]);
    const isBoundary = (item: Record<string, unknown>) => item[KEY.partition] === boundaryKey[KEY.partition];
    return [items.find((item) => !isBoundary(item)) as H | undefined, items.find(isBoundary) as BoundaryItem | undefined];
  }

  /**
   * Walks the list's sort keys up to the page asked for, records the boundaries of every page
   * passed (for this version of the list) and returns where the page starts. The walk resumes
   * from the last boundary already known for this version in the same boundary item, so reading
   * pages one after another after a change costs one page of keys each, not the whole prefix.
   */
  private async walkAndRemember(
    list: PagedList,
    request: PageRequest,
    version: number,
    known: BoundaryItem | undefined,
    floor: string | undefined,
  ): Promise<string | undefined> {
    const { chunk } = boundaryPosition(request.page);
    const resumeFrom = known?.after.length ? known.after[known.after.length - 1] : undefined;
    // Pages whose ends are already known, counted from the first page of the list.
    const pagesKnown = resumeFrom === undefined ? 0 : chunk * PAGES_PER_BOUNDARY_ITEM + known!.after.length;
    const wanted = (request.page - 1 - pagesKnown) * request.limit;
    const sortKeys = await this.table.sortKeysUpTo(list, wanted, resumeFrom ?? floor);

    // pageEnds: page number → sort key of its last item (the start of the page after it).
    const byChunk = new Map<number, string[]>();
    if (resumeFrom !== undefined) byChunk.set(chunk, [...known!.after]);
    for (let end = request.limit; end <= sortKeys.length; end += request.limit) {
      const page = pagesKnown + end / request.limit;
      const pageChunk = Math.floor((page - 1) / PAGES_PER_BOUNDARY_ITEM);
      byChunk.set(pageChunk, [...(byChunk.get(pageChunk) ?? []), sortKeys[end - 1]!]);
    }
    const expiresAt = Math.floor(Date.now() / 1000) + BOUNDARY_TTL_SECONDS;
    const items = [...byChunk].map(([itemChunk, after]) => ({
      ...keys.pageBoundaries(list.partition, request.limit, itemChunk),
      version,
      after,
      [TTL_ATTRIBUTE]: expiresAt,
    }));
    await this.table.putMany(items);
    for (const item of items) this.remember(`${item[KEY.partition]}\u0000${item[KEY.sort]}`, item);
    return sortKeys.length >= wanted ? sortKeys[wanted - 1] : undefined;
  }
}

/** Whether a list's item is one its header hides. */
function isHiddenBy<T extends object>(hidden: HiddenItems): (item: T) => boolean {
  return (item) => hidesSortKey(hidden, String((item as Record<string, unknown>)[KEY.sort]));
}
