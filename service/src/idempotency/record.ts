import type { ItemKey } from '../store/keys';
import { TTL_ATTRIBUTE } from '../store/schema';

/** A kept response: what the first request with a key answered. */
export interface KeptResponse {
  status: number;
  /** The headers a client relies on (./middleware.ts, `KEPT_HEADERS`), lower-case names. */
  headers: Record<string, string>;
  /** The body as JSON text; absent for a 204. */
  body?: string;
}

/**
 * The idempotency record: one item per store and key (`keys.idempotencyRecord`).
 * - `running`: a request holds the key until `lease_expires_ms`; `lease` names that request.
 *   `committed_by` and `last_commit` are written by the request's transactions themselves, in
 *   their commits (../store/commit-witness.ts): the table says whether a change happened.
 * - `done`: `response` is answered to every request with the same key and fingerprint.
 * DynamoDB's time to live removes it after `expires_at`; until it does, an expired record is
 * treated as absent.
 */
export interface IdempotencyItem extends ItemKey {
  state: 'running' | 'done';
  fingerprint: string;
  lease: string;
  lease_expires_ms: number;
  [TTL_ATTRIBUTE]: number;
  committed_by?: string;
  last_commit?: string;
  response?: KeptResponse;
}

/** What a request with a key finds when it claims it. */
export type ClaimOutcome =
  | { kind: 'claimed'; lease: string }
  /** The first request with the key answered this; answer it again. */
  | { kind: 'replay'; response: KeptResponse }
  /** The key was first sent with another request. */
  | { kind: 'mismatch' }
  /** The first request with the key is still running. */
  | { kind: 'running' }
  /**
   * The first request changed the store, and died or failed before its response was kept (every
   * reply of DynamoDB lost, then the table unreachable): running it again could write twice.
   */
  | { kind: 'unanswered' };
