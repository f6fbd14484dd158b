import { AsyncLocalStorage } from 'node:async_hooks';
import type { TransactAction } from './table';

/**
 * What a request asks of every transaction it runs, when it holds an idempotency key
 * (../idempotency/): each transaction carries one more action that writes, in the same commit,
 * that it committed. So whether a change happened is known from the table itself, even when
 * every reply to the commit was lost, and a later request with the same key can never commit
 * the change a second time. The store layer knows only this interface, not what a key is.
 */
export interface CommitWitness {
  /** The action added to a transaction sent with `token`; it fails its condition when the request no longer holds its key. */
  action(token: string): TransactAction;
  /** After every reply to the transaction sent with `token` was lost: does the table say it committed? */
  committed(token: string): Promise<boolean>;
  /** A transaction of the request committed (with or without the added action). */
  recordCommit(): void;
  /**
   * Whether the request is still running. Work it started that outlives it (a promise chained
   * inside it) inherits the scope, and must not be witnessed once the request has answered.
   */
  active(): boolean;
}

/** The witness of the request running now, if it holds a key. */
export const commitWitnesses = new AsyncLocalStorage<CommitWitness>();

/**
 * Runs work that belongs to no request (background cleanup queued by one) outside any request's
 * witness: its transactions are its own, not the request's change.
 */
export function outsideRequest<T>(work: () => T): T {
  return commitWitnesses.exit(work);
}

/** The request's key was taken over by another request (its claim ran out): nothing of this transaction was written. */
export class ClaimLost extends Error {
  constructor() {
    super('the idempotency key is held by another request');
  }
}
