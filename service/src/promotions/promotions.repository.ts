import { HttpError, NotFoundError, ServiceUnavailableError } from '../errors';
import type { components } from '../generated/openapi-types';
import { LIMITS } from '../limits';
import { type ShopperProfileItem, segmentIdsOf } from '../shopper-profiles/shopper-profiles.repository';
import { type ItemKey, keys, SK_PREFIX } from '../store/keys';
import { adjustCount, type PagedList } from '../store/lists';
import { type Page, type PageRequest, sliceToPage } from '../store/page';
import { KEY } from '../store/schema';
import { ConditionsFailed, ITEM_ABSENT, ITEM_EXISTS, type Table, type TransactAction } from '../store/table';
import {
  checkExpressionSize,
  evaluate,
  holdsOutsideEverySegment,
  namedSegmentIds,
  storedExpression,
  type TargetingExpression,
} from './expression';

export type Targeting = components['schemas']['Targeting'];

/** The promotion's node: what it targets, as written, and what the write derived from it. */
interface PromotionItem {
  promotion_id: number;
  /** The expression exactly as the client sent it (JSON). */
  customer_segments: string;
  segment_ids: string[];
  /** Whether it holds for a profile in no segment, and so sits in the always-candidate item. */
  always: boolean;
  updated_at: string;
  version: number;
}

/**
 * One promotion → segment edge, stored as an attribute `p<promotionId>` of the segment's
 * targetings item (or of the always-candidate item). It copies what a reader needs, so an
 * eligibility read never visits the promotion nodes.
 */
interface TargetingEdge {
  customer_segments: string;
  updated_at: string;
}

/** The edges of one item, read back: promotion id → edge. */
type Edges = Map<number, TargetingEdge>;

const EDGE_ATTRIBUTE = /^p(\d+)$/;
const edgeAttribute = (promotionId: number) => `p${promotionId}`;
const EDGE_COUNT = 'promotion_count';
const MAX_WRITE_ATTEMPTS = 3;

/** The store's targeted promotions, counted for the per-store limit. */
const promotionsCount = (storeHash: string): PagedList => ({
  partition: keys.promotionsPartition(storeHash),
  sortKeyPrefix: SK_PREFIX.promotion,
  header: keys.listHeader(keys.promotionsPartition(storeHash), SK_PREFIX.promotion),
  countAttribute: 'promotion_count',
  versionAttribute: 'promotion_version',
});

/** What each action of a targeting transaction guards, so a refusal can be explained. */
type Guard =
  | { kind: 'node' }
  | { kind: 'store-count' }
  | { kind: 'segment-exists'; segmentId: string }
  | { kind: 'segment-room'; segmentId: string }
  | { kind: 'always-room' }
  | { kind: 'edge' };

class LimitReachedError extends HttpError {
  constructor(title: string, details: Record<string, string>) {
    super(409, title, details);
  }
}

function promotionNotFound(promotionId: number): NotFoundError {
  return new NotFoundError('The promotion targets no segments.', {
    promotionId: `Promotion ${promotionId} has no customer segments targeting.`,
  });
}

/** The edges held by one targetings item. */
function edgesOf(item: Record<string, unknown> | undefined): Edges {
  const edges: Edges = new Map();
  for (const [name, value] of Object.entries(item ?? {})) {
    const match = EDGE_ATTRIBUTE.exec(name);
    if (match) edges.set(Number(match[1]), value as TargetingEdge);
  }
  return edges;
}

/** A targeting as the API shows it: the named segments split by whether they still exist. */
function toTargeting(
  promotionId: number,
  edge: TargetingEdge,
  live: ReadonlySet<string>,
  expression = JSON.parse(edge.customer_segments) as TargetingExpression,
): Targeting {
  const named = namedSegmentIds(expression);
  return {
    promotion_id: promotionId,
    customer_segments: expression,
    segment_ids: named.filter((id) => live.has(id)),
    deleted_segment_ids: named.filter((id) => !live.has(id)),
    updated_at: edge.updated_at,
  };
}

function byPromotionId(edges: Edges): [number, TargetingEdge][] {
  return [...edges.entries()].sort(([a], [b]) => a - b);
}

/**
 * The items a store holds for these targetings, whole, as the writes above leave them: for
 * building large fixtures by batch writes (the benchmark) without a transaction per promotion.
 * The targetings' segments must exist; nothing here checks it.
 */
