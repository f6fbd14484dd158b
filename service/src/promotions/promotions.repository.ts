import { LimitReached, NotFound } from '../errors';
import type { components } from '../generated/openapi-types';
import {
  checkExpressionSize,
  evaluate,
  holdsOutsideEverySegment,
  namedSegmentIds,
  storedExpression,
  type TargetingExpression,
} from '../items/expression';
import { adjustCount, profilesDeletionOf, profilesList, promotionsList } from '../items/list-header';
import { decodeProfile, profileKey } from '../items/profile';
import { segmentExists } from '../items/segment';
import {
  alwaysTargetingsKey,
  decodePromotion,
  deletePromotion,
  type Edges,
  edgesOf,
  type PromotionItem,
  promotionKey,
  putPromotion,
  removeEdge,
  segmentTargetingsKey,
  type TargetingEdge,
  writeEdge,
} from '../items/targeting';
import { LIMITS } from '../limits';
import { keys, SK_PREFIX } from '../store/keys';
import { writeOptimistically } from '../store/optimistic';
import { type Page, type PageRequest, sliceToPage } from '../store/page';
import { KEY } from '../store/schema';
import { ConditionsFailed, type Table, type TransactAction } from '../store/table';

export type Targeting = components['schemas']['Targeting'];
export { targetingItems } from '../items/targeting';

const MAX_WRITE_ATTEMPTS = 3;

/** What each action of a targeting transaction guards, so a refusal can be explained. */
type Guard =
  | { kind: 'node' }
  | { kind: 'store-count' }
  | { kind: 'segment-exists'; segmentId: string }
  | { kind: 'segment-room'; segmentId: string }
  | { kind: 'always-room' }
  | { kind: 'edge' };

