import { describe, expect, it } from 'vitest';
import { Durations, kthSmallest } from './stats.ts';

const summarize = (values: number[]) => {
  const d = new Durations();
  for (const v of values) d.push(v);
  return d.summary();
};

describe('durations', () => {
  it('reports mean, median (mean of the middle two), nearest-rank p90 and count', () => {
    expect(summarize([])).toEqual({ mean: null, median: null, p90: null, count: 0 });
    expect(summarize([5])).toEqual({ mean: 5, median: 5, p90: 5, count: 1 });
    expect(summarize([30, 10, 0])).toEqual({ mean: 40 / 3, median: 10, p90: 30, count: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ mean: 2.5, median: 2.5, p90: 4, count: 4 });
  });

  it('takes the ⌈0.9·n⌉-th value even where 0.9·n is not exact in floating point', () => {
    // 0.9 * 70 = 63.00000000000001: the 63rd value, not the 64th.
    const values = Array.from({ length: 70 }, (_, i) => i + 1);
    expect(summarize(values).p90).toBe(63);
    expect(summarize(Array.from({ length: 10 }, (_, i) => 10 - i)).p90).toBe(9);
  });

  it('selects like sorting does, duplicates included', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const n = 1 + Math.floor(rnd() * 200);
      const values = Array.from({ length: n }, () => Math.floor(rnd() * 20));
      const sorted = [...values].sort((a, b) => a - b);
      const k = Math.floor(rnd() * n);
      expect(kthSmallest(Float64Array.from(values), k)).toBe(sorted[k]);
      const s = summarize(values);
      expect(s.median).toBe(n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2);
      expect(s.p90).toBe(sorted[Math.ceil((9 * n) / 10) - 1]);
    }
  });
});
