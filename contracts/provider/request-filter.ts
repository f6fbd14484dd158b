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

/** Where pact-js's verification proxy takes provider-state calls (its own path, never the API's). */
export const STATE_SETUP_PATH = '/_pactSetup';

/** Writes every whole JSON string that is a key of `examples` as its value, anywhere in `body`. */
export function withExamples(body: unknown, examples: ReadonlyMap<string, string>): unknown {
  if (typeof body === 'string') return examples.get(body) ?? body;
  if (Array.isArray(body)) return body.map((item) => withExamples(item, examples));
  if (typeof body === 'object' && body !== null) {
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, withExamples(value, examples)]));
  }
  return body;
}

/**
 * The other half of `mapToTarget`: the provider's answer, in the consumers' terms. Each id the
 * interaction's provider states made (`madeByStates`: real id → the example a pact writes for it)
 * is written back as its example wherever it is a whole string of a JSON answer. Pact's verifier
 * puts provider-state values into the request only and matches an expected `fromProviderState`
 * value by type; after this, a pact that pins an id (`stateId`, an equality match) fails when the
 * provider answers any id other than the one the state made: another segment's, another profile's,
 * or one no state made. The answer's length is set again (the ids and examples are all UUIDs, but
 * nothing relies on it).
 */
export function answerInPactTerms(madeByStates: () => ReadonlyMap<string, string>): RequestHandler {
  return (req, res, next) => {
    const examples = madeByStates();
    if (req.path === STATE_SETUP_PATH || examples.size === 0) return next();
    const chunks: Buffer[] = [];
    const toBuffer = (chunk: unknown) => (Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    const end = res.end.bind(res);
    // The proxy pipes the provider's answer through write/end; it is held until the end, rewritten once.
    res.write = ((chunk: unknown) => {
      chunks.push(toBuffer(chunk));
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown) => {
      if (chunk !== undefined && typeof chunk !== 'function') chunks.push(toBuffer(chunk));
      const body = rewriteJson(Buffer.concat(chunks), String(res.getHeader('content-type') ?? ''), examples);
      if (!res.headersSent) res.setHeader('content-length', body.length);
      return end(body);
    }) as typeof res.end;
    next();
  };
}

function rewriteJson(body: Buffer, contentType: string, examples: ReadonlyMap<string, string>): Buffer {
  if (!/json/i.test(contentType) || body.length === 0) return body;
  try {
    return Buffer.from(JSON.stringify(withExamples(JSON.parse(body.toString('utf8')), examples)));
  } catch {
    // Not JSON after all: the verifier reports it as it is.
    return body;
  }
}
