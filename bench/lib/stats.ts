/** Order statistics for timings. The machine is shared and noisy: figures are medians and ratios. */

/** The p-th percentile (0–100) by linear interpolation between the closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  if (p < 0 || p > 100) throw new Error(`percentile must be within 0–100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lower = sorted[low]!;
  return lower + (sorted[high]! - lower) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** `a / b`, kept to two decimals as every ratio in the report is. */
export function ratio(a: number, b: number): number {
  if (b <= 0) throw new Error(`ratio against a non-positive baseline (${b})`);
  return Math.round((a / b) * 100) / 100;
}

/**
 * The median of the pairs' own ratios `a[i] / b[i]`, to two decimals: for samples taken in rounds
 * that measure both sides back to back, so that a round the machine was busy for counts once
 * rather than pulling one side's median.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`paired samples of different lengths (${a.length} and ${b.length})`);
  return ratio(median(a.map((value, i) => value / b[i]!)), 1);
}

/** Summary of one series of timings, in milliseconds. */
export interface Timings {
  samples: number;
  median: number;
  p90: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Timings {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    samples: values.length,
    median: round(median(values)),
    p90: round(percentile(values, 90)),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
  };
}

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs several measurements turn about, so that all see the same background load, and returns the
 * samples of each. The order rotates every round, so no measurement always follows the same one.
 * `warmup` rounds run first and are discarded.
 */
export async function interleave<K extends string>(
  measurements: Record<K, () => Promise<number>>,
  rounds: number,
  warmup = 2,
): Promise<Record<K, number[]>> {
  const names = Object.keys(measurements) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < warmup + rounds; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const ms = await measurements[name]();
      if (round >= warmup) samples[name].push(ms);
    }
  }
  return samples;
}

/** Runs `work` over `items` with at most `concurrency` at a time, in order of start. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
