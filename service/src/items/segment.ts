/**
 * A segment node: `STORE#<h>#SEGMENTS` / `SEGMENT#<id>`. Its member count lives in the header of its
 * members list (./list-header.ts), created and deleted with it. It carries `entity` and
 * `store_hash`, so a stream record of its removal says what it was (the stack's stream filter
 * reads these values).
 */
import type { components } from '../generated/openapi-types';
import { type ENTITY, keys } from '../store/keys';
import { ITEM_EXISTS, type TransactAction } from '../store/table';
import { createNode, fieldsOf, isString, meaningAs, type StoredImage } from './image';

export type Segment = components['schemas']['Segment'];

/** A segment as stored. */
export interface SegmentItem extends Segment {
  entity?: typeof ENTITY.segment;
  store_hash?: string;
}

export const segmentKey = keys.segment;

/** The API's view of a stored segment. */
export function toSegment(item: Segment): Segment {
  return { id: item.id, name: item.name, description: item.description, created_at: item.created_at, updated_at: item.updated_at };
}

/** The segment an image holds, with its store; undefined for an image of anything else. Pure. */
export function decodeSegment(image: StoredImage | undefined): (Segment & { storeHash: string }) | undefined {
  const meaning = meaningAs(image, 'segment');
  const fields = image && fieldsOf(image, { name: isString, created_at: isString, updated_at: isString });
  if (!meaning || !fields) return undefined;
  return {
    storeHash: meaning.storeHash,
    id: meaning.segmentId,
    description: isString(image?.description) ? image.description : '',
    ...fields,
  };
}

/** Writes a new segment node, on condition there is none under its key. */
export function createSegment(tableName: string, storeHash: string, segment: Segment): TransactAction {
  return createNode(tableName, segmentKey(storeHash, segment.id), 'segment', storeHash, segment);
}

/** Rewrites a segment's name and description, on condition it still has the name it was read with. */
export function updateSegment(tableName: string, storeHash: string, before: Segment, after: Segment): TransactAction {
  return {
    Update: {
      TableName: tableName,
      Key: segmentKey(storeHash, after.id),
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

/** Deletes a segment node, on condition it still has the name it was read with (so its current name marker goes with it). */
export function deleteSegment(tableName: string, storeHash: string, segment: { id: string; name: string }): TransactAction {
  return {
    Delete: {
      TableName: tableName,
      Key: segmentKey(storeHash, segment.id),
      ConditionExpression: `${ITEM_EXISTS} AND #name = :name`,
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: { ':name': segment.name },
    },
  };
}

/** Fails the transaction unless the segment exists. */
export function segmentExists(tableName: string, storeHash: string, segmentId: string): TransactAction {
  return { ConditionCheck: { TableName: tableName, Key: segmentKey(storeHash, segmentId), ConditionExpression: ITEM_EXISTS } };
}
