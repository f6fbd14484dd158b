import express, { type RequestHandler } from 'express';
import { type CleanupScheduler, InProcessCleanup } from './cleanup/cleanup';
import { type DocsOptions, docsRouter } from './docs/docs.routes';
import { cors } from './http/cors';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { jsonLogger, type Logger } from './http/logger';
import { operationsRouter } from './http/route';
import { LIMITS } from './limits';
import { membershipsHandlers } from './memberships/memberships.routes';
import { segmentsHandlers } from './segments/segments.routes';
import { shopperProfilesHandlers } from './shopper-profiles/shopper-profiles.routes';
import type { Store } from './store/dynamo-store';

export const BASE_PATH = '/stores/:store_hash/v3';

export interface AppDeps {
  store: Store;
  /** Where the work a delete leaves behind runs; by default in this process, after the response. */
  cleanup?: CleanupScheduler;
  logger?: Logger;
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsAllowedOrigins?: readonly string[];
  /** Where the request id comes from (the Lambda entry passes the invocation's id). */
  requestId?: (req: express.Request) => string | undefined;
  /** Serve the API reference at `/docs`; off unless given. */
  docs?: DocsOptions;
}

/** One JSON line a request: enough to find a store's calls and to follow one through the logs. */
function requestLog(logger: Logger, requestId: AppDeps['requestId']): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info('request', {
        request_id: requestId?.(req) ?? req.get('x-request-id'),
        store_hash: res.locals.storeHash,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        duration_ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}

/**
 * Builds the service. `npm start`, the Lambda entry, the tests and the Pact verifier all call
 * this, so the middleware and its order are the same wherever the app runs.
 */
export function createApp({
  store,
  logger = jsonLogger(),
  requestId,
  cleanup = new InProcessCleanup(store.memberships, logger),
  corsAllowedOrigins = [],
  docs,
}: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(requestLog(logger, requestId));
  if (corsAllowedOrigins.length > 0) app.use(cors(corsAllowedOrigins));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (docs) app.use(docsRouter(docs));
  app.use(express.json({ limit: LIMITS.requestBodyBytes }));
  app.use(
    BASE_PATH,
    operationsRouter(store.tokens, {
      ...segmentsHandlers(store.segments, cleanup),
      ...shopperProfilesHandlers(store.profiles, store.memberships, cleanup),
      ...membershipsHandlers(store.memberships),
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
