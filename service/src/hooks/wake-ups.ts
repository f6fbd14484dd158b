import type { HookRun } from './delivery';

/**
 * A wake-up on the delivery queue: look at a store's hooks (an event of the store was
 * published), or at one hook (its retry is due, or its last run ran out of time). `not_before`
 * carries a retry past SQS's 15-minute delay: the message is sent on again until then.
 */
export interface WakeUp {
  store_hash: string;
  hook_id?: string;
  /** Epoch milliseconds. */
  not_before?: number;
}

/** SQS delays a message 15 minutes at most. */
const MAX_DELAY_SECONDS = 900;

/** The decision for one wake-up, apart from SQS: what to put back on the queue, and when. */
export function followUps(runs: readonly HookRun[], storeHash: string, now: number): { wake: WakeUp; delaySeconds: number }[] {
  return runs.flatMap((run) => {
    if (run.outcome === 'more') return [{ wake: { store_hash: storeHash, hook_id: run.hookId }, delaySeconds: 0 }];
    if (run.outcome !== 'retry') return [];
    return [{ wake: { store_hash: storeHash, hook_id: run.hookId, not_before: run.retryAt }, delaySeconds: delayUntil(run.retryAt, now) }];
  });
}

export function delayUntil(at: number, now: number): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((at - now) / 1000)));
}
