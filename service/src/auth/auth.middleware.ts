import type { RequestHandler } from 'express';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors';
import type { Scope } from '../http/openapi';
import { isStoreHash, type TokensRepository } from './tokens.repository';

const GRANTS: Record<Scope, readonly Scope[]> = {
  'read-only': ['read-only'],
  modify: ['read-only', 'modify'],
};

/**
 * Admits a request when its X-Auth-Token belongs to the store in the path and its scope covers
 * the operation's `x-required-scope`. A token of another store is as unknown as a made-up one.
 */
export function requireScope(tokens: TokensRepository, required: Scope): RequestHandler {
  return async (req, res, next) => {
    try {
      const storeHash = String(req.params.store_hash);
      if (!isStoreHash(storeHash)) throw new NotFoundError('There is no such store.');
      const token = req.get('x-auth-token');
      if (!token) throw new UnauthorizedError('The X-Auth-Token header is required.');
      const scope = await tokens.scopeOf(storeHash, token);
      if (!scope) throw new UnauthorizedError();
      if (!GRANTS[scope].includes(required)) throw new ForbiddenError(required);
      res.locals.storeHash = storeHash;
      next();
    } catch (error) {
      next(error);
    }
  };
}
