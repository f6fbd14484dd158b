import { BatchConflict, Contended, type ErrorDetails, InvalidRequest, NotFound } from '../errors';
import type { components } from '../generated/openapi-types';
import {
  adjustCount,
  checkProfilesDeletion,
  createMembersHeader,
  decodeListHeader,
  deleteAllRunning,
  deleteHeader,
  type ListHeader,
  membersList,
  profilesDeletionOf,
  segmentsList,
} from '../items/list-header';
import { createSegment, deleteSegment, type Segment, type SegmentItem, segmentKey, toSegment, updateSegment } from '../items/segment';
import { claimName, decodeSegmentName, handOverName, releaseName } from '../items/segment-name';
import { DYNAMODB_LIMITS, LIMITS } from '../limits';
import { repeatedEntries } from '../repeats';
import { newId } from '../store/ids';
import { keys, SK_PREFIX } from '../store/keys';
import { writeOptimistically } from '../store/optimistic';
import { type Page, type PageRequest, sliceToPage } from '../store/page';
import { PageReader } from '../store/pages';
import { ConditionsFailed, type Table, type TransactAction } from '../store/table';

export type { Segment, SegmentItem } from '../items/segment';
export type SegmentPost = components['schemas']['SegmentPost'];
export type SegmentPut = components['schemas']['SegmentPut'];

export const NAME_TAKEN_TITLE = 'Cannot have multiple segments with the same name.';
const MAX_UPDATE_ATTEMPTS = 3;

/** A name marker write and the name it claims (for telling, when refused, who holds the name). */
interface NameWrite {
  action: TransactAction;
  claims?: string;
}

/** Data access for segment nodes, their name markers and the store's segment count. */
export class SegmentsRepository {
  private readonly pages: PageReader;

  constructor(private readonly table: Table) {
    this.pages = new PageReader(table);
  }

  async list(storeHash: string, request: PageRequest): Promise<Page<Segment>> {
    const page = await this.pages.read<ListHeader, SegmentItem>(segmentsList(storeHash), request);
    return { items: page.items.map(toSegment), total: page.total };
  }

  /** The segments among `ids` that exist, in creation order, one page of them. */
  async listByIds(storeHash: string, ids: string[], request: PageRequest): Promise<Page<Segment>> {
    const found = await this.getMany(storeHash, ids);
    const ordered = [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
    return sliceToPage(ordered.map(toSegment), request);
  }

  async getMany(storeHash: string, ids: readonly string[]): Promise<Map<string, SegmentItem>> {
    const items = await this.table.getMany<SegmentItem>(ids.map((id) => segmentKey(storeHash, id)));
    return new Map(items.map((item) => [item.id, item]));
  }

  async get(storeHash: string, id: string): Promise<SegmentItem | undefined> {
    return this.table.get<SegmentItem>(segmentKey(storeHash, id));
  }

  /**
   * Creates every entry or none: the segments, their name markers and the store's count move in
   * one transaction, whose conditions refuse a taken name or a count past the limit.
   */
  async create(storeHash: string, entries: SegmentPost[]): Promise<Segment[]> {
    rejectRepeatedNames(
      entries.map((entry) => entry.name),
      entries.length,
    );
    const now = new Date().toISOString();
    const segments: Segment[] = entries.map((entry) => ({
      id: newId(),
      name: entry.name,
      description: entry.description ?? '',
      created_at: now,
      updated_at: now,
    }));
    // A new segment's header hides the profiles a delete of every profile removed (still stored
    // until the cleanup), so none of them can be added to it. Taken as none at first; a refusal
    // of the check says what the store's profiles header holds.
    let deletedThrough: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const now = new Date();
      const actions: TransactAction[] = segments.flatMap((segment) => [
        createSegment(this.table.name, storeHash, segment),
        claimName(this.table.name, storeHash, segment.name, segment.id),
        createMembersHeader(this.table.name, storeHash, segment.id, deletedThrough),
      ]);
      actions.push(adjustCount(this.table.name, segmentsList(storeHash), segments.length, { ceiling: LIMITS.segmentsPerStore }));
      actions.push(checkProfilesDeletion(this.table.name, storeHash, deletedThrough, now));
      try {
        await this.table.transact(actions);
        return segments;
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        const checkAt = actions.length - 1;
        if (!error.has(checkAt) || error.failed.length > 1 || attempt >= MAX_UPDATE_ATTEMPTS) throw explainCreateConflict(entries, error);
        const deletion = profilesDeletionOf(error.seen.get(checkAt));
        // A delete of every profile is running: it ends within seconds.
        if (deleteAllRunning(deletion, now)) throw new Contended(error);
        deletedThrough = deletion.through;
      }
    }
  }

