/** The shapes METRICS.md §2 reports numbers in. */

export interface DurationSummary {
  mean: number | null;
  median: number | null;
  p90: number | null;
  count: number;
}

/** A value whose denominator is 0 is null (METRICS.md §2). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** A growable list of durations in seconds. */
export class Durations {
  private values = new Float64Array(16);
  count = 0;
  private sum = 0;

  push(seconds: number): void {
    if (this.count === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.count++] = seconds;
    this.sum += seconds;
  }

  /**
   * `mean`, `median` (mean of the two middle values when the count is even), `p90` (nearest
   * rank: the ⌈0.9·n⌉-th smallest) and `count`; with no values the others are null.
   */
  summary(): DurationSummary {
    const n = this.count;
    if (n === 0) return { mean: null, median: null, p90: null, count: 0 };
    const a = this.values.slice(0, n);
    const low = Math.floor((n - 1) / 2);
    const lowMiddle = kthSmallest(a, low, 0, n - 1);
    // After selecting `low`, everything above it is ≥ it: the next value is the least of those.
    let highMiddle = lowMiddle;
    if (n % 2 === 0) {
      highMiddle = a[low + 1]!;
      for (let i = low + 2; i < n; i++) if (a[i]! < highMiddle) highMiddle = a[i]!;
    }
    const median = (lowMiddle + highMiddle) / 2;
    // ⌈0.9·n⌉ in integers: 0.9 * n in floating point can land just above a whole number.
    const rank = Math.floor((9 * n + 9) / 10);
    return { mean: this.sum / n, median, p90: kthSmallest(a, rank - 1, low, n - 1), count: n };
  }
}

/**
 * The k-th smallest (0-based) of `a`, reordering `a` in place (Hoare's selection), looking only
 * at a[lo..hi] (which must hold it: everything before lo is smaller, everything after hi larger).
 */
export function kthSmallest(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // Median of three as the pivot keeps sorted and reversed inputs linear.
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}
