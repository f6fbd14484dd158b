import { type ErrorRequestHandler, type RequestHandler, Router } from 'express';
import { admission, requireScope, startScopeCheck } from '../auth/auth.middleware';
import type { TokensRepository } from '../auth/tokens.repository';
import { MethodNotAllowedError } from '../errors';
import type { IdempotencyGuard } from '../idempotency/middleware';
import { refuseUnreadableBody } from './body';
import { type Operation, type OperationId, operations } from './openapi';
import { reply, type TypedOperationHandler, type TypedOperationHandlers } from './operation-types';
import { type ValidatedInput, validateRequest } from './validate';

/** What an operation handler sees: the store it acts on and the request, already validated. */
export interface OperationContext extends ValidatedInput {
  storeHash: string;
}

export interface Reply {
  status: 200 | 201 | 204;
  body?: unknown;
}

/**
 * The loose form of a handler: input and reply not tied to the operation. Prefer
 * `TypedOperationHandlers` (./operation-types), whose handlers get their operation's params,
 * query and body and may answer only its statuses and fields; this form still mounts, so a
 * resource can move over on its own.
 */
export type OperationHandler = (context: OperationContext) => Promise<Reply>;
export type OperationHandlers = Partial<Record<OperationId, OperationHandler>>;

/** What `operationsRouter` mounts: each operation's handler, typed or loose. */
export type AnyOperationHandlers = { [Id in OperationId]?: TypedOperationHandler<Id> | OperationHandler };

/** `/segments/{segmentId}` → `/segments/:segmentId` */
function expressPath(openapiPath: string): string {
  return openapiPath.replace(/\{(\w+)\}/g, ':$1');
}

/** A handler as the router calls it, typed or loose alike. */
type MountedHandler = (context: OperationContext, replyWith: typeof reply) => Promise<{ status: number; body?: unknown }>;

/** What is done with a write's answer before it is sent (its idempotency key keeps it). */
type BeforeSend = IdempotencyGuard['keep'];

function run(handler: MountedHandler, beforeSend?: BeforeSend): RequestHandler {
  return async (_req, res) => {
    const input = res.locals.input as ValidatedInput;
    const answering = handler({ ...input, storeHash: res.locals.storeHash as string }, reply);
    // A read may have started before its token check ended: the check's verdict comes first, and
    // a caller who fails it learns nothing of what the read found, or of how it failed.
    answering.catch(() => {});
    await admission(res);
    const answer = await answering;
    await beforeSend?.(res, answer);
    if (answer.body === undefined) res.status(answer.status).end();
    else res.status(answer.status).json(answer.body);
  };
}

/** On a read's route: an error (a 400, a 404, a failed read) waits for the token check, whose own failure wins. */
const afterAdmission: ErrorRequestHandler = (error, _req, res, next) => {
  admission(res).then(() => next(error), next);
};

/** The document's operations on each of its paths, in the document's order. */
function operationsByPath(): Map<string, Operation[]> {
  const byPath = new Map<string, Operation[]>();
  for (const op of operations.values()) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  return byPath;
}

/**
 * Mounts every operation of the API document, each behind the same chain: token and scope
 * (from the operation's `x-required-scope`), then what reading the body found wrong (see
 * body.ts), then validation against the document, then its handler: a request without a token
 * gets 401 whatever body it sends. A method a known path does not have answers 405
 * with `Allow`. An operation in the document without a handler stops the app from starting.
 *
 * A write waits for its token check before anything else. A read (GET) does not: its token is
 * checked while it reads, which saves a DynamoDB round trip whenever the token is not cached (the
 * first request of every Lambda instance, for one), and its answer waits for the check. The
 * price: a caller with a wrong token makes the service read what it is then refused.
 */
export function operationsRouter(
  tokens: TokensRepository,
  handlers: AnyOperationHandlers | TypedOperationHandlers,
  idempotency?: IdempotencyGuard,
): Router {
  const missing = [...operations.keys()].filter((id) => !handlers[id]);
  if (missing.length > 0) throw new Error(`no handler for operations: ${missing.join(', ')}`);
  const router = Router({ mergeParams: true });
  // One route a path, its methods on it: a path is matched once, whichever method it is asked
  // with, and one pattern is compiled per path rather than per operation (start-up time).
  for (const [path, pathOperations] of operationsByPath()) {
    const route = router.route(expressPath(path));
    for (const op of pathOperations) {
      // The one place input meets its type: validateRequest has checked it against this
      // operation's document entry, which is what the typed handler's input is derived from.
      const handler = handlers[op.operationId] as MountedHandler;
      const checks = [refuseUnreadableBody, validateRequest(op)];
      if (op.method === 'GET') route.get(startScopeCheck(tokens, op.requiredScope), ...checks, run(handler), afterAdmission);
      else {
        // A write's Idempotency-Key is looked at once the request is known valid (../idempotency/).
        const keyed = idempotency ? [idempotency.claim(op), run(handler, idempotency.keep), idempotency.settle] : [run(handler)];
        route[op.method.toLowerCase() as 'post' | 'put' | 'delete'](requireScope(tokens, op.requiredScope), ...checks, ...keyed);
      }
    }
    const methods = pathOperations.map((op) => op.method);
    route.all((_req, _res, next) => next(new MethodNotAllowedError(methods)));
  }
  return router;
}
