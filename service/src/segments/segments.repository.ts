import { BadRequestError, ConflictError, type ErrorDetails, NotFoundError } from '../errors';
import type { components } from '../generated/openapi-types';
import { DYNAMODB_LIMITS, LIMITS } from '../limits';
import { repeatedEntries } from '../repeats';
import { newId } from '../store/ids';
import { ENTITY, keys, SK_PREFIX } from '../store/keys';
import { adjustCount, createHeader, deleteHeader, type ListHeader, membersList, segmentsList } from '../store/lists';
import { type Page, type PageRequest, sliceToPage } from '../store/page';
import { PageReader } from '../store/pages';
import { ConditionsFailed, chunk, ITEM_ABSENT, ITEM_EXISTS, type Table, type TransactAction } from '../store/table';

export type Segment = components['schemas']['Segment'];
export type SegmentPost = components['schemas']['SegmentPost'];
export type SegmentPut = components['schemas']['SegmentPut'];

/** A segment as stored (its member count lives in the header of its members list). */
export interface SegmentItem extends Segment {
  entity?: typeof ENTITY.segment;
}

interface NameMarker {
  name: string;
  segment_id: string;
}

export const NAME_TAKEN_TITLE = 'Cannot have multiple segments with the same name.';
const MAX_UPDATE_ATTEMPTS = 3;
/** Three actions a segment (node, name marker, members header) plus the store's count. */
const SEGMENTS_PER_DELETE = Math.floor((DYNAMODB_LIMITS.actionsPerTransaction - 1) / 3);

