import { setTimeout as sleep } from 'node:timers/promises';
import { Contended } from '../errors';
import { ConditionsFailed } from './table';

/** What one attempt of an optimistic write knows of the attempts before it. */
export interface Attempt {
  /** 1 for the first attempt. */
  number: number;
  /**
   * Why the attempt before this one was refused, when a transaction's conditions failed: its
   * `seen` holds the items those conditions found, so this attempt need not read them again.
   */
  refused: ConditionsFailed | undefined;
}

export interface OptimisticOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Which failures mean "someone else wrote first: try again" (default: a transaction's failed conditions). */
  retryOn?: (error: unknown) => boolean;
  /** What to throw when every attempt was refused (default: `Contended`, which the edge answers 503). */
  exhausted?: (last: unknown) => Error | undefined;
  /** Wait between attempts, in ms (default none: a refused condition means the write already lost the race). */
  pauseMs?: (attempt: number) => number;
}

const onFailedConditions = (error: unknown) => error instanceof ConditionsFailed;

/**
 * The one retry loop of optimistic writes: read (or learn from the last refusal), decide, write
 * with conditions that say "as I read it", and on refusal go round again, at most `attempts`
 * times. Every write that races other writers goes through here, so the number of attempts, what
 * counts as a lost race, and what the caller finally sees are decided the same way everywhere.
 * `exhausted` may return undefined to end quietly (the loop then resolves to undefined).
 */
export async function writeOptimistically<T>(
  options: OptimisticOptions & { exhausted: (last: unknown) => undefined },
  attempt: (round: Attempt) => Promise<T>,
): Promise<T | undefined>;
export async function writeOptimistically<T>(options: OptimisticOptions, attempt: (round: Attempt) => Promise<T>): Promise<T>;
export async function writeOptimistically<T>(options: OptimisticOptions, attempt: (round: Attempt) => Promise<T>): Promise<T | undefined> {
  const retryOn = options.retryOn ?? onFailedConditions;
  let last: unknown;
  for (let number = 1; number <= options.attempts; number++) {
    if (number > 1 && options.pauseMs) await sleep(options.pauseMs(number));
    try {
      return await attempt({ number, refused: last instanceof ConditionsFailed ? last : undefined });
    } catch (error) {
      if (!retryOn(error)) throw error;
      last = error;
    }
  }
  if (options.exhausted) {
    const final = options.exhausted(last);
    if (final === undefined) return undefined;
    throw final;
  }
  throw new Contended(last);
}
