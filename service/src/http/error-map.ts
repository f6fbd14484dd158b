import { BatchConflict, Contended, type DomainError, Expired, InvalidRequest, LimitReached, NotFound } from '../errors';
import { BadRequestError, ConflictError, HttpError, NotFoundError, ServiceUnavailableError } from './http-errors';

/** How long a client is asked to wait before sending a request that met a busy store again. */
export const RETRY_AFTER_SECONDS = 1;

type Mapping<E extends DomainError> = [kind: abstract new (...args: never[]) => E, toHttp: (error: E) => HttpError];

const mapping = <E extends DomainError>(
  kind: abstract new (...args: never[]) => E,
  toHttp: (error: E) => HttpError,
): Mapping<DomainError> => [kind, (error) => toHttp(error as E)];

/**
 * The one place a domain error becomes an answer of the API (as a router maps errors through a
 * registry): its status, and which envelope ./error-handler.ts renders it in. The first kind an
 * error is an instance of wins.
 */
const REGISTRY: readonly Mapping<DomainError>[] = [
  mapping(InvalidRequest, (error) => new BadRequestError(error.title, error.details)),
  mapping(NotFound, (error) => new NotFoundError(error.title, error.details)),
  mapping(BatchConflict, (error) => new ConflictError(error.title, error.details, error.batchSize)),
  mapping(LimitReached, (error) => new HttpError(409, error.title, error.details)),
  mapping(Expired, (error) => new HttpError(410, error.title, error.details)),
  mapping(Contended, (error) => new ServiceUnavailableError(RETRY_AFTER_SECONDS, error.cause)),
];

/** The API's answer to a domain error; undefined for a kind nobody mapped (a defect: the handler answers 500). */
export function httpErrorOf(error: DomainError): HttpError | undefined {
  const found = REGISTRY.find(([kind]) => error instanceof kind);
  return found?.[1](error);
}
