import { RETRY_SCHEDULE_SECONDS } from '../../service/src/hooks/delivery';
import { delayUntil, followUps } from '../../service/src/hooks/wake-ups';

describe("the delivery function's wake-ups", () => {
  const now = 1_800_000_000_000;

  it('puts a retry back on the queue for when it is due, at most 15 minutes ahead (SQS), carrying the time', () => {
    const runs = [
      { hookId: 'a', outcome: 'retry' as const, delivered: 0, retryAt: now + 5000 },
      { hookId: 'b', outcome: 'retry' as const, delivered: 2, retryAt: now + 2 * 60 * 60 * 1000 },
      { hookId: 'c', outcome: 'idle' as const, delivered: 3 },
      { hookId: 'd', outcome: 'more' as const, delivered: 25 },
      { hookId: 'e', outcome: 'deactivated' as const, delivered: 0 },
    ];

    expect(followUps(runs, 'store', now)).toEqual([
      { wake: { store_hash: 'store', hook_id: 'a', not_before: now + 5000 }, delaySeconds: 5 },
      { wake: { store_hash: 'store', hook_id: 'b', not_before: now + 7_200_000 }, delaySeconds: 900 },
      { wake: { store_hash: 'store', hook_id: 'd' }, delaySeconds: 0 },
    ]);
  });

  it('never asks SQS for a negative delay', () => {
    expect(delayUntil(now - 10_000, now)).toBe(0);
  });
});

describe('the retry schedule', () => {
  it('retries first within 30 s and keeps trying for at least 24 hours', () => {
    expect(RETRY_SCHEDULE_SECONDS[0]).toBeLessThanOrEqual(30);
    expect(RETRY_SCHEDULE_SECONDS.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(24 * 60 * 60);
  });
});
