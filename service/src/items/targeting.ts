/**
 * A promotion's targeting, stored as three item kinds:
 * - the promotion node, `STORE#<h>#PROMOTIONS` / `PROMOTION#<id, 16 digits>`: the expression as
 *   written and what the write derived from it (the segments it names, whether it holds outside
 *   every segment), with a version each write bumps;
 * - a segment's targetings, `STORE#<h>#SEGMENT#<segmentId>#PROMOTIONS` / `TARGETINGS`: one attribute
 *   `p<promotionId>` per promotion naming the segment (an edge), and their count;
 * - the always-candidates, `STORE#<h>#PROMOTIONS#ALWAYS` / `TARGETINGS`: the same for promotions
 *   whose expression holds for a profile in no segment.
 * An edge copies what a reader needs, so an eligibility read never visits the promotion nodes.
 */

import { type ItemKey, keys } from '../store/keys';
import { KEY } from '../store/schema';
import { ITEM_ABSENT, type TransactAction, whereAttributeIs } from '../store/table';
import { holdsOutsideEverySegment, namedSegmentIds, storedExpression, type TargetingExpression } from './expression';
import { isNumber, isString, meaningOf, type StoredImage } from './image';
import { promotionsList } from './list-header';

/** The promotion's node. */
export interface PromotionItem {
  promotion_id: number;
  /** The expression exactly as the client sent it (JSON). */
  customer_segments: string;
  segment_ids: string[];
  /** Whether it holds for a profile in no segment, and so sits in the always-candidate item. */
  always: boolean;
  updated_at: string;
  version: number;
}

/** One promotion → segment edge, as an attribute of a targetings item. */
export interface TargetingEdge {
  customer_segments: string;
  updated_at: string;
}

/** The edges of one targetings item, read back: promotion id → edge. */
export type Edges = Map<number, TargetingEdge>;

const EDGE_ATTRIBUTE = /^p(\d+)$/;
const edgeAttribute = (promotionId: number) => `p${promotionId}`;
const EDGE_COUNT = 'promotion_count';

export const promotionKey = keys.promotion;
export const segmentTargetingsKey = keys.segmentTargetings;
export const alwaysTargetingsKey = keys.alwaysTargetings;

function isEdge(value: unknown): value is TargetingEdge {
  return (
    typeof value === 'object' &&
    value !== null &&
    'customer_segments' in value &&
    isString(value.customer_segments) &&
    'updated_at' in value &&
    isString(value.updated_at)
  );
}

/** The edges held by one targetings item. */
export function edgesOf(item: StoredImage | undefined): Edges {
  const edges: Edges = new Map();
  for (const [name, value] of Object.entries(item ?? {})) {
    const match = EDGE_ATTRIBUTE.exec(name);
    if (match && isEdge(value)) edges.set(Number(match[1]), value);
  }
  return edges;
}

/** A decoded promotion node. */
export interface DecodedPromotion {
  storeHash: string;
  promotionId: number;
  segmentIds: string[];
  always: boolean;
  expression: string;
  updatedAt: string;
  version: number;
}

/** The promotion node an image holds; undefined for an image of anything else. Pure. */
export function decodePromotion(image: StoredImage | undefined): DecodedPromotion | undefined {
  const meaning = meaningOf(image);
  if (meaning?.kind !== 'promotion' || !image) return undefined;
  const { customer_segments, segment_ids, always, updated_at, version } = image;
  if (!isString(customer_segments) || !Array.isArray(segment_ids) || !isString(updated_at) || !isNumber(version)) return undefined;
  return {
    storeHash: meaning.storeHash,
    promotionId: meaning.promotionId,
    segmentIds: segment_ids.filter(isString),
    always: always === true,
    expression: customer_segments,
    updatedAt: updated_at,
    version,
  };
}

/** A decoded targetings item: a segment's, or the always-candidates; its edges by promotion id. */
export type DecodedTargetings =
  | { holder: 'segment'; storeHash: string; segmentId: string; edges: Edges }
  | { holder: 'always'; storeHash: string; edges: Edges };

/** The targetings item an image holds; undefined for an image of anything else. Pure. */
export function decodeTargetings(image: StoredImage | undefined): DecodedTargetings | undefined {
  const meaning = meaningOf(image);
  if (meaning?.kind === 'segment-targetings')
    return { holder: 'segment', storeHash: meaning.storeHash, segmentId: meaning.segmentId, edges: edgesOf(image) };
  if (meaning?.kind === 'always-targetings') return { holder: 'always', storeHash: meaning.storeHash, edges: edgesOf(image) };
  return undefined;
}

/** Writes a promotion's node: a new one on condition there is none, else on condition it is at the version read. */
export function putPromotion(
  tableName: string,
  storeHash: string,
  next: PromotionItem,
  currentVersion: number | undefined,
): TransactAction {
  return {
    Put: {
      TableName: tableName,
      Item: { ...promotionKey(storeHash, next.promotion_id), ...next },
      ...(currentVersion === undefined ? { ConditionExpression: ITEM_ABSENT } : whereAttributeIs('version', currentVersion)),
    },
  };
}

/** Deletes a promotion's node, on condition it is at the version read. */
export function deletePromotion(tableName: string, storeHash: string, promotionId: number, version: number): TransactAction {
  return { Delete: { TableName: tableName, Key: promotionKey(storeHash, promotionId), ...whereAttributeIs('version', version) } };
}

/** Writes an edge into a targetings item: a new one only while the item has room for it. */
export function writeEdge(
  tableName: string,
  itemKey: ItemKey,
  promotionId: number,
  edge: TargetingEdge,
  exists: boolean,
  room: number,
): TransactAction {
  return {
    Update: {
      TableName: tableName,
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

/** Takes an edge out of a targetings item. */
export function removeEdge(tableName: string, itemKey: ItemKey, promotionId: number): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: itemKey,
      UpdateExpression: 'REMOVE #edge ADD #count :minus',
      ConditionExpression: 'attribute_exists(#edge)',
      ExpressionAttributeNames: { '#edge': edgeAttribute(promotionId), '#count': EDGE_COUNT },
      ExpressionAttributeValues: { ':minus': -1 },
    },
  };
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
  const grouped = new Map<string, { item: Record<string, unknown>; count: number }>();
  const addEdge = (itemKey: ItemKey, promotionId: number, edge: TargetingEdge) => {
    const id = `${itemKey[KEY.partition]}\u0000${itemKey[KEY.sort]}`;
    const group = grouped.get(id) ?? { item: { ...itemKey }, count: 0 };
    grouped.set(id, group);
    group.item[edgeAttribute(promotionId)] = edge;
    group.count += 1;
  };
  for (const { promotionId, expression } of targetings) {
    const named = namedSegmentIds(expression);
    const always = holdsOutsideEverySegment(expression);
    const edge: TargetingEdge = { customer_segments: storedExpression(expression), updated_at: updatedAt };
    nodes.push({
      ...promotionKey(storeHash, promotionId),
      ...({ ...edge, promotion_id: promotionId, segment_ids: named, always, version: 1 } satisfies PromotionItem),
    });
    for (const segmentId of named) addEdge(segmentTargetingsKey(storeHash, segmentId), promotionId, edge);
    if (always) addEdge(alwaysTargetingsKey(storeHash), promotionId, edge);
  }
  const count = promotionsList(storeHash);
  return [
    ...nodes,
    ...[...grouped.values()].map(({ item, count: edges }) => ({ ...item, [EDGE_COUNT]: edges })),
    { ...count.header, [count.countAttribute]: targetings.length, [count.versionAttribute]: 1 },
  ];
}
