import express, { type RequestHandler } from 'express';
import type { Store } from './assemble';
import { type DocsOptions, docsRouter } from './docs/docs.routes';
import { eventsHandlers } from './events/events.routes';
import { DestinationPolicy } from './hooks/destinations';
import { hooksHandlers } from './hooks/hooks.routes';
import { EXPRESS_BASE_PATH } from './http/base-path';
import { readJsonBody } from './http/body';
import { cors } from './http/cors';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { type RequestIdSource, requestContext } from './http/request-context';
import { operationsRouter } from './http/route';
import { idempotencyGuard } from './idempotency/middleware';
import { jsonLogger, type Logger } from './logger';
import { customersHandlers } from './routes/customers.routes';
import { membershipsHandlers } from './routes/memberships.routes';
import { mergeHandlers } from './routes/merge.routes';
import { promotionsHandlers } from './routes/promotions.routes';
import { segmentsHandlers } from './routes/segments.routes';
import { shopperProfilesHandlers } from './routes/shopper-profiles.routes';
import { createWorkflows } from './workflows';
import { type CleanupScheduler, InProcessCleanup } from './workflows/cleanup';

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
  /** Which webhook destinations are accepted; by default https to public addresses only, resolved by the system's DNS. */
  hookDestinations?: DestinationPolicy;
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
  cleanup = new InProcessCleanup(store, logger),
  corsAllowedOrigins = [],
  docs,
  hookDestinations = new DestinationPolicy({ allowLoopback: false }),
}: AppDeps): express.Express {
  const workflows = createWorkflows(store, cleanup);
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
    operationsRouter(
      store.tokens,
      {
        ...segmentsHandlers(store.segments, workflows.segmentDeletes),
        ...shopperProfilesHandlers(store.profiles, workflows.profileDeletes),
        ...membershipsHandlers(store.memberships),
        ...promotionsHandlers(store.promotions),
        ...customersHandlers(workflows.customers),
        ...mergeHandlers(workflows.guestMerge),
        ...hooksHandlers(store.hooks, hookDestinations, store.feed),
        ...eventsHandlers(store.feed),
      },
      idempotencyGuard(store.idempotency, logger),
    ),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(logger, requestId));
  return app;
}