  /**
   * Updates every entry or none. A rename moves the name marker in the same transaction, and the
   * segment's current name is a condition, so a concurrent rename makes this attempt start over.
   */
  async update(storeHash: string, entries: SegmentPut[]): Promise<Segment[]> {
    rejectRepeatedIds(entries.map((entry) => entry.id));
    return writeOptimistically(
      {
        attempts: MAX_UPDATE_ATTEMPTS,
        exhausted: () => new BatchConflict('The segments changed while they were being updated; retry.', {}, entries.length),
      },
      async () => {
        const current = await this.getMany(
          storeHash,
          entries.map((entry) => entry.id),
        );
        const missing: ErrorDetails = {};
        entries.forEach((entry, index) => {
          if (!current.has(entry.id)) missing[String(index)] = `Segment \`${entry.id}\` does not exist.`;
        });
        if (Object.keys(missing).length > 0) throw new NotFound('segment', 'Segments not found.', missing);

        const now = new Date().toISOString();
        const updated = entries.map((entry) => {
          const before = current.get(entry.id)!;
          return {
            before,
            after: {
              ...toSegment(before),
              name: entry.name ?? before.name,
              description: entry.description ?? before.description,
              updated_at: now,
            },
          };
        });
        rejectRepeatedNames(
          updated.map(({ after }) => after.name),
          entries.length,
        );
        const names = this.moveNameMarkers(storeHash, updated);
        const actions = [
          ...updated.map(({ before, after }) => updateSegment(this.table.name, storeHash, before, after)),
          ...names.map((write) => write.action),
        ];
        try {
          await this.table.transact(actions);
        } catch (error) {
          if (!(error instanceof ConditionsFailed)) throw error;
          // A claim refused shows who holds the name: another segment's is the client's conflict; anything else a race, tried again.
          const claims = names.map((write) => write.claims);
          const taken = takenNames(
            updated.map(({ after }) => after),
            error,
            (index) => claims[index - updated.length],
          );
          if (taken) throw taken;
          throw error;
        }
        return updated.map(({ after }) => after);
      },
    );
  }

  /** The named segments (all of the store's when `ids` is undefined) with what a delete needs of them. */
  async readForDelete(storeHash: string, ids: string[] | undefined): Promise<{ id: string; name: string }[]> {
    return ids
      ? [...(await this.getMany(storeHash, ids)).values()]
      : this.table.queryAll<SegmentItem>({
          partition: keys.segmentsPartition(storeHash),
          sortKeyPrefix: SK_PREFIX.segment,
          projection: ['id', 'name'],
        });
  }

  /**
   * Deletes segments (at most `SEGMENTS_PER_DELETE`) with their name markers, members headers and
   * the store's count, in one transaction: refused (ConditionsFailed) if one went or was renamed since it was read.
   */
  async deleteAtOnce(storeHash: string, segments: { id: string; name: string }[]): Promise<void> {
    await this.table.transact([
      ...segments.flatMap((segment): TransactAction[] => [
        deleteSegment(this.table.name, storeHash, segment),
        releaseName(this.table.name, storeHash, segment.name, segment.id),
        deleteHeader(this.table.name, membersList(storeHash, segment.id)),
      ]),
      adjustCount(this.table.name, segmentsList(storeHash), -segments.length),
    ]);
  }

