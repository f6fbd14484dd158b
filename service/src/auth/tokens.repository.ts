import { randomBytes, timingSafeEqual } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashToken, isScope, SCOPES, type Scope, type TokenItem, tokenItem, tokenKey } from '../items/token';
import type { Table } from '../store/table';

export { hashToken, isScope, SCOPES, type Scope };

const MAX_CACHED_TOKENS = 10_000;

/**
 * Data access for auth tokens, each bound to one store and one scope. A token found is
 * remembered for `cacheSeconds`, so a warm process spends no DynamoDB read on auth; a token not
 * found is never remembered, so a token minted a moment ago works at once.
 */
export class TokensRepository {
  private readonly cache = new Map<string, { scope: Scope; until: number }>();

  constructor(
    private readonly table: Table,
    private readonly cacheSeconds = 0,
  ) {}

  /** The scope the token grants on this store, or undefined when it grants nothing here. */
  async scopeOf(storeHash: string, token: string): Promise<Scope | undefined> {
    const presented = hashToken(token);
    const cacheKey = `${storeHash}\u0000${presented}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.until > Date.now()) return cached.scope;
    const scope = await this.lookUp(storeHash, presented);
    if (scope && this.cacheSeconds > 0) {
      if (this.cache.size >= MAX_CACHED_TOKENS) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(cacheKey, { scope, until: Date.now() + this.cacheSeconds * 1000 });
    }
    return scope;
  }

  private async lookUp(storeHash: string, presented: string): Promise<Scope | undefined> {
    const item = await this.table.get<TokenItem>(tokenKey(storeHash, presented));
    // The key lookup already matched the hash; comparing again in constant time keeps the
    // decision itself free of timing that depends on how much of the hash matched.
    if (!item?.token_hash || !timingSafeEqual(Buffer.from(item.token_hash, 'hex'), Buffer.from(presented, 'hex'))) return undefined;
    return item.scope;
  }

  /** Mints a new random token; it is returned once and never stored in clear. */
  async mint(storeHash: string, scope: Scope): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.save(storeHash, token, scope);
    return token;
  }

  /** Stores a token chosen by the operator (SEGMENTS_TOKENS), replacing its scope if it exists. */
  async save(storeHash: string, token: string, scope: Scope): Promise<void> {
    const tokenHash = hashToken(token);
    await this.table.db.send(
      new PutCommand({
        TableName: this.table.name,
        Item: tokenItem(storeHash, tokenHash, scope, new Date().toISOString()),
      }),
    );
  }
}

/**
 * Parses `token:store_hash:scope` entries separated by commas, as SEGMENTS_TOKENS holds them.
 * Throws with the offending entry, so a typo stops start-up instead of locking everyone out.
 */
export function parseTokenList(list: string): { token: string; storeHash: string; scope: Scope }[] {
  return list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [token, storeHash, scope, ...rest] = entry.split(':');
      if (!token || !storeHash || !scope || rest.length > 0 || !isScope(scope) || !isStoreHash(storeHash)) {
        throw new Error(`SEGMENTS_TOKENS entry "${entry.replace(/^[^:]*/, '***')}" is not token:store_hash:(modify|read-only)`);
      }
      return { token, storeHash, scope };
    });
}

const STORE_HASH = /^[A-Za-z0-9_-]{1,64}$/;

/** Store hashes are short identifiers; anything else cannot name a store (and cannot reach a key). */
export function isStoreHash(value: string): boolean {
  return STORE_HASH.test(value);
}
