import { ENTITY, type ItemKey, type KeyMeaning, meaningOfKey } from '../store/keys';
import { KEY } from '../store/schema';
import { ITEM_ABSENT, type TransactAction } from '../store/table';

/**
 * An item as DynamoDB returns it once unmarshalled: from a read, from a refused condition
 * (`ConditionsFailed.seen`), or from a stream record's `OldImage` / `NewImage` (unmarshall it with
 * `@aws-sdk/util-dynamodb` first).
 */
export type StoredImage = Record<string, unknown>;

/** What the image's key says it is, when it is one of ours. */
export function meaningOf(image: StoredImage | undefined): KeyMeaning | undefined {
  return image ? meaningOfKey(image[KEY.partition], image[KEY.sort]) : undefined;
}

/** The image's meaning when it is of `kind`. */
export function meaningAs<K extends KeyMeaning['kind']>(
  image: StoredImage | undefined,
  kind: K,
): Extract<KeyMeaning, { kind: K }> | undefined {
  const meaning = meaningOf(image);
  return meaning?.kind === kind ? (meaning as Extract<KeyMeaning, { kind: K }>) : undefined;
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isNumber = (value: unknown): value is number => typeof value === 'number';

/** A string set as the document client reads one (a `Set`), or none. */
export function stringSet(value: unknown): Set<string> | undefined {
  if (!(value instanceof Set)) return undefined;
  return new Set([...value].filter(isString));
}

type Check<T> = (value: unknown) => value is T;
type Checked<C> = { [K in keyof C]: C[K] extends Check<infer T> ? T : never };

/**
 * The named attributes of an image, each passing its check, typed accordingly; undefined when
 * any is missing or of another type. What every decoder does with the fields it needs.
 */
export function fieldsOf<C extends Record<string, Check<unknown>>>(image: StoredImage, checks: C): Checked<C> | undefined {
  const fields: Record<string, unknown> = {};
  for (const [name, check] of Object.entries(checks)) {
    if (!check(image[name])) return undefined;
    fields[name] = image[name];
  }
  return fields as Checked<C>;
}

/**
 * Writes a new node (a segment or a profile), on condition there is none under its key. A node
 * carries `entity` and `store_hash`, so a stream record of its removal says what it was (`nodeOf`).
 */
export function createNode(
  tableName: string,
  key: ItemKey,
  entity: keyof typeof ENTITY,
  storeHash: string,
  fields: object,
): TransactAction {
  return {
    Put: {
      TableName: tableName,
      Item: { ...key, ...fields, entity: ENTITY[entity], store_hash: storeHash },
      ConditionExpression: ITEM_ABSENT,
    },
  };
}
