import { describe, expect, it } from 'vitest';
import { Durations, firstOccurrences, kthSmallest, selectRanks } from './stats.ts';

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

  it('selects exactly through the histogram too (many values: negatives, zeros, ties, huge spreads)', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const kinds: (() => number)[] = [
      () => Math.round(Math.exp(2 + 3 * rnd()) * 1000) / 1000, // durations in seconds, ms precision
      () => Math.floor(rnd() * 5), // few distinct values: every rank inside one bucket
      () => (rnd() < 0.5 ? -1 : 1) * Math.round(rnd() * 1e6) / 1000, // negatives (aht can be)
      () => (rnd() < 0.01 ? 1e9 * rnd() : rnd() < 0.5 ? 0 : 1e-9 * rnd()), // zeros, tiny and huge
      () => 12.345, // all equal
    ];
    for (const [k, make] of kinds.entries()) {
      // Up to several chunks of a list (65,536 values each).
      for (const n of [4095, 4096, 4097, 20_000 + k, 150_001 + k]) {
        const values = Float64Array.from({ length: n }, make);
        const sorted = [...values].sort((a, b) => a - b);
        const ranks = [0, Math.floor((n - 1) / 2), Math.floor((n - 1) / 2) + 1, Math.floor((9 * n + 9) / 10) - 1, n - 1];
        const copy = values.slice();
        const parts = [values.subarray(0, n >> 1), values.subarray(n >> 1, n >> 1), values.subarray(n >> 1)];
        expect(selectRanks(parts, ranks)).toEqual(ranks.map((r) => sorted[r]));
        expect(values).toEqual(copy);
        const d = new Durations();
        for (const v of values) d.push(v);
        const s = d.summary();
        expect(s.median).toBe(n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2);
        expect(s.p90).toBe(sorted[Math.ceil((9 * n) / 10) - 1]);
        expect(s.mean).toBe(values.reduce((sum, v) => sum + v, 0) / n);
      }
    }
  });

  it('a released list starts empty, and lists filling reused chunks give the same answers', () => {
    const fill = (d: Durations) => {
      for (let i = 0; i < 200_000; i++) d.push(((i * 7919) % 100_003) / 1000);
      return d;
    };
    const a = fill(new Durations());
    const first = a.summary();
    expect(first.count).toBe(200_000);
    a.release();
    expect(a.summary().count).toBe(0);
    const b = fill(new Durations());
    expect(b.summary()).toEqual(first);
    b.release();
  });
});

describe('first occurrences', () => {
  it('flags the first of each value, whole numbers or not', () => {
    const flags = (values: number[]) => [...firstOccurrences(Float64Array.from(values), values.length)];
    expect(flags([3, 1, 3, 0, 1, 7])).toEqual([1, 1, 0, 1, 0, 1]);
    expect(flags([2.5, 2.5, -1, 4, -1])).toEqual([1, 0, 1, 1, 0]);
    expect(flags([2 ** 40, 5, 2 ** 40])).toEqual([1, 1, 0]);
    expect(flags([])).toEqual([]);
    // The marks are cleared after each call.
    expect(flags([3, 1, 3])).toEqual([1, 1, 0]);
  });
});
