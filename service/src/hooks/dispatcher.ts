import type { Logger } from '../logger';
import type { HookDeliverer } from './delivery';
import type { HooksRepository } from './hooks.repository';

export interface DispatcherOptions {
  /** How often the stores with hooks are looked at for new events and due retries. */
  pollMs: number;
}

/**
 * The delivery loop of `npm start` (and of the tests): every `pollMs`, and whenever `wake()` is
 * called, for each store with hooks, each active hook that is due and has an event past its
 * position gets a run of its own, unless its previous run is still going. Runs are not awaited by
 * the loop or by each other, so a hook whose receiver hangs for its whole timeout delays no other
 * hook and no other store. In AWS the same `HookDeliverer` runs from a queue instead
 * (../entry/hooks.ts).
 */
export class HookDispatcher {
  private readonly running = new Map<string, Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  /** A wake-up came while a look was under way (it may have passed the hook already): look again after it. */
  private again = false;
  private stopped = false;

  constructor(
    private readonly hooks: HooksRepository,
    private readonly deliverer: HookDeliverer,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions = { pollMs: 200 },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /**
   * Looks now rather than at the next tick: `npm start` calls it when the publisher has appended
   * events, so a delivery does not wait for the poll. A wake-up during a look makes another look
   * follow it, so none is lost.
   */
  async wake(): Promise<void> {
    if (this.ticking) this.again = true;
    await this.tick();
  }

  /** Stops looking and waits for the runs in progress to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.allSettled(this.running.values());
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.tick().finally(() => this.schedule());
    }, this.options.pollMs);
  }

  private tick(): Promise<void> {
    this.ticking ??= (async () => {
      do {
        this.again = false;
        await this.visitStores();
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async visitStores(): Promise<void> {
    try {
      const stores = await this.hooks.hookedStores();
      await Promise.all(stores.map((storeHash) => this.visitStore(storeHash)));
    } catch (error) {
      this.logger.error('hook dispatch failed', { error: String(error) });
    }
  }

  private async visitStore(storeHash: string): Promise<void> {
    const now = Date.now();
    for (const item of await this.hooks.items(storeHash)) {
      const key = `${storeHash}/${item.id}`;
      if (this.stopped || this.running.has(key) || !item.is_active || (item.next_attempt_at ?? 0) > now) continue;
      try {
        if (!(await this.deliverer.hasPending(item))) continue;
      } catch (error) {
        // One hook's feed read failing holds back neither the store's other hooks nor the other stores.
        this.logger.error('hook dispatch failed', { store_hash: storeHash, hook_id: item.id, error: String(error) });
        continue;
      }
      const run = this.deliverer
        .runHook(storeHash, item.id)
        .catch(() => undefined)
        .finally(() => this.running.delete(key));
      this.running.set(key, run);
    }
  }
}
