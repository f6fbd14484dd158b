import { ConflictError, HttpError } from '../http/http-errors';
import type { Operation } from '../http/openapi';
import { IDEMPOTENCY_KEY_HEADER } from './key';

const RETRY_AFTER_SECONDS = '1';

/** The key was first sent with another request: 422, naming the key. */
export class IdempotencyKeyReusedError extends HttpError {
  constructor(key: string) {
    super(422, `The ${IDEMPOTENCY_KEY_HEADER} "${key}" was first sent with another request; send this one with a key of its own.`, {
      [IDEMPOTENCY_KEY_HEADER]: key,
    });
  }
}

const IN_USE = `A request with the same ${IDEMPOTENCY_KEY_HEADER} is still running; retry after the Retry-After seconds.`;
const UNANSWERED =
  `The first request with this ${IDEMPOTENCY_KEY_HEADER} changed the store, but failed before its response could be kept; ` +
  'read the store to see the change (sending it again with a new key may meet the change).';

/** The same key on a batch write (whose 409 is the beta's batch-conflict envelope), with `Retry-After`. */
class BatchKeyConflict extends ConflictError {
  override readonly headers: Record<string, string>;
  constructor(title: string, key: string, batchSize: number, retry: boolean) {
    super(title, { [IDEMPOTENCY_KEY_HEADER]: key }, batchSize);
    this.headers = retry ? { 'Retry-After': RETRY_AFTER_SECONDS } : {};
  }
}

/** Whether an operation's documented 409 is the batch-conflict envelope. */
function answersBatchConflicts(op: Operation): boolean {
  const schema = op.responses['409']?.content?.['application/json']?.schema;
  return schema?.$ref === '#/components/schemas/BatchConflictResponse';
}

/**
 * 409 for a key the service cannot run now: still running (with `Retry-After`), or run and
 * unanswered. In the envelope the operation documents for its 409s.
 */
export function keyConflict(op: Operation, key: string, body: unknown, kind: 'running' | 'unanswered'): HttpError {
  const title = kind === 'running' ? IN_USE : UNANSWERED;
  const retry = kind === 'running';
  if (answersBatchConflicts(op)) return new BatchKeyConflict(title, key, Array.isArray(body) ? body.length : 1, retry);
  return new HttpError(409, title, { [IDEMPOTENCY_KEY_HEADER]: key }, retry ? { 'Retry-After': RETRY_AFTER_SECONDS } : {});
}
