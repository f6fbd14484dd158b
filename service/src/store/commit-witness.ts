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
}

/** The witness of the request running now, if it holds a key. */
export const commitWitnesses = new AsyncLocalStorage<CommitWitness>();

/** The request's key was taken over by another request (its claim ran out): nothing of this transaction was written. */
export class ClaimLost extends Error {
  constructor() {
    super('the idempotency key is held by another request');
  }
}
