import { describe, expect, it } from 'vitest';
import { Intervals } from './agent-time.ts';

/** The union of intervals the obvious way: sort by start, extend or begin. */
function naiveUnion(intervals: [number, number][]): number[] {
  const out: number[] = [];
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (out.length > 0 && start <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, end);
    else out.push(start, end);
  }
  return out;
}

describe('holds', () => {
  it('merge overlapping and touching intervals', () => {
    const holds = new Intervals();
    for (const [s, e] of [[0, 10], [5, 7], [8, 12], [12, 15], [20, 25], [21, 22]]) holds.push(s!, e!);
    expect(holds.union()).toEqual([0, 15, 20, 25]);
    expect(new Intervals().union()).toEqual([]);
  });

  it('give the union whatever the order, nearly sorted or not (the sort falls back past its budget)', () => {
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(rnd() * (round % 10 === 0 ? 3000 : 60));
      const shuffled = round % 3 === 0;
      const late = round % 3 === 1; // nearly sorted, then a few that start much earlier (long chats)
      const intervals: [number, number][] = [];
      let t = 0;
      for (let i = 0; i < n; i++) {
        t += Math.floor(rnd() * 100);
        const start = shuffled || (late && i > n - 5) ? Math.floor(rnd() * 100 * n) : t + Math.floor(rnd() * 30);
        intervals.push([start, start + 1 + Math.floor(rnd() * (rnd() < 0.1 ? 5000 : 200))]);
      }
      const holds = new Intervals();
      for (const [s, e] of intervals) holds.push(s, e);
      expect(holds.union()).toEqual(naiveUnion(intervals));
    }
  });
});
