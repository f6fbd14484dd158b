import type { Request, Response } from 'express';

/** Where the request id comes from (the Lambda entry passes the invocation's id). */
export type RequestIdSource = (req: Request) => string | undefined;

/** What a validated request carries to its handler: parsed query values, path ids and the body (./validate.ts). */
export interface ValidatedInput {
  query: Record<string, unknown>;
  /** Path parameters as their schema types: an integer id (a promotion's, a customer's) is a number. */
  params: Record<string, string | number>;
  body: unknown;
}

/**
 * What the steps of one request learn and hand on, typed, instead of `res.locals` (which Express
 * types as anything): each step writes its own field, later steps read it.
 */
export interface RequestState {
  /** The store in the path, once its form is checked (./auth.ts). */
  storeHash?: string;
  /** A read's token check, started but not awaited (./auth.ts): its answer waits for this. */
  admission?: Promise<void>;
  /** What reading the body found wrong, answered once the caller is known (./body.ts). */
  bodyError?: unknown;
  /** The request as validated (./validate.ts). */
  input?: ValidatedInput;
}

const states = new WeakMap<Request, RequestState>();

/** This request's state (created empty on first use; it goes with the request). */
export function stateOf(req: Request): RequestState {
  let state = states.get(req);
  if (!state) {
    state = {};
    states.set(req, state);
  }
  return state;
}

const STORE_IN_PATH = /^\/stores\/([^/]+)\//;

/**
 * The fields every log line about a request carries, so one request (and one store's calls) can
 * be followed through the logs. The store is the path's once its form is checked (authenticated,
 * or for a read being authenticated: ./auth.ts), else the path's as sent (raw: it may not even decode).
 */
export function requestContext(req: Request, _res: Response, requestId: RequestIdSource | undefined): Record<string, unknown> {
  return {
    request_id: requestId?.(req) ?? req.get('x-request-id'),
    store_hash: stateOf(req).storeHash ?? STORE_IN_PATH.exec(req.originalUrl)?.[1],
    method: req.method,
    path: req.originalUrl.split('?')[0],
  };
}
