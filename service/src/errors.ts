/**
 * What the service's own code throws when a request cannot be done: domain errors that know no
 * status code, no header and no envelope. Repositories and workflows throw these; the edge maps
 * each kind to the API's answer in one place (http/error-map.ts). Code below the edge may branch
 * on an error's kind and `subject`, never on its user-facing `title` or `details`.
 */

/** Field (or entry) → what is wrong with it, as in the beta's `errors` object. */
export type ErrorDetails = Record<string, string>;

export abstract class DomainError extends Error {
  constructor(
    /** A sentence the caller can act on. */
    readonly title: string,
    readonly details: ErrorDetails = {},
    /** What went wrong underneath (a DynamoDB error, say): logged for the operator, never answered. */
    cause?: unknown,
  ) {
    super(title, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
  }
}

/** The request asks for something that can never succeed as sent (a repeated id, an expression too large, a bad cursor). */
export class InvalidRequest extends DomainError {}

/** What a missing thing is, for code that must tell one absence from another (a merge does). */
export type Missing = 'segment' | 'shopper-profile' | 'guest' | 'customer-profile' | 'promotion' | 'hook';

/** Something the request names does not exist (or no longer does). */
export class NotFound extends DomainError {
  constructor(
    readonly subject: Missing,
    title: string,
    details: ErrorDetails = {},
  ) {
    super(title, details);
  }
}

/**
 * A batch write refused because entries conflict with the store (or with each other);
 * all-or-nothing, so none of its `batchSize` entries was written.
 */
export class BatchConflict extends DomainError {
  constructor(
    title: string,
    details: ErrorDetails,
    readonly batchSize: number,
  ) {
    super(title, details);
  }
}

/** What the request names was kept for a while and is no longer (a feed cursor older than the feed's retention). */
export class Expired extends DomainError {}

/** A limit of the store is reached; nothing was written. */
export class LimitReached extends DomainError {}

/**
 * The write met other writers every time it tried (or DynamoDB kept refusing part of it): nothing
 * the caller sent is wrong, and the same request can succeed a moment later.
 */
export class Contended extends DomainError {
  constructor(cause?: unknown) {
    super('The service is busy; retry the request later.', {}, cause);
  }
}