export function targetingItems(
  storeHash: string,
  targetings: readonly { promotionId: number; expression: TargetingExpression }[],
  updatedAt: string,
): Record<string, unknown>[] {
  const nodes: Record<string, unknown>[] = [];
  const grouped = new Map<string, Record<string, unknown>>();
  const groupOf = (itemKey: ItemKey) => {
    const id = `${itemKey[KEY.partition]}\u0000${itemKey[KEY.sort]}`;
    const item = grouped.get(id) ?? { ...itemKey, [EDGE_COUNT]: 0 };
    grouped.set(id, item);
    return item;
  };
  const addEdge = (itemKey: ItemKey, promotionId: number, edge: TargetingEdge) => {
    const item = groupOf(itemKey);
    item[edgeAttribute(promotionId)] = edge;
    item[EDGE_COUNT] = (item[EDGE_COUNT] as number) + 1;
  };
  for (const { promotionId, expression } of targetings) {
    const named = namedSegmentIds(expression);
    const always = holdsOutsideEverySegment(expression);
    const edge: TargetingEdge = { customer_segments: storedExpression(expression), updated_at: updatedAt };
    nodes.push({
      ...keys.promotion(storeHash, promotionId),
      ...({ ...edge, promotion_id: promotionId, segment_ids: named, always, version: 1 } satisfies PromotionItem),
    });
    for (const segmentId of named) addEdge(keys.segmentTargetings(storeHash, segmentId), promotionId, edge);
    if (always) addEdge(keys.alwaysTargetings(storeHash), promotionId, edge);
  }
  const count = promotionsCount(storeHash);
  return [...nodes, ...grouped.values(), { ...count.header, [count.countAttribute]: targetings.length, [count.versionAttribute]: 1 }];
}

/**
 * Data access for the segments ↔ promotions relationship: a node per targeted promotion and its
 * edges grouped per segment. A segment deleted after a promotion named it is detected when read,
 * by its absence from the store's segments: nothing here runs when a segment is deleted.
 */
export class PromotionsRepository {
  constructor(private readonly table: Table) {}

  async get(storeHash: string, promotionId: number): Promise<Targeting> {
    const [node, live] = await Promise.all([this.node(storeHash, promotionId), this.liveSegmentIds(storeHash)]);
    if (!node) throw promotionNotFound(promotionId);
    return toTargeting(promotionId, node, live);
  }

  /**
   * Replaces what a promotion targets, all or nothing. One transaction writes the node, moves the
   * edges, checks that every named segment exists (so a segment deleted meanwhile refuses the
   * write instead of leaving an edge to it counted as live) and keeps the counts under their limits.
   */
  async put(storeHash: string, promotionId: number, expression: TargetingExpression): Promise<Targeting> {
    checkExpressionSize(expression);
    const named = namedSegmentIds(expression);
    const always = holdsOutsideEverySegment(expression);
    for (let attempt = 1; ; attempt++) {
      const current = await this.table.get<PromotionItem>(keys.promotion(storeHash, promotionId));
      const updatedAt = new Date().toISOString();
      const edge: TargetingEdge = { customer_segments: storedExpression(expression), updated_at: updatedAt };
      const node: PromotionItem = {
        promotion_id: promotionId,
        customer_segments: edge.customer_segments,
        segment_ids: named,
        always,
        updated_at: updatedAt,
        version: (current?.version ?? 0) + 1,
      };
      const { actions, guards } = this.targetingWrite(storeHash, promotionId, current, node, edge);
      try {
        await this.table.transact(actions);
        return toTargeting(promotionId, edge, new Set(named));
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        const refusal = await this.explainRefusal(
          storeHash,
          named,
          error.failed.map((index) => guards[index]!),
        );
        if (refusal) throw refusal;
        // Another write of this promotion came first: read it again and replace what it wrote.
        if (attempt >= MAX_WRITE_ATTEMPTS) throw new ServiceUnavailableError(1);
      }
    }
  }

