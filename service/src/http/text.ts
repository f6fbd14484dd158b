import { resolveSchema } from './openapi';

type Schema = Record<string, unknown>;

const URN_PREFIX = /^urn:uuid:/i;

/**
 * RFC 9562: a UUID's hex digits are case-insensitive and its URN form names the same id, and the
 * document's `format: uuid` accepts all of them. The store keys ids in lower case, so every id is
 * brought to that one spelling before it is looked up.
 */
export function canonicalUuid(value: string): string {
  return value.replace(URN_PREFIX, '').toLowerCase();
}

/** Returns `value` with every string its schema declares `format: uuid` in canonical form. */
export function canonicalIds(value: unknown, schema: Schema): unknown {
  const resolved = resolveSchema(schema);
  if (typeof value === 'string') return resolved.format === 'uuid' ? canonicalUuid(value) : value;
  if (Array.isArray(value)) {
    const items = resolved.items as Schema | undefined;
    return items ? value.map((item) => canonicalIds(item, items)) : value;
  }
  const properties = resolved.properties as Record<string, Schema> | undefined;
  if (value && typeof value === 'object' && properties) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const property = properties[key];
        return [key, property ? canonicalIds(item, property) : item];
      }),
    );
  }
  return value;
}

// In a `u` regular expression a surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The path (`0.name`, or `body`) of the first string or key in a parsed JSON body that is not
 * well-formed Unicode. JSON allows `"\ud800"`, but such text cannot be stored faithfully: DynamoDB
 * would keep U+FFFD in its place, so it would collide with a real U+FFFD.
 */
export function illFormedText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path.join('.') || 'body' : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = illFormedText(item, [...path, String(index)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = LONE_SURROGATE.test(key) ? [...path, 'key'].join('.') : illFormedText(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
