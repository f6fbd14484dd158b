/**
 * An auth token: `STORE#<h>` / `TOKEN#<sha256(token)>`. Only the hash is stored, so a leaked table
 * does not leak working credentials.
 */
import { createHash } from 'node:crypto';
import { keys } from '../store/keys';
import { fieldsOf, isString, meaningAs, type StoredImage } from './image';

/** What a token may do: read, or read and write (the document's `x-required-scope` values). */
export type Scope = 'read-only' | 'modify';

export const SCOPES: readonly Scope[] = ['read-only', 'modify'];

export interface TokenItem {
  token_hash: string;
  scope: Scope;
  created_at: string;
}

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

const isScopeValue = (value: unknown): value is Scope => isString(value) && isScope(value);

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const tokenKey = keys.token;

/** The token record an image holds, with its store; undefined for an image of anything else. Pure. */
export function decodeToken(image: StoredImage | undefined): (TokenItem & { storeHash: string }) | undefined {
  const meaning = meaningAs(image, 'token');
  const fields = image && fieldsOf(image, { token_hash: isString, scope: isScopeValue, created_at: isString });
  return meaning && fields && { storeHash: meaning.storeHash, ...fields };
}

/** The whole item for a token, by its hash (a plain put: saving a token again replaces its scope). */
export function tokenItem(storeHash: string, tokenHash: string, scope: Scope, createdAt: string): Record<string, unknown> {
  return { ...tokenKey(storeHash, tokenHash), token_hash: tokenHash, scope, created_at: createdAt } satisfies TokenItem &
    Record<string, unknown>;
}
