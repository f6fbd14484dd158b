/**
 * Runs `work` on every item with at most `concurrency` calls in flight, taking items lazily from
 * the iterator so a long input is never held as a list of promises.
 */
export async function inPool<T>(items: Iterable<T>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Groups an iterable into arrays of at most `size`. */
export function* chunks<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** At most `limit` holders at once; `run` waits for a turn, then starts the work without awaiting it. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly limit: number) {}

  /** Resolves once `work` has started (not finished). */
  async run(work: () => Promise<void>): Promise<void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    const running = work().finally(() => {
      this.active--;
      this.running.delete(running);
      this.waiting.shift()?.();
    });
    this.running.add(running);
  }

  /** Resolves when everything started has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