  /** Removes a promotion's targeting and its edges; nothing to remove is not an error. */
  async delete(storeHash: string, promotionId: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.table.get<PromotionItem>(keys.promotion(storeHash, promotionId));
      if (!current) return;
      const { actions } = this.targetingWrite(storeHash, promotionId, current, undefined, undefined);
      try {
        await this.table.transact(actions);
        return;
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        if (attempt >= MAX_WRITE_ATTEMPTS) throw new ServiceUnavailableError(1);
      }
    }
  }

  /** Every promotion whose expression names the segment, by promotion id; 404 for a segment that does not exist. */
  async listOfSegment(storeHash: string, segmentId: string, request: PageRequest): Promise<Page<Targeting>> {
    const [item, live] = await Promise.all([
      this.table.get<Record<string, unknown>>(keys.segmentTargetings(storeHash, segmentId)),
      this.liveSegmentIds(storeHash),
    ]);
    if (!live.has(segmentId)) {
      throw new NotFoundError('Segment not found.', { segmentId: `Segment \`${segmentId}\` does not exist.` });
    }
    const page = sliceToPage(byPromotionId(edgesOf(item)), request);
    return { items: page.items.map(([id, edge]) => toTargeting(id, edge, live)), total: page.total };
  }

  /**
   * The promotions whose expression holds for the profile now. Three requests: the profile (with
   * the set of its segments, written with every membership edge, so read strongly consistently) and
   * the store's live segments side by side, then one batch read of the targetings of its segments
   * and the always-candidate item. A promotion that names none of the profile's segments can only
   * hold through a `not`, and then it is in the always-candidate item, so no other promotion needs
   * reading.
   */
  async eligibleFor(storeHash: string, profileId: string, request: PageRequest): Promise<Page<Targeting>> {
    const [profile, live] = await Promise.all([
      this.table.get<ShopperProfileItem>(keys.profile(storeHash, profileId)),
      this.liveSegmentIds(storeHash),
    ]);
    if (!profile) {
      throw new NotFoundError('Shopper profile not found.', { shopperProfileId: `Shopper profile \`${profileId}\` does not exist.` });
    }
    // A segment deleted but not yet cleaned out of the profile's set counts as no membership.
    return this.eligibleAmong(storeHash, new Set(segmentIdsOf(profile).filter((id) => live.has(id))), live, request);
  }

  /**
   * The promotions that hold for a profile in no segment (a customer without a profile): only
   * those in the always-candidate item can. Two requests: the store's live segments and that item.
   */
  async eligibleWithoutSegments(storeHash: string, request: PageRequest): Promise<Page<Targeting>> {
    return this.eligibleAmong(storeHash, new Set(), await this.liveSegmentIds(storeHash), request);
  }

  private async eligibleAmong(storeHash: string, memberOf: Set<string>, live: Set<string>, request: PageRequest): Promise<Page<Targeting>> {
    const read = await this.table.getMany<Record<string, unknown>>([
      ...[...memberOf].map((id) => keys.segmentTargetings(storeHash, id)),
      keys.alwaysTargetings(storeHash),
    ]);
    const candidates: Edges = new Map();
    for (const item of read) for (const [id, edge] of edgesOf(item)) candidates.set(id, edge);
    const eligible = byPromotionId(candidates)
      .map(([id, edge]) => ({ id, edge, expression: JSON.parse(edge.customer_segments) as TargetingExpression }))
      .filter(({ expression }) => evaluate(expression, (id) => memberOf.has(id)));
    const page = sliceToPage(eligible, request);
    return { items: page.items.map(({ id, edge, expression }) => toTargeting(id, edge, live, expression)), total: page.total };
  }

  private async node(storeHash: string, promotionId: number): Promise<TargetingEdge | undefined> {
    return this.table.get<PromotionItem>(keys.promotion(storeHash, promotionId));
  }

  /**
   * The ids of the store's segments that exist now: one query of the segments partition (at most
   * 1000 segments), keys only on the way back. Segment ids are never reused (UUIDv7), so an id a
   * targeting names that is not here was deleted.
   */
  private async liveSegmentIds(storeHash: string): Promise<Set<string>> {
    const segments = await this.table.queryAll<{ id: string }>({
      partition: keys.segmentsPartition(storeHash),
      sortKeyPrefix: SK_PREFIX.segment,
      projection: ['id'],
    });
    return new Set(segments.map((segment) => segment.id));
  }

  /**
   * The actions that take a promotion from `current` to `next` (undefined: no targeting), each
   * with what it guards: the node; the store's count when a targeting comes or goes; per segment
   * named, a ConditionCheck and an edge write; per segment no longer named, an edge removal; the
   * always-candidate edge. The most is a replacement of N segments by N others that also moves
   * the always-candidate edge, 3N + 2 actions (a first write is 2N + 3, a removal N + 2), so N, the
   * distinct ids an expression may name, is at most 32: 98 of DynamoDB's 100.
   */
  private targetingWrite(
    storeHash: string,
    promotionId: number,
    current: PromotionItem | undefined,
    next: PromotionItem | undefined,
    edge: TargetingEdge | undefined,
  ): { actions: TransactAction[]; guards: Guard[] } {
    const actions: TransactAction[] = [];
    const guards: Guard[] = [];
    const add = (guard: Guard, action: TransactAction) => {
      guards.push(guard);
      actions.push(action);
    };
    const nodeKey = keys.promotion(storeHash, promotionId);
    const sameVersion = { ConditionExpression: '#version = :version', ExpressionAttributeNames: { '#version': 'version' } };
    if (next) {
      add(
        { kind: 'node' },
        {
          Put: {
            TableName: this.table.name,
            Item: { ...nodeKey, ...next },
            ...(current
              ? { ...sameVersion, ExpressionAttributeValues: { ':version': current.version } }
              : { ConditionExpression: ITEM_ABSENT }),
          },
        },
      );
    } else if (current) {
      add(
        { kind: 'node' },
        {
          Delete: { TableName: this.table.name, Key: nodeKey, ...sameVersion, ExpressionAttributeValues: { ':version': current.version } },
        },
      );
    }
    if (!current !== !next) {
      add(
        { kind: 'store-count' },
        adjustCount(this.table.name, promotionsCount(storeHash), next ? 1 : -1, { ceiling: LIMITS.targetedPromotionsPerStore }),
      );
    }

    const before = new Set(current?.segment_ids ?? []);
    const after = new Set(next?.segment_ids ?? []);
    for (const segmentId of after) {
      add(
        { kind: 'segment-exists', segmentId },
        { ConditionCheck: { TableName: this.table.name, Key: keys.segment(storeHash, segmentId), ConditionExpression: ITEM_EXISTS } },
      );
      add(
        before.has(segmentId) ? { kind: 'edge' } : { kind: 'segment-room', segmentId },
        this.edgeWrite(
          keys.segmentTargetings(storeHash, segmentId),
          promotionId,
          edge!,
          before.has(segmentId),
          LIMITS.promotionsPerSegment,
        ),
      );
    }
    for (const segmentId of before) {
      if (!after.has(segmentId)) add({ kind: 'edge' }, this.edgeRemove(keys.segmentTargetings(storeHash, segmentId), promotionId));
    }
    const wasAlways = current?.always ?? false;
    const isAlways = next?.always ?? false;
    if (isAlways) {
      add(
        wasAlways ? { kind: 'edge' } : { kind: 'always-room' },
        this.edgeWrite(keys.alwaysTargetings(storeHash), promotionId, edge!, wasAlways, LIMITS.promotionsTrueOutsideSegments),
      );
    } else if (wasAlways) {
      add({ kind: 'edge' }, this.edgeRemove(keys.alwaysTargetings(storeHash), promotionId));
    }
    return { actions, guards };
  }

  /** Writes an edge into a targetings item: a new one only while the item has room for it. */
  private edgeWrite(itemKey: ItemKey, promotionId: number, edge: TargetingEdge, exists: boolean, room: number): TransactAction {
    return {
      Update: {
        TableName: this.table.name,
        Key: itemKey,
        UpdateExpression: exists ? 'SET #edge = :edge' : 'SET #edge = :edge ADD #count :one',
        ConditionExpression: exists
          ? 'attribute_exists(#edge)'
          : 'attribute_not_exists(#edge) AND (attribute_not_exists(#count) OR #count < :room)',
        ExpressionAttributeNames: { '#edge': edgeAttribute(promotionId), ...(exists ? {} : { '#count': EDGE_COUNT }) },
        ExpressionAttributeValues: { ':edge': edge, ...(exists ? {} : { ':one': 1, ':room': room }) },
      },
    };
  }

  private edgeRemove(itemKey: ItemKey, promotionId: number): TransactAction {
    return {
      Update: {
        TableName: this.table.name,
        Key: itemKey,
        UpdateExpression: 'REMOVE #edge ADD #count :minus',
        ConditionExpression: 'attribute_exists(#edge)',
        ExpressionAttributeNames: { '#edge': edgeAttribute(promotionId), '#count': EDGE_COUNT },
        ExpressionAttributeValues: { ':minus': -1 },
      },
    };
  }

  /**
   * Why a targeting write was refused: unknown segments (404), a full limit (409), or nothing the
   * client can change (another write of the same promotion came first: the caller retries).
   */
  private async explainRefusal(storeHash: string, named: string[], failed: Guard[]): Promise<HttpError | undefined> {
    const found = await this.table.getMany<{ id: string }>(named.map((id) => keys.segment(storeHash, id)));
    const existing = new Set(found.map((segment) => segment.id));
    const unknown = named.filter((id) => !existing.has(id));
    if (unknown.length > 0) {
      return new NotFoundError('Segments not found.', Object.fromEntries(unknown.map((id) => [id, `Segment \`${id}\` does not exist.`])));
    }
    if (failed.some((guard) => guard.kind === 'node')) return undefined;
    const details: Record<string, string> = {};
    for (const guard of failed) {
      if (guard.kind === 'store-count') {
        details.promotions = `The store already has ${LIMITS.targetedPromotionsPerStore} targeted promotions.`;
      } else if (guard.kind === 'segment-room') {
        details[guard.segmentId] = `Segment \`${guard.segmentId}\` is already named by ${LIMITS.promotionsPerSegment} promotions.`;
      } else if (guard.kind === 'always-room') {
        details.customer_segments = `The store already has ${LIMITS.promotionsTrueOutsideSegments} promotions whose expression holds for a shopper in no segment.`;
      }
    }
    if (Object.keys(details).length === 0) return undefined;
    return new LimitReachedError('A targeting limit of the store is reached; nothing was written.', details);
  }
}
