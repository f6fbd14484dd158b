import { createHash, randomUUID } from 'node:crypto';

/** A new import's key prefix; a resumed import takes the one its checkpoint holds. */
export function newKeyPrefix(): string {
  return randomUUID();
}

/**
 * The Idempotency-Key of one write of an import: the import's prefix, what the write does, and a
 * hash of what it names (its entries in request order, so the same batch gets the same key).
 * The fetch's own retries resend the request as it is, key included.
 */
export function writeKey(
  prefix: string,
  what: 'segment' | 'profiles' | 'members' | 'remove',
  entries: readonly (string | number)[],
): string {
  const digest = createHash('sha256').update(entries.join(','), 'utf8').digest('hex').slice(0, 32);
  return `${prefix}:${what}:${digest}`;
}
