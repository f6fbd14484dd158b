import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ConditionsFailed, UnprocessedItemsLeft } from './table';

/**
 * What a failed DynamoDB call means for the caller:
 * - `unavailable`: DynamoDB could not be reached, did not answer in time, answered something
 *   that is not DynamoDB's (a proxy's HTML page, JSON cut short), throttled, or failed inside,
 *   after the SDK's retries. Nothing was written; the same request can succeed later (503).
 * - `refused`: DynamoDB understood the request and refused it as invalid (ValidationException, a
 *   transaction cancelled for a ValidationError, a table that does not exist). Sending it again
 *   cannot succeed, so it is not answered with "retry later": it is our defect or our
 *   misconfiguration, answered 500 and logged.
 * - `undefined`: not an error of a DynamoDB call at all (a bug of ours: 500).
 */
export type DynamoFailure = 'unavailable' | 'refused';

const REFUSED = new Set(['ValidationException', 'ResourceNotFoundException', 'SerializationException']);

/** Every error out of the SDK's retry loop carries `$metadata` (attempts, HTTP status when there was one). */
function isSdkError(error: object): error is Error & { $metadata: { attempts?: number; httpStatusCode?: number } } {
  return '$metadata' in error && typeof error.$metadata === 'object' && error.$metadata !== null;
}

export function classifyDynamoFailure(error: unknown): DynamoFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // The store gave up retrying conditions that kept failing under concurrent writers, or items DynamoDB kept leaving unprocessed.
  if (error instanceof ConditionsFailed || error instanceof UnprocessedItemsLeft) return 'unavailable';
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ValidationError') ? 'refused' : 'unavailable';
  }
  if (!isSdkError(error)) return undefined;
  return REFUSED.has(error.name) ? 'refused' : 'unavailable';
}

/** What the logs say about a failure underneath a response: enough to tell an outage from a bug, no item data. */
export function describeCause(error: unknown): Record<string, unknown> | undefined {
  if (!(error instanceof Error)) return error === undefined ? undefined : { message: String(error) };
  const described: Record<string, unknown> = { name: error.name, message: error.message };
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') described.code = code;
  if (isSdkError(error)) {
    described.attempts = error.$metadata.attempts;
    described.http_status = error.$metadata.httpStatusCode;
  }
  if (error instanceof TransactionCanceledException) {
    described.cancellation_reasons = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
  }
  if (error instanceof UnprocessedItemsLeft || error instanceof ConditionsFailed) described.name = error.constructor.name;
  return described;
}
