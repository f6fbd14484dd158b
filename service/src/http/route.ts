import { type ErrorRequestHandler, type RequestHandler, type Response, Router } from 'express';
import type { TokensRepository } from '../auth/tokens.repository';
import { admission, requireScope, startScopeCheck } from './auth';
import { refuseUnreadableBody } from './body';
import { MethodNotAllowedError } from './http-errors';
import { type Operation, operations } from './openapi';
import { reply, type TypedOperationHandlers } from './operation-types';
import { stateOf, type ValidatedInput } from './request-context';
import { validateRequest } from './validate';

/** What the router hands a handler: the store it acts on and the request, already validated. */
interface OperationContext extends ValidatedInput {
  storeHash: string;
}

/** `/segments/{segmentId}` → `/segments/:segmentId` */
function expressPath(openapiPath: string): string {
  return openapiPath.replace(/\{(\w+)\}/g, ':$1');
}

/** A handler as the router calls it: every typed handler is one, its input and reply checked where it is written. */
type MountedHandler = (context: OperationContext, replyWith: typeof reply) => Promise<{ status: number; body?: unknown }>;

/**
 * What the router asks of a write's guard (its Idempotency-Key, ../idempotency/): a step that may
 * answer before the handler runs, what is done with the answer before it is sent, and what is done
 * when the run fails. Declared here, implemented above, so http/ never imports its guard.
 */
export interface WriteGuard {
  claim(op: Operation): RequestHandler;
  keep(res: Response, answer: { status: number; body?: unknown }): Promise<void>;
  settle: ErrorRequestHandler;
}

function run(handler: MountedHandler, beforeSend?: WriteGuard['keep']): RequestHandler {
  return async (req, res) => {
    const { input, storeHash } = stateOf(req);
    // Validation and the token's check ran before this step, and each sets its field or fails.
    if (!input || storeHash === undefined) throw new Error('an operation ran before its validation or token check');
    const answering = handler({ ...input, storeHash }, reply);
    // A read may have started before its token check ended: the check's verdict comes first, and
    // a caller who fails it learns nothing of what the read found, or of how it failed.
    answering.catch(() => {});
    await admission(req);
    const answer = await answering;
    await beforeSend?.(res, answer);
    if (answer.body === undefined) res.status(answer.status).end();
    else res.status(answer.status).json(answer.body);
  };
}

/** On a read's route: an error (a 400, a 404, a failed read) waits for the token check, whose own failure wins. */
const afterAdmission: ErrorRequestHandler = (error, req, _res, next) => {
  admission(req).then(() => next(error), next);
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
export function operationsRouter(tokens: TokensRepository, handlers: TypedOperationHandlers, guard?: WriteGuard): Router {
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
      const handler = handlers[op.operationId] as unknown as MountedHandler;
      const checks = [refuseUnreadableBody, validateRequest(op)];
      if (op.method === 'GET') route.get(startScopeCheck(tokens, op.requiredScope), ...checks, run(handler), afterAdmission);
      else {
        // A write's Idempotency-Key is looked at once the request is known valid (../idempotency/).
        const keyed = guard ? [guard.claim(op), run(handler, guard.keep), guard.settle] : [run(handler)];
        route[op.method.toLowerCase() as 'post' | 'put' | 'delete'](requireScope(tokens, op.requiredScope), ...checks, ...keyed);
      }
    }
    const methods = pathOperations.map((op) => op.method);
    route.all((_req, _res, next) => next(new MethodNotAllowedError(methods)));
  }
  return router;
}
