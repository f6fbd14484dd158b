import { randomUUID } from 'node:crypto';
import { Expired } from '../errors';
import type { Logger } from '../logger';
import { type DestinationPolicy, DestinationRefused } from './destinations';
import type { EventSource, FeedEvent } from './event-source';
import { type HookItem, inScope } from './hook';
import type { HooksRepository } from './hooks.repository';
import { type PostOutcome, post } from './post';
import { signatureHeaders } from './signing';

/**
 * Seconds to wait before each retry of a failing event: the first retry 5 s after the first
 * failure, then 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: 8 attempts over 27 h 15 min 5 s. When
 * the 8th attempt fails too, the hook is deactivated (`is_active: false`); its events stay in
 * the feed, and `PUT /hooks/{id}` with `is_active: true` starts again from the one that failed.
 */
export const RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 300, 1800, 7200, 18000, 36000, 36000];

export interface DeliveryOptions {
  /** A 2xx must start arriving within this time to acknowledge. */
  timeoutMs: number;
  /** How long a run holds a hook without progress before another run may take it. */
  leaseMs: number;
  /** Events read from the feed at a time. */
  batchSize: number;
  retrySchedule: readonly number[];
  now: () => number;
}

export const DELIVERY_DEFAULTS: DeliveryOptions = {
  timeoutMs: 5000,
  leaseMs: 30_000,
  batchSize: 25,
  retrySchedule: RETRY_SCHEDULE_SECONDS,
  now: Date.now,
};

/** How a run of one hook ended, and when that hook wants a run again (`retryAt`, epoch ms). */
export type HookRun =
  /** Everything in the feed is delivered. */
  | { hookId: string; outcome: 'idle'; delivered: number }
  /** Not active, not due, or held by another run: nothing was done. */
  | { hookId: string; outcome: 'skipped'; delivered: 0 }
  | { hookId: string; outcome: 'retry'; delivered: number; retryAt: number }
  | { hookId: string; outcome: 'deactivated'; delivered: number }
  /** The run reached its deadline with events left: run again now. */
  | { hookId: string; outcome: 'more'; delivered: number }
  /** The hook was deleted, or its lease passed to another run: this run stopped. */
  | { hookId: string; outcome: 'lost'; delivered: number };

/**
 * Delivers the feed's events to hooks. One run a hook at a time (a lease on the hook's item),
 * one event at a time within it, each sent after the one before it was acknowledged: so a
 * hook receives any shopper profile's events in the order of the feed, and a later event is
 * never sent before an earlier one is acknowledged. Each hook has its own run, so a slow or dead
 * receiver holds back only its own hook; at least once, since the position moves only after
 * the 2xx (a run that dies between the two sends that event again, with the same `webhook-id`).
 * The same class runs under `npm start` (./dispatcher.ts) and in Lambda (./lambda.ts).
 */
export class HookDeliverer {
  private readonly options: DeliveryOptions;

  constructor(
    private readonly hooks: HooksRepository,
    private readonly events: EventSource,
    private readonly destinations: DestinationPolicy,
    private readonly logger: Logger,
    options: Partial<DeliveryOptions> = {},
  ) {
    this.options = { ...DELIVERY_DEFAULTS, ...options };
  }

  /** Runs every hook of the store that has something due, side by side. */
  async runStore(storeHash: string, deadline = Number.POSITIVE_INFINITY): Promise<HookRun[]> {
    const items = await this.hooks.items(storeHash);
    const now = this.options.now();
    const due = items.filter((item) => item.is_active && (item.next_attempt_at ?? 0) <= now);
    return Promise.all(due.map((item) => this.runHook(storeHash, item.id, deadline)));
  }

  /**
   * Whether the hook has something to do: an event past its position (a cheap look before
   * claiming it), or a position the feed no longer keeps, which its run deactivates.
   */
  async hasPending(item: HookItem): Promise<boolean> {
    try {
      return (await this.events.readAfter(item.store_hash, item.cursor, 1)).entries.length > 0;
    } catch (error) {
      if (error instanceof Expired) return true;
      throw error;
    }
  }

