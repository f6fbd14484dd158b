import express, { type RequestHandler } from 'express';
import { type CleanupScheduler, InProcessCleanup } from './cleanup/cleanup';
import { customersHandlers } from './customers/customers.routes';
import { type DocsOptions, docsRouter } from './docs/docs.routes';
import { eventsHandlers } from './events/events.routes';
import { EXPRESS_BASE_PATH } from './http/base-path';
import { readJsonBody } from './http/body';
import { cors } from './http/cors';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { type RequestIdSource, requestContext } from './http/request-context';
import { operationsRouter } from './http/route';
import { jsonLogger, type Logger } from './logger';
import { membershipsHandlers } from './memberships/memberships.routes';
import { promotionsHandlers } from './promotions/promotions.routes';
import type { Store } from './repositories';
import { segmentsHandlers } from './segments/segments.routes';
import { mergeHandlers } from './shopper-profiles/merge.routes';
import { shopperProfilesHandlers } from './shopper-profiles/shopper-profiles.routes';

/** The Express route every operation is mounted under, from the document's base path. */
export const BASE_PATH = EXPRESS_BASE_PATH;

export interface AppDeps {
  store: Store;
  /** Where the work a delete leaves behind runs; by default in this process, after the response. */
  cleanup?: CleanupScheduler;
  logger?: Logger;
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsAllowedOrigins?: readonly string[];
  /** Where the request id comes from (the Lambda entry passes the invocation's id). */
  requestId?: RequestIdSource;
  /** Serve the API reference at `/docs`; off unless given. */
  docs?: DocsOptions;
}

/** One JSON line a request: enough to find a store's calls and to follow one through the logs. */
function requestLog(logger: Logger, requestId: AppDeps['requestId']): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info('request', {
        ...requestContext(req, res, requestId),
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
  app.use(readJsonBody);
  app.use(
    BASE_PATH,
    operationsRouter(store.tokens, {
      ...segmentsHandlers(store.segments, cleanup),
      ...shopperProfilesHandlers(store.profiles, store.memberships, cleanup),
      ...membershipsHandlers(store.memberships),
      ...promotionsHandlers(store.promotions),
      ...customersHandlers(store.customers),
      ...mergeHandlers(store.merges, cleanup),
      ...eventsHandlers(store.events),
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(logger, requestId));
  return app;
}
