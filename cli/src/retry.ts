/**
 * A fetch that waits and tries again when the server asks it to (429, 503) or cannot be reached,
 * so every call the CLI makes through the typed client backs off the same way.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First backoff when the server gives no Retry-After, doubled each time. */
  baseDelayMs: number;
  /** No wait, asked for or not, is longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 250, maxDelayMs: 30_000 };

const RETRIED_STATUSES = new Set([429, 503]);

/**
 * 429 and 503 always; a 409 with Retry-After when the request carried an Idempotency-Key: the
 * same key is still running (the answer lost earlier, say), and the retry will be answered what it did.
 */
function retried(request: Request, response: Response): boolean {
  if (RETRIED_STATUSES.has(response.status)) return true;
  return response.status === 409 && response.headers.has('retry-after') && request.headers.has('idempotency-key');
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before attempt `attempt + 1`: the server's Retry-After when it sent one (plus
 * up to 10% so that ten requests told the same thing do not return at the same instant),
 * otherwise exponential backoff with full jitter; both capped.
 */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfter: number | undefined, random = Math.random): number {
  if (retryAfter !== undefined) return Math.min(policy.maxDelayMs, retryAfter * (1 + random() * 0.1));
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * random();
}

export interface RetryEvents {
  /** Told of every wait: what answered, and for how long the CLI waits. */
  onRetry?: (reason: string, delayMs: number) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function retryingFetch(policy: RetryPolicy = DEFAULT_RETRY, events: RetryEvents = {}, inner: typeof fetch = fetch): typeof fetch {
  // A server that says "wait" means every request, not only the one it answered: the others
  // hold back until the same moment instead of each collecting its own 429.
  let resumeAt = 0;
  return async (input, init) => {
    // openapi-fetch hands over a Request; a body can be read once, so each attempt sends a copy.
    const original = input instanceof Request ? input : new Request(input, init);
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let retryAfter: number | undefined;
      const hold = resumeAt - Date.now();
      if (hold > 0) await sleep(hold);
      try {
        const response = await inner(original.clone());
        if (!retried(original, response) || attempt >= policy.attempts) return response;
        retryAfter = retryAfterMs(response.headers.get('retry-after'));
        reason = `${response.status}${retryAfter === undefined ? '' : ` (Retry-After ${response.headers.get('retry-after')})`}`;
        await response.body?.cancel();
      } catch (error) {
        if (attempt >= policy.attempts) throw error;
        reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      }
      const delay = backoffMs(policy, attempt, retryAfter);
      if (retryAfter !== undefined) resumeAt = Math.max(resumeAt, Date.now() + delay);
      events.onRetry?.(`${original.method} ${new URL(original.url).pathname}: ${reason}`, delay);
      await sleep(delay);
    }
  };
}