export function toSegment(item: SegmentItem): Segment {
  return { id: item.id, name: item.name, description: item.description, created_at: item.created_at, updated_at: item.updated_at };
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
    const items = await this.table.getMany<SegmentItem>(ids.map((id) => keys.segment(storeHash, id)));
    return new Map(items.map((item) => [item.id, item]));
  }

  async get(storeHash: string, id: string): Promise<SegmentItem | undefined> {
    return this.table.get<SegmentItem>(keys.segment(storeHash, id));
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
    const actions: TransactAction[] = segments.flatMap((segment) => [
      {
        Put: {
          TableName: this.table.name,
          Item: { ...keys.segment(storeHash, segment.id), ...segment, entity: ENTITY.segment, store_hash: storeHash },
          ConditionExpression: ITEM_ABSENT,
        },
      },
      this.putNameMarker(storeHash, segment.name, segment.id),
      createHeader(this.table.name, membersList(storeHash, segment.id)),
    ]);
    actions.push(adjustCount(this.table.name, segmentsList(storeHash), segments.length, { ceiling: LIMITS.segmentsPerStore }));
    try {
      await this.table.transact(actions);
    } catch (error) {
      if (error instanceof ConditionsFailed) throw await this.explainCreateConflict(storeHash, entries);
      throw error;
    }
    return segments;
  }

  /**
   * Updates every entry or none. A rename moves the name marker in the same transaction, and the
   * segment's current name is a condition, so a concurrent rename makes this attempt start over.
   */
  async update(storeHash: string, entries: SegmentPut[]): Promise<Segment[]> {
    rejectRepeatedIds(entries.map((entry) => entry.id));
    for (let attempt = 1; ; attempt++) {
      const current = await this.getMany(
        storeHash,
        entries.map((entry) => entry.id),
      );
      const missing: ErrorDetails = {};
      entries.forEach((entry, index) => {
        if (!current.has(entry.id)) missing[String(index)] = `Segment \`${entry.id}\` does not exist.`;
      });
      if (Object.keys(missing).length > 0) throw new NotFoundError('Segments not found.', missing);

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

      try {
        await this.table.transact([
          ...updated.map(({ before, after }) => this.updateSegment(storeHash, before, after)),
          ...this.moveNameMarkers(storeHash, updated),
        ]);
        return updated.map(({ after }) => after);
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        const conflict = await this.findTakenNames(
          storeHash,
          updated.map(({ after }) => after),
        );
        if (conflict) throw conflict;
        if (attempt >= MAX_UPDATE_ATTEMPTS)
          throw new ConflictError('The segments changed while they were being updated; retry.', {}, entries.length);
      }
    }
  }

  /**
   * Deletes the named segments (all of the store's when `ids` is undefined) with their markers
   * and count; returns the ids deleted. Each chunk is atomic; ids that do not exist are ignored.
   * `afterDelete` runs for each chunk as soon as it is gone (so its cleanup is scheduled even if a
   * later chunk fails). A segment renamed meanwhile is read again, so its current marker goes.
   */
  async delete(storeHash: string, ids: string[] | undefined, afterDelete: (segmentIds: string[]) => Promise<void>): Promise<string[]> {
    const deleted = new Set<string>();
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const segments = ids
        ? [...(await this.getMany(storeHash, ids)).values()]
        : await this.table.queryAll<SegmentItem>({
            partition: keys.segmentsPartition(storeHash),
            sortKeyPrefix: SK_PREFIX.segment,
            projection: ['id', 'name'],
          });
      const remaining = segments.filter((segment) => !deleted.has(segment.id));
      if (remaining.length === 0) break;
      try {
        for (const part of chunk(remaining, SEGMENTS_PER_DELETE)) {
          await this.table.transact([
            ...part.flatMap((segment): TransactAction[] => [
              {
                Delete: {
                  TableName: this.table.name,
                  Key: keys.segment(storeHash, segment.id),
                  ConditionExpression: `${ITEM_EXISTS} AND #name = :name`,
                  ExpressionAttributeNames: { '#name': 'name' },
                  ExpressionAttributeValues: { ':name': segment.name },
                },
              },
              {
                Delete: {
                  TableName: this.table.name,
                  Key: keys.segmentName(storeHash, segment.name),
                  ConditionExpression: 'segment_id = :id',
                  ExpressionAttributeValues: { ':id': segment.id },
                },
              },
              deleteHeader(this.table.name, membersList(storeHash, segment.id)),
            ]),
            adjustCount(this.table.name, segmentsList(storeHash), -part.length),
          ]);
          for (const segment of part) deleted.add(segment.id);
          await afterDelete(part.map((segment) => segment.id));
        }
        if (ids) break;
      } catch (error) {
        // Another request deleted one of these first: read again and finish the rest.
        if (!(error instanceof ConditionsFailed)) throw error;
      }
    }
    return [...deleted];
  }

  private putNameMarker(storeHash: string, name: string, segmentId: string): TransactAction {
    return {
      Put: {
        TableName: this.table.name,
        Item: { ...keys.segmentName(storeHash, name), name, segment_id: segmentId } satisfies NameMarker & Record<string, unknown>,
        ConditionExpression: ITEM_ABSENT,
      },
    };
  }

  private updateSegment(storeHash: string, before: Segment, after: Segment): TransactAction {
    return {
      Update: {
        TableName: this.table.name,
        Key: keys.segment(storeHash, after.id),
        UpdateExpression: 'SET #name = :name, #description = :description, updated_at = :now',
        ConditionExpression: `${ITEM_EXISTS} AND #name = :before`,
        ExpressionAttributeNames: { '#name': 'name', '#description': 'description' },
        ExpressionAttributeValues: {
          ':name': after.name,
          ':description': after.description,
          ':now': after.updated_at,
          ':before': before.name,
        },
      },
    };
  }

  /**
   * The marker writes for a set of renames. A name can be released by one entry and taken by
   * another in the same request (a swap); DynamoDB allows one action per item in a
   * transaction, so such a marker is overwritten in place, on condition it still names its old owner.
   */
  private moveNameMarkers(storeHash: string, renames: { before: Segment; after: Segment }[]): TransactAction[] {
    const changed = renames.filter(({ before, after }) => before.name !== after.name);
    const released = new Map(changed.map(({ before }) => [before.name, before.id]));
    const taken = new Map(changed.map(({ after }) => [after.name, after.id]));
    const actions: TransactAction[] = [];
    for (const [name, owner] of released) {
      if (taken.has(name)) continue;
      actions.push({
        Delete: {
          TableName: this.table.name,
          Key: keys.segmentName(storeHash, name),
          ConditionExpression: 'segment_id = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        },
      });
    }
    for (const [name, owner] of taken) {
      const previousOwner = released.get(name);
      if (previousOwner === undefined) {
        actions.push(this.putNameMarker(storeHash, name, owner));
      } else {
        actions.push({
          Put: {
            TableName: this.table.name,
            Item: { ...keys.segmentName(storeHash, name), name, segment_id: owner },
            ConditionExpression: 'segment_id = :previous',
            ExpressionAttributeValues: { ':previous': previousOwner },
          },
        });
      }
    }
    return actions;
  }

  /** After a refused create: which names are taken, or whether the store is full. */
  private async explainCreateConflict(storeHash: string, entries: SegmentPost[]): Promise<ConflictError> {
    const taken = await this.findTakenNames(
      storeHash,
      entries.map((entry) => ({ id: undefined, name: entry.name })),
    );
    if (taken) return taken;
    const list = segmentsList(storeHash);
    const header = await this.table.get<ListHeader>(list.header);
    const count = Number(header?.[list.countAttribute] ?? 0);
    if (count + entries.length <= LIMITS.segmentsPerStore) {
      // What refused the write (a name, the limit) was undone by another request meanwhile.
      return new ConflictError('The store changed while the segments were being created; retry.', {}, entries.length);
    }
    return new ConflictError(
      `A store can hold at most ${LIMITS.segmentsPerStore} segments.`,
      { segments: `The store has ${count} segments; creating ${entries.length} more would pass the limit of ${LIMITS.segmentsPerStore}.` },
      entries.length,
    );
  }

  /** A conflict naming every entry whose name belongs to another segment, if any does. */
  private async findTakenNames(storeHash: string, wanted: { id: string | undefined; name: string }[]): Promise<ConflictError | undefined> {
    const markers = await this.table.getMany<NameMarker>(wanted.map((entry) => keys.segmentName(storeHash, entry.name)));
    const owners = new Map(markers.map((marker) => [marker.name, marker.segment_id]));
    const details: ErrorDetails = {};
    wanted.forEach((entry, index) => {
      const owner = owners.get(entry.name);
      if (owner !== undefined && owner !== entry.id) details[String(index)] = `A segment named \`${entry.name}\` already exists.`;
    });
    return Object.keys(details).length > 0 ? new ConflictError(NAME_TAKEN_TITLE, details, wanted.length) : undefined;
  }
}

/** One request may name a segment once: DynamoDB allows one action per item in a transaction. */
function rejectRepeatedIds(ids: string[]): void {
  const details = repeatedEntries(ids, (id) => ['{index}.id', `Segment \`${id}\` is listed more than once.`]);
  if (Object.keys(details).length > 0) throw new BadRequestError('Each segment may appear once in a request.', details);
}

/** Two entries of one request may not ask for the same name. */
function rejectRepeatedNames(names: string[], batchSize: number): void {
  const details = repeatedEntries(names, (name, first) => ['{index}', `The name \`${name}\` is also asked for by entry ${first}.`]);
  if (Object.keys(details).length > 0) throw new ConflictError(NAME_TAKEN_TITLE, details, batchSize);
}
