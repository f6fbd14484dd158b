import { interleave, median, pairedRatio, percentile, pool, ratio, summarize } from '../../bench/lib/stats';

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates percentiles between ranks', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([10, 20], 90)).toBe(19);
  });

  it('refuses a percentile of nothing', () => {
    expect(() => median([])).toThrow('no values');
  });

  it('keeps ratios to two decimals and refuses a zero baseline', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(10, 3)).toBe(3.33);
    expect(() => ratio(1, 0)).toThrow('baseline');
  });

  it('compares paired samples round by round: one slow round moves the median of ratios, not a side', () => {
    // 1.2, 1.1, 1.2 and 1.09 (round 3 slow for both sides): the middle two are 1.1 and 1.2.
    expect(pairedRatio([12, 11, 30, 12], [10, 10, 25, 11])).toBe(1.15);
    expect(() => pairedRatio([1, 2], [1])).toThrow('different lengths');
  });

  it('summarizes a series', () => {
    expect(summarize([3, 1, 2])).toEqual({ samples: 3, median: 2, p90: 2.8, min: 1, max: 3 });
  });

  it('interleaves measurements, rotating their order, and drops the warm-up rounds', async () => {
    const calls: string[] = [];
    const measure = (name: string, ms: number) => async () => {
      calls.push(name);
      return ms;
    };
    const samples = await interleave({ a: measure('a', 1), b: measure('b', 2) }, 2, 1);

    expect(samples).toEqual({ a: [1, 1], b: [2, 2] });
    expect(calls).toEqual(['a', 'b', 'b', 'a', 'a', 'b']);
  });

  it('runs a pool with at most the given concurrency, over every item', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await pool([1, 2, 3, 4, 5], 2, async (item) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(item);
      running -= 1;
    });

    expect(peak).toBe(2);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
