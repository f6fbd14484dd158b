import { type KeyMeaning, meaningOfKey } from '../store/keys';
import { KEY } from '../store/schema';

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
