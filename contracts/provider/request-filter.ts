import type { RequestHandler } from 'express';
import { storeBasePath } from '../../service/src/http/base-path';
import { PACT_STORE_HASH, PACT_TOKENS } from '../client/conventions';
import type { ProviderTarget } from './target';

const PACT_BASE = storeBasePath(PACT_STORE_HASH);

/**
 * Turns a consumer's request into one for the instance under verification: the pact store's
 * path becomes the target store's, and the placeholder tokens become real ones of the same
 * scope. Any other token (the unknown one of the 401 interactions) and a missing token are left
 * alone, so they stay invalid.
 */
export function mapToTarget(target: ProviderTarget): RequestHandler {
  const targetBase = storeBasePath(target.storeHash);
  return (req, _res, next) => {
    if (req.url === PACT_BASE || req.url.startsWith(`${PACT_BASE}/`) || req.url.startsWith(`${PACT_BASE}?`)) {
      req.url = targetBase + req.url.slice(PACT_BASE.length);
    }
    const token = req.headers['x-auth-token'];
    if (token === PACT_TOKENS.modify) {
      req.headers['x-auth-token'] = target.modifyToken;
    } else if (token === PACT_TOKENS.readOnly) {
      if (!target.readOnlyToken) return next(new Error('a read-only token is needed (PROVIDER_READONLY_TOKEN)'));
      req.headers['x-auth-token'] = target.readOnlyToken;
    }
    next();
  };
}