  /** Delivers one hook's due events in order, until the feed is drained, an event fails, or the deadline. */
  async runHook(storeHash: string, hookId: string, deadline = Number.POSITIVE_INFINITY): Promise<HookRun> {
    const { leaseMs, batchSize } = this.options;
    const owner = randomUUID();
    const hook = await this.hooks.claim(storeHash, hookId, owner, leaseMs, this.options.now());
    if (!hook) return { hookId, outcome: 'skipped', delivered: 0 };
    let delivered = 0;
    let cursor = hook.cursor;
    /** Position moved past events out of the hook's scope and not yet written. */
    let skippedTo: string | undefined;
    const moveTo = async (to: string) => {
      const held = await this.hooks.advance(storeHash, hookId, owner, to, leaseMs, this.options.now());
      cursor = to;
      skippedTo = undefined;
      return held;
    };
    try {
      const secrets = await this.hooks.signingSecrets(hook, new Date(this.options.now()));
      while (this.options.now() < deadline) {
        let page: Awaited<ReturnType<EventSource['readAfter']>>;
        try {
          page = await this.events.readAfter(storeHash, cursor, batchSize);
        } catch (error) {
          if (error instanceof Expired) return await this.positionExpired(hook, owner, delivered);
          throw error;
        }
        if (page.entries.length === 0) break;
        for (const { event, cursor: after } of page.entries) {
          if (!inScope(hook.scope, event.type)) {
            skippedTo = after;
            continue;
          }
          if (skippedTo !== undefined && !(await moveTo(skippedTo))) return { hookId, outcome: 'lost', delivered };
          const outcome = await this.send(hook, secrets, event);
          if (!outcome.acknowledged) return await this.failed(hook, owner, event, outcome, delivered);
          delivered++;
          if (!(await moveTo(after))) return { hookId, outcome: 'lost', delivered };
          if (this.options.now() >= deadline) break;
        }
        if (skippedTo !== undefined && !(await moveTo(skippedTo))) return { hookId, outcome: 'lost', delivered };
      }
      const more = this.options.now() >= deadline;
      await this.hooks.release(storeHash, hookId, owner);
      return more ? { hookId, outcome: 'more', delivered } : { hookId, outcome: 'idle', delivered };
    } catch (error) {
      // The lease runs out by itself; the next run starts from the last acknowledged event.
      this.logger.error('hook run failed', { store_hash: storeHash, hook_id: hookId, error: String(error) });
      throw error;
    }
  }

  private async send(hook: HookItem, secrets: Buffer[], event: FeedEvent): Promise<PostOutcome> {
    let destination: Awaited<ReturnType<DestinationPolicy['vet']>>;
    try {
      // Again at every attempt: the name may resolve elsewhere since the hook was saved.
      destination = await this.destinations.vet(hook.destination);
    } catch (error) {
      if (error instanceof DestinationRefused) return { acknowledged: false, reason: `destination refused: ${error.message}` };
      throw error;
    }
    const body = JSON.stringify(event);
    const headers = { ...hook.headers, ...signatureHeaders(secrets, event.id, new Date(this.options.now()), body) };
    return post({ destination, headers, body, timeoutMs: this.options.timeoutMs });
  }

  /**
   * The feed no longer keeps the events after the hook's position (it was behind longer than the
   * feed's retention): sending on from the oldest event kept would skip events without a word,
   * and trying again would fail forever. So the hook is deactivated, logged as a failed delivery
   * with the reason (the deactivation alarm counts it); `PUT /hooks/{id}` refuses to turn it back
   * on (410), and its owner creates a new hook, which starts at the end of the feed.
   */
  private async positionExpired(hook: HookItem, owner: string, delivered: number): Promise<HookRun> {
    this.logger.info('hook delivery failed', {
      store_hash: hook.store_hash,
      hook_id: hook.id,
      reason: 'position expired: the feed no longer keeps the events after the hook position',
      deactivated: true,
    });
    const held = await this.hooks.recordFailure(hook.store_hash, hook.id, owner, {
      attempts: hook.attempts,
      retryAt: this.options.now(),
      deactivate: true,
    });
    return held ? { hookId: hook.id, outcome: 'deactivated', delivered } : { hookId: hook.id, outcome: 'lost', delivered };
  }

  private async failed(
    hook: HookItem,
    owner: string,
    event: FeedEvent,
    outcome: Extract<PostOutcome, { acknowledged: false }>,
    delivered: number,
  ): Promise<HookRun> {
    const schedule = this.options.retrySchedule;
    // Attempts at this event so far; a run that acknowledged something this time started it afresh.
    const attempts = (delivered > 0 ? 0 : hook.attempts) + 1;
    const deactivate = attempts > schedule.length;
    const retryAt = this.options.now() + (schedule[attempts - 1] ?? 0) * 1000;
    this.logger.info('hook delivery failed', {
      store_hash: hook.store_hash,
      hook_id: hook.id,
      event_id: event.id,
      attempt: attempts,
      status: outcome.status,
      reason: outcome.reason,
      ...(deactivate ? { deactivated: true } : { retry_at: new Date(retryAt).toISOString() }),
    });
    const held = await this.hooks.recordFailure(hook.store_hash, hook.id, owner, { attempts, retryAt, deactivate });
    if (!held) return { hookId: hook.id, outcome: 'lost', delivered };
    return deactivate ? { hookId: hook.id, outcome: 'deactivated', delivered } : { hookId: hook.id, outcome: 'retry', delivered, retryAt };
  }
}
