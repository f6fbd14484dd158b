import { StandardRetryStrategy, TIMEOUT_RETRY_COST } from '@smithy/core/retry';

type RetryToken = Awaited<ReturnType<StandardRetryStrategy['acquireInitialRetryToken']>>;
type RetryErrorInfo = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[1];

export interface RecoveringRetryOptions {
  maxAttempts: number;
  /** How long a spent retry quota stays spent before a fresh one is taken. */
  quotaRecoveryMs: number;
  now?: () => number;
}

/**
 * A reply the SDK could not parse (JSON cut short, a proxy's page with status 200): the SDK calls
 * it a client error and gives up at once, although the call may well have been carried out, a
 * write committed. Sent again it is answered properly: a read is read again, and a transaction
 * (same ClientRequestToken) is answered with its first result rather than run twice.
 */
function isGarbledReply(error: unknown): boolean {
  return error instanceof Error && error.name === 'SyntaxError' && '$response' in error;
}

/**
 * The SDK's standard retries (exponential backoff with jitter, throttling told apart, a retry
 * quota so an outage is not made worse by a storm of retries), with one change: the standard
 * quota only refills through successes, so after an outage long enough to spend it a client
 * retries nothing until many calls have succeeded, and a write whose reply was lost fails
 * although a retry (same ClientRequestToken) would have answered it. Here a spent quota is
 * replaced by a fresh one once it has stayed spent for `quotaRecoveryMs`: retries stay capped
 * during an outage (one quota each period) and resume soon after it. A garbled reply is retried
 * too (see `isGarbledReply`).
 */
export class RecoveringRetryStrategy {
  readonly mode = 'standard';
  private strategy: StandardRetryStrategy;
  private spentSince: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: RecoveringRetryOptions) {
    this.strategy = new StandardRetryStrategy(options.maxAttempts);
    this.now = options.now ?? Date.now;
  }

  /**
   * `scope` is a string to the strategy (it looks for ":longpoll" in it), but older SDKs pass
   * their `partition_id`, which is undefined, and the function may run on one of those (the
   * runtime's copy, service/bundle/runtime-sdk.ts): no scope is an empty one.
   */
  acquireInitialRetryToken(scope: string | undefined): Promise<RetryToken> {
    return this.current().acquireInitialRetryToken(scope ?? '');
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    try {
      const retryable = isGarbledReply(errorInfo.error) ? { ...errorInfo, errorType: 'TRANSIENT' as const } : errorInfo;
      return await this.current().refreshRetryTokenForRetry(token, retryable);
    } finally {
      // The quota may be spent now: its recovery period starts here, not at the next call.
      this.current();
    }
  }

  recordSuccess(token: RetryToken): void {
    this.strategy.recordSuccess(token);
  }

  /** Retries the current quota still allows, at the dearest cost (a timeout's). */
  get retriesLeft(): number {
    return Math.floor(this.strategy.getCapacity() / TIMEOUT_RETRY_COST);
  }

  private current(): StandardRetryStrategy {
    if (this.strategy.getCapacity() >= TIMEOUT_RETRY_COST) {
      this.spentSince = undefined;
    } else if (this.spentSince === undefined) {
      this.spentSince = this.now();
    } else if (this.now() - this.spentSince >= this.options.quotaRecoveryMs) {
      this.strategy = new StandardRetryStrategy(this.options.maxAttempts);
      this.spentSince = undefined;
    }
    return this.strategy;
  }
}
