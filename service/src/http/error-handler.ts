import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError } from '../errors';
import type { Logger } from '../logger';
import { sourceMappedStack } from '../stack-trace';
import { classifyDynamoFailure, describeCause } from '../store/failures';
import { httpErrorOf, RETRY_AFTER_SECONDS } from './error-map';
import {
  BadRequestError,
  ConflictError,
  ERROR_TYPE,
  HttpError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
} from './http-errors';
import { type RequestIdSource, requestContext } from './request-context';

function envelope(error: HttpError, instance: string) {
  return { status: error.status, title: error.title, type: ERROR_TYPE, instance, errors: error.details };
}

/**
 * Errors raised by Express (its router and body parser, through `http-errors`), which are the
 * client's fault: they carry a 4xx `status`. Their messages are not ours to repeat.
 */
function fromExpress(error: { type?: unknown; limit?: unknown; status?: unknown }): HttpError | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return new BadRequestError('The request body is not valid JSON.');
    case 'entity.too.large':
      return new PayloadTooLargeError(Number(error.limit));
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError('The request body must be sent uncompressed, or with Content-Encoding gzip, deflate or br.');
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('The request body must be UTF-8 encoded JSON.');
    case 'request.aborted':
      return new BadRequestError('The request body was not received in full.');
  }
  if (error instanceof URIError) return new BadRequestError('The request path is not valid percent-encoding.');
  // A compressed body that does not inflate (zlib's error, given status 400 by the body parser).
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return new BadRequestError('The request body could not be read (is its Content-Encoding right?).');
  }
  return undefined;
}

/** A DynamoDB that failed in a way the same request may not meet later: come back, do not give up. */
function fromDynamoDb(error: unknown): HttpError | undefined {
  return classifyDynamoFailure(error) === 'unavailable' ? new ServiceUnavailableError(RETRY_AFTER_SECONDS, error) : undefined;
}

/** Answers every unknown route with a 404 in the envelope, rather than Express's HTML page. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError('There is no such resource.'));
};

/**
 * Renders every error in the beta's envelope. An error we did not raise on purpose is logged
 * and answered with a bare 500: its message or stack never reaches the client. Every 5xx is
 * logged with the request's id, store, method and path, and what failed underneath.
 */
export function errorHandler(logger: Logger, requestId?: RequestIdSource): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const known =
      error instanceof HttpError
        ? error
        : error instanceof DomainError
          ? httpErrorOf(error)
          : typeof error === 'object' && error !== null
            ? (fromExpress(error) ?? fromDynamoDb(error))
            : undefined;
    const instance = req.originalUrl;
    if (!known) {
      logger.error('unhandled error', {
        ...requestContext(req, res, requestId),
        status: 500,
        error: error instanceof Error ? { ...describeCause(error), stack: sourceMappedStack(error.stack ?? '') } : String(error),
      });
      res.status(500).json({ status: 500, title: 'Internal server error.', type: ERROR_TYPE, instance, errors: {} });
      return;
    }
    if (known.status >= 500) {
      logger.error('dependency failed', {
        ...requestContext(req, res, requestId),
        status: known.status,
        cause: describeCause(known.cause),
      });
    }
    res.set(known.headers);
    if (known instanceof ConflictError) {
      res.status(409).json({
        data: [],
        errors: [{ status: 409, title: known.title, type: ERROR_TYPE, errors: known.details }],
        meta: { total: known.batchSize, success: 0, failed: known.batchSize },
      });
      return;
    }
    res.status(known.status).json(envelope(known, instance));
  };
}
