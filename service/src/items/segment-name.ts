/**
 * A segment's name marker: `STORE#<h>#SEGMENTS` / `NAME#<sha256(name)>`, holding the name and the
 * segment that has it. Written with `attribute_not_exists` in the segment's own transactions, it
 * keeps names unique in a store.
 */
import { keys } from '../store/keys';
import { ITEM_ABSENT, type TransactAction, whereAttributeIs } from '../store/table';
import { fieldsOf, isString, meaningAs, type StoredImage } from './image';

export interface NameMarker {
  name: string;
  segment_id: string;
}

export const segmentNameKey = keys.segmentName;

/** The marker an image holds, with its store; undefined for an image of anything else. Pure. */
export function decodeSegmentName(image: StoredImage | undefined): (NameMarker & { storeHash: string }) | undefined {
  const meaning = meaningAs(image, 'segment-name');
  const fields = image && fieldsOf(image, { name: isString, segment_id: isString });
  return meaning && fields && { storeHash: meaning.storeHash, ...fields };
}

/** Takes a name for a segment, on condition no segment has it. */
export function claimName(tableName: string, storeHash: string, name: string, segmentId: string): TransactAction {
  return {
    Put: {
      TableName: tableName,
      Item: { ...segmentNameKey(storeHash, name), name, segment_id: segmentId } satisfies NameMarker & Record<string, unknown>,
      ConditionExpression: ITEM_ABSENT,
    },
  };
}

/** Gives a name held by `previousOwner` to `owner` in place (a swap of names within one request). */
export function handOverName(tableName: string, storeHash: string, name: string, owner: string, previousOwner: string): TransactAction {
  return {
    Put: {
      TableName: tableName,
      Item: { ...segmentNameKey(storeHash, name), name, segment_id: owner } satisfies NameMarker & Record<string, unknown>,
      ...whereAttributeIs('segment_id', previousOwner),
    },
  };
}

/** Releases a name, on condition it still belongs to `owner`. */
export function releaseName(tableName: string, storeHash: string, name: string, owner: string): TransactAction {
  return { Delete: { TableName: tableName, Key: segmentNameKey(storeHash, name), ...whereAttributeIs('segment_id', owner) } };
}
