import { createHash } from 'node:crypto';
import { BadRequestError } from '../http/http-errors';
import type { ValidatedInput } from '../http/validate';
import { LIMITS } from '../limits';

/** The request header that carries the key (IETF `Idempotency-Key` draft). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** The response header that says an answer is a kept one, not a new run. */
export const REPLAYED_HEADER = 'Idempotent-Replayed';

const PRINTABLE = /^[\x20-\x7e]+$/;
/** The draft's form: a structured-field string, `"…"` with `\"` and `\\` escapes. */
const QUOTED = /^"((?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*)"$/;

/**
 * The key a header value names. `"abc"` (the draft's structured-field string) and `abc` (bare,
 * as Stripe takes it) are the same key. 1 to 255 printable ASCII characters once unquoted;
 * anything else is a 400 that names the header.
 */
export function parseIdempotencyKey(header: string): string {
  const trimmed = header.trim();
  const quoted = QUOTED.exec(trimmed);
  const key = quoted ? (quoted[1] ?? '').replace(/\\(["\\])/g, '$1') : trimmed;
  const max = LIMITS.idempotencyKeyCharacters;
  if (key.length === 0 || key.length > max || !PRINTABLE.test(key)) {
    throw new BadRequestError(`The ${IDEMPOTENCY_KEY_HEADER} header is not valid.`, {
      [IDEMPOTENCY_KEY_HEADER]: `must be 1 to ${max} printable ASCII characters, bare or as a quoted string`,
    });
  }
  return key;
}

/** JSON with object keys sorted, so two bodies that differ only in key order or white space are one. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What "the same request" means: the operation (method and path template), and its input as
 * validated: path ids, query values (`id:in=a,b` and `id:in=a&id:in=b` alike, ids lower-cased,
 * defaults filled in) and the body as parsed JSON (key order and white space do not count).
 * Headers other than the key do not count. The store is in the record's key, not here.
 */
export function requestFingerprint(operationId: string, input: ValidatedInput): string {
  const canonical = canonicalJson({ operation: operationId, params: input.params, query: input.query, body: input.body ?? null });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