  /**
   * The marker writes for a set of renames. A name can be released by one entry and taken by
   * another in the same request (a swap); DynamoDB allows one action per item in a
   * transaction, so such a marker is overwritten in place, on condition it still names its old owner.
   */
  private moveNameMarkers(storeHash: string, renames: { before: Segment; after: Segment }[]): NameWrite[] {
    const changed = renames.filter(({ before, after }) => before.name !== after.name);
    const released = new Map(changed.map(({ before }) => [before.name, before.id]));
    const taken = new Map(changed.map(({ after }) => [after.name, after.id]));
    const writes: NameWrite[] = [];
    for (const [name, owner] of released) {
      if (!taken.has(name)) writes.push({ action: releaseName(this.table.name, storeHash, name, owner) });
    }
    for (const [name, owner] of taken) {
      const previousOwner = released.get(name);
      writes.push(
        previousOwner === undefined
          ? { action: claimName(this.table.name, storeHash, name, owner), claims: name }
          : { action: handOverName(this.table.name, storeHash, name, owner, previousOwner) },
      );
    }
    return writes;
  }
}

/** Three actions a segment (node, name marker, members header) plus the store's count. */
export const SEGMENTS_PER_DELETE = Math.floor((DYNAMODB_LIMITS.actionsPerTransaction - 1) / 3);

/**
 * A conflict naming every entry whose name another segment holds, from what the refused name
 * claims saw (`claimAt(index)` says which name the action at `index` claimed).
 */
function takenNames(
  wanted: { id: string | undefined; name: string }[],
  refusal: ConditionsFailed,
  claimAt: (index: number) => string | undefined,
): BatchConflict | undefined {
  const owners = new Map<string, string>();
  for (const index of refusal.failed) {
    const name = claimAt(index);
    const marker = decodeSegmentName(refusal.seen.get(index));
    if (name !== undefined && marker) owners.set(name, marker.segment_id);
  }
  const details: ErrorDetails = {};
  wanted.forEach((entry, index) => {
    const owner = owners.get(entry.name);
    if (owner !== undefined && owner !== entry.id) details[String(index)] = `A segment named \`${entry.name}\` already exists.`;
  });
  return Object.keys(details).length > 0 ? new BatchConflict(NAME_TAKEN_TITLE, details, wanted.length) : undefined;
}

/** After a refused create, from what its conditions saw: which names are taken, or whether the store is full. */
function explainCreateConflict(entries: SegmentPost[], refusal: ConditionsFailed): BatchConflict {
  const taken = takenNames(
    entries.map((entry) => ({ id: undefined, name: entry.name })),
    refusal,
    (index) => (index % 3 === 1 ? entries[(index - 1) / 3]?.name : undefined),
  );
  if (taken) return taken;
  const countAt = entries.length * 3;
  const count = decodeListHeader(refusal.seen.get(countAt))?.count ?? 0;
  if (!refusal.has(countAt) || count + entries.length <= LIMITS.segmentsPerStore) {
    // What refused the write (a name, the limit) was undone by another request meanwhile.
    return new BatchConflict('The store changed while the segments were being created; retry.', {}, entries.length);
  }
  return new BatchConflict(
    `A store can hold at most ${LIMITS.segmentsPerStore} segments.`,
    { segments: `The store has ${count} segments; creating ${entries.length} more would pass the limit of ${LIMITS.segmentsPerStore}.` },
    entries.length,
  );
}

/** One request may name a segment once: DynamoDB allows one action per item in a transaction. */
function rejectRepeatedIds(ids: string[]): void {
  const details = repeatedEntries(ids, (id) => ['{index}.id', `Segment \`${id}\` is listed more than once.`]);
  if (Object.keys(details).length > 0) throw new InvalidRequest('Each segment may appear once in a request.', details);
}

/** Two entries of one request may not ask for the same name. */
function rejectRepeatedNames(names: string[], batchSize: number): void {
  const details = repeatedEntries(names, (name, first) => ['{index}', `The name \`${name}\` is also asked for by entry ${first}.`]);
  if (Object.keys(details).length > 0) throw new BatchConflict(NAME_TAKEN_TITLE, details, batchSize);
}
