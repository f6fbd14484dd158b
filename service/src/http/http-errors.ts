/**
 * The API's answers to what goes wrong, each carrying its status and a title a person can act on.
 * Only the edge makes these: HTTP's own failures (a token, a method, a body) directly, the domain's
 * through the one mapping in ./error-map.ts. ./error-handler.ts renders them in the beta's envelope.
 */
import type { ErrorDetails } from '../errors';

export const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly details: ErrorDetails = {},
    readonly headers: Record<string, string> = {},
    /** What went wrong underneath (a DynamoDB error, say): logged for the operator, never answered. */
    cause?: unknown,
  ) {
    super(title, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}

export class BadRequestError extends HttpError {
  constructor(title: string, details: ErrorDetails = {}) {
    super(400, title, details);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(title = 'A valid X-Auth-Token for this store is required.') {
    super(401, title);
  }
}

export class ForbiddenError extends HttpError {
  constructor(requiredScope: string) {
    super(403, `This operation needs a token with the ${requiredScope} scope.`);
  }
}

export class NotFoundError extends HttpError {
  constructor(title: string, details: ErrorDetails = {}) {
    super(404, title, details);
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(allowed: readonly string[]) {
    super(405, `This path answers ${allowed.join(', ')} only.`, {}, { Allow: allowed.join(', ') });
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super(413, `The request body is larger than ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor(title: string) {
    super(415, title);
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(retryAfterSeconds: number, cause?: unknown) {
    super(503, 'The service is busy; retry the request later.', {}, { 'Retry-After': String(retryAfterSeconds) }, cause);
  }
}

/**
 * A batch write refused, rendered in the beta's batch envelope:
 * `{data: [], errors: [...], meta: {total, success, failed}}`.
 */
export class ConflictError extends HttpError {
  constructor(
    title: string,
    details: ErrorDetails,
    readonly batchSize: number,
  ) {
    super(409, title, details);
  }
}
