import type { Request, RequestHandler } from 'express';
import { isStoreHash, type TokensRepository } from '../auth/tokens.repository';
import { ForbiddenError, NotFoundError, UnauthorizedError } from './http-errors';
import type { Scope } from './openapi';
import { stateOf } from './request-context';

const GRANTS: Record<Scope, readonly Scope[]> = {
  'read-only': ['read-only'],
  modify: ['read-only', 'modify'],
};

/** The store in the path and the token in the header, checked for form: nothing is read yet. */
function presented(req: Request): { storeHash: string; token: string } {
  const storeHash = String(req.params.store_hash);
  if (!isStoreHash(storeHash)) throw new NotFoundError('There is no such store.');
  const token = req.get('x-auth-token');
  if (!token) throw new UnauthorizedError('The X-Auth-Token header is required.');
  return { storeHash, token };
}

async function admit(tokens: TokensRepository, required: Scope, storeHash: string, token: string): Promise<void> {
  const scope = await tokens.scopeOf(storeHash, token);
  if (!scope) throw new UnauthorizedError();
  if (!GRANTS[scope].includes(required)) throw new ForbiddenError(required);
}

/**
 * Admits a request when its X-Auth-Token belongs to the store in the path and its scope covers
 * the operation's `x-required-scope`. A token of another store is as unknown as a made-up one.
 */
export function requireScope(tokens: TokensRepository, required: Scope): RequestHandler {
  return async (req, _res, next) => {
    try {
      const { storeHash, token } = presented(req);
      await admit(tokens, required, storeHash, token);
      stateOf(req).storeHash = storeHash;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * `requireScope` for a read, without the wait: the token check is started and the request goes
 * on at once, so the read's own DynamoDB requests go out beside the token's rather than after it.
 * Whatever is answered must first wait for `admission` (./route.ts does). A malformed store or
 * a missing token still fails here, before anything is read.
 */
export function startScopeCheck(tokens: TokensRepository, required: Scope): RequestHandler {
  return (req, _res, next) => {
    try {
      const { storeHash, token } = presented(req);
      const check = admit(tokens, required, storeHash, token);
      // Awaited by `admission`; until then its failure is not an unhandled rejection.
      check.catch(() => {});
      Object.assign(stateOf(req), { admission: check, storeHash });
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Settles when the request's token check has: at once where `requireScope` already waited for it. */
export function admission(req: Request): Promise<void> {
  return stateOf(req).admission ?? Promise.resolve();
}
