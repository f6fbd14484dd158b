import type { Request, Response } from 'express';

/** Where the request id comes from (the Lambda entry passes the invocation's id). */
export type RequestIdSource = (req: Request) => string | undefined;

const STORE_IN_PATH = /^\/stores\/([^/]+)\//;

/**
 * The fields every log line about a request carries, so one request (and one store's calls) can
 * be followed through the logs. The store is the path's once its form is checked (authenticated,
 * or for a read being authenticated: auth/auth.middleware.ts), else the path's as sent (raw: it
 * may not even decode).
 */
export function requestContext(req: Request, res: Response, requestId: RequestIdSource | undefined): Record<string, unknown> {
  return {
    request_id: requestId?.(req) ?? req.get('x-request-id'),
    store_hash: res.locals.storeHash ?? STORE_IN_PATH.exec(req.originalUrl)?.[1],
    method: req.method,
    path: req.originalUrl.split('?')[0],
  };
}