function promotionNotFound(promotionId: number): NotFound {
  return new NotFound('promotion', 'The promotion targets no segments.', {
    promotionId: `Promotion ${promotionId} has no customer segments targeting.`,
  });
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

/** The node a refused write saw, in the node's stored form (undefined: there was none). */
function nodeSeen(image: Record<string, unknown> | undefined): PromotionItem | undefined {
  const node = decodePromotion(image);
  return (
    node && {
      promotion_id: node.promotionId,
      customer_segments: node.expression,
      segment_ids: node.segmentIds,
      always: node.always,
      updated_at: node.updatedAt,
      version: node.version,
    }
  );
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
   * When another write of the promotion came first, the refusal carries the node it wrote: the
   * next attempt starts from that rather than reading it again.
   */
  async put(storeHash: string, promotionId: number, expression: TargetingExpression): Promise<Targeting> {
    checkExpressionSize(expression);
    const named = namedSegmentIds(expression);
    const always = holdsOutsideEverySegment(expression);
    return writeOptimistically({ attempts: MAX_WRITE_ATTEMPTS }, async ({ refused }) => {
      const current = refused?.has(0) ? nodeSeen(refused.seen.get(0)) : await this.node(storeHash, promotionId);
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
      } catch (error) {
        if (!(error instanceof ConditionsFailed)) throw error;
        const refusal = explainRefusal(error.failed.map((index) => guards[index]!));
        if (refusal) throw refusal;
        throw error;
      }
      return toTargeting(promotionId, edge, new Set(named));
    });
  }

  /** Removes a promotion's targeting and its edges; nothing to remove is not an error. */
  async delete(storeHash: string, promotionId: number): Promise<void> {
    await writeOptimistically({ attempts: MAX_WRITE_ATTEMPTS }, async ({ refused }) => {
      const current = refused?.has(0) ? nodeSeen(refused.seen.get(0)) : await this.node(storeHash, promotionId);
      if (!current) return;
      await this.table.transact(this.targetingWrite(storeHash, promotionId, current, undefined, undefined).actions);
    });
  }

  /** Every promotion whose expression names the segment, by promotion id; 404 for a segment that does not exist. */
  async listOfSegment(storeHash: string, segmentId: string, request: PageRequest): Promise<Page<Targeting>> {
    const [item, live] = await Promise.all([
      this.table.get<Record<string, unknown>>(segmentTargetingsKey(storeHash, segmentId)),
      this.liveSegmentIds(storeHash),
    ]);
    if (!live.has(segmentId)) {
      throw new NotFound('segment', 'Segment not found.', { segmentId: `Segment \`${segmentId}\` does not exist.` });
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
    const profilesHeader = profilesList(storeHash).header;
    const [read, live] = await Promise.all([
      // With the profiles header: a profile removed by a delete of every profile is stored until the cleanup.
      this.table.getMany<Record<string, unknown>>([profileKey(storeHash, profileId), profilesHeader]),
      this.liveSegmentIds(storeHash),
    ]);
    const profile = read.map(decodeProfile).find((found) => found !== undefined);
    const { through } = profilesDeletionOf(read.find((item) => item[KEY.sort] === profilesHeader[KEY.sort]));
    if (!profile || (through !== undefined && profile.id <= through)) {
      throw new NotFound('shopper-profile', 'Shopper profile not found.', {
        shopperProfileId: `Shopper profile \`${profileId}\` does not exist.`,
      });
    }
    // A segment deleted but not yet cleaned out of the profile's set counts as no membership.
    return this.eligibleAmong(storeHash, new Set(profile.segmentIds.filter((id) => live.has(id))), live, request);
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
      ...[...memberOf].map((id) => segmentTargetingsKey(storeHash, id)),
      alwaysTargetingsKey(storeHash),
    ]);
    const candidates: Edges = new Map();
    for (const item of read) for (const [id, edge] of edgesOf(item)) candidates.set(id, edge);
    const eligible = byPromotionId(candidates)
      .map(([id, edge]) => ({ id, edge, expression: JSON.parse(edge.customer_segments) as TargetingExpression }))
      .filter(({ expression }) => evaluate(expression, (id) => memberOf.has(id)));
    const page = sliceToPage(eligible, request);
    return { items: page.items.map(({ id, edge, expression }) => toTargeting(id, edge, live, expression)), total: page.total };
  }

  private async node(storeHash: string, promotionId: number): Promise<PromotionItem | undefined> {
    return this.table.get<PromotionItem>(promotionKey(storeHash, promotionId));
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
   * The node is always first (the retry reads what its refusal saw there).
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
    if (next) add({ kind: 'node' }, putPromotion(this.table.name, storeHash, next, current?.version));
    else if (current) add({ kind: 'node' }, deletePromotion(this.table.name, storeHash, promotionId, current.version));
    if (!current !== !next) {
      add(
        { kind: 'store-count' },
        adjustCount(this.table.name, promotionsList(storeHash), next ? 1 : -1, { ceiling: LIMITS.targetedPromotionsPerStore }),
      );
    }

    const before = new Set(current?.segment_ids ?? []);
    const after = new Set(next?.segment_ids ?? []);
    for (const segmentId of after) {
      add({ kind: 'segment-exists', segmentId }, segmentExists(this.table.name, storeHash, segmentId));
      add(
        before.has(segmentId) ? { kind: 'edge' } : { kind: 'segment-room', segmentId },
        writeEdge(
          this.table.name,
          segmentTargetingsKey(storeHash, segmentId),
          promotionId,
          edge!,
          before.has(segmentId),
          LIMITS.promotionsPerSegment,
        ),
      );
    }
    for (const segmentId of before) {
      if (!after.has(segmentId))
        add({ kind: 'edge' }, removeEdge(this.table.name, segmentTargetingsKey(storeHash, segmentId), promotionId));
    }
    const wasAlways = current?.always ?? false;
    const isAlways = next?.always ?? false;
    if (isAlways) {
      add(
        wasAlways ? { kind: 'edge' } : { kind: 'always-room' },
        writeEdge(this.table.name, alwaysTargetingsKey(storeHash), promotionId, edge!, wasAlways, LIMITS.promotionsTrueOutsideSegments),
      );
    } else if (wasAlways) {
      add({ kind: 'edge' }, removeEdge(this.table.name, alwaysTargetingsKey(storeHash), promotionId));
    }
    return { actions, guards };
  }
}

/**
 * Why a targeting write was refused, from the guards whose conditions failed: unknown segments
 * (404), a full limit (409), or nothing the client can change (another write of the same
 * promotion came first: undefined, and the caller retries).
 */
function explainRefusal(failed: Guard[]): Error | undefined {
  const unknown = failed.flatMap((guard) => (guard.kind === 'segment-exists' ? [guard.segmentId] : []));
  if (unknown.length > 0) {
    return new NotFound(
      'segment',
      'Segments not found.',
      Object.fromEntries(unknown.map((id) => [id, `Segment \`${id}\` does not exist.`])),
    );
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
  return new LimitReached('A targeting limit of the store is reached; nothing was written.', details);
}
