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

/** Values per full chunk of a duration list (512 KB). */
const CHUNK = 1 << 16;
/**
 * Chunks that duration lists gave back, for the next lists to fill: a new chunk costs a page
 * fault per 4 KB on first write, in every query (a 30-day summary lists ~3·10^6 durations, 43
 * chunks), where a reused one costs nothing. At most SPARE_CHUNKS (24 MB) are kept.
 */
const spareChunks: Float64Array[] = [];
const SPARE_CHUNKS = 48;

/**
 * A growable list of durations in seconds. Kept in chunks: the first grows by doubling up to
 * CHUNK values, then each further CHUNK values get a chunk of their own, so that growing copies
 * nothing and a list's memory can go to the next query's lists (release()).
 */
export class Durations {
  /** Full chunks, then `last`, which holds `fill` values. */
  private full: Float64Array[] = [];
  private last: Float64Array = new Float64Array(16);
  private fill = 0;

  get count(): number {
    return this.full.length * CHUNK + this.fill;
  }

  push(seconds: number): void {
    if (this.fill === this.last.length) this.grow();
    this.last[this.fill++] = seconds;
  }

  private grow(): void {
    if (this.last.length === CHUNK) {
      this.full.push(this.last);
      this.last = spareChunks.pop() ?? new Float64Array(CHUNK);
      this.fill = 0;
    } else {
      const length = 2 * this.last.length;
      const grown = length === CHUNK ? (spareChunks.pop() ?? new Float64Array(CHUNK)) : new Float64Array(length);
      grown.set(this.last);
      this.last = grown;
    }
  }

  /** Empties the list, handing its chunks on for reuse. */
  release(): void {
    for (const chunk of [...this.full, this.last]) {
      if (chunk.length === CHUNK && spareChunks.length < SPARE_CHUNKS) spareChunks.push(chunk);
    }
    this.full = [];
    this.last = new Float64Array(16);
    this.fill = 0;
  }

  /**
   * `mean`, `median` (mean of the two middle values when the count is even), `p90` (nearest
   * rank: the ⌈0.9·n⌉-th smallest) and `count`; with no values the others are null.
   */
  summary(): DurationSummary {
    const n = this.count;
    if (n === 0) return { mean: null, median: null, p90: null, count: 0 };
    const parts = [...this.full, this.last.subarray(0, this.fill)];
    const low = Math.floor((n - 1) / 2);
    // ⌈0.9·n⌉ in integers: 0.9 * n in floating point can land just above a whole number.
    const rank = Math.floor((9 * n + 9) / 10);
    const [lowMiddle, highMiddle, p90] = selectRanks(parts, [low, n % 2 === 0 ? low + 1 : low, rank - 1]);
    // The sum in the order the values came: the same additions as a running sum would make.
    let sum = 0;
    for (const part of parts) for (let i = 0; i < part.length; i++) sum += part[i]!;
    return { mean: sum / n, median: (lowMiddle! + highMiddle!) / 2, p90: p90!, count: n };
  }
}

/** Below this many values, selection by partitioning a copy is as quick as the histogram. */
const HISTOGRAM_MIN = 4096;
/** Typed-array views on a double's bytes put its sign and exponent in word 1: little-endian. */
const LITTLE_ENDIAN = new Uint32Array(new Float64Array([-1]).buffer)[1] === 0xbff00000;
const histogram = new Int32Array(65536);
/** 1 + the index in `wanted` of a bucket being copied out, else 0 (cleared after use). */
const slotOfBucket = new Uint8Array(65536);

/**
 * A histogram bucket of a double whose high word (sign, 11 exponent bits, 20 mantissa bits), as
 * a signed 32-bit integer, is `hi`: the top 16 bits of the usual map of IEEE-754 bit patterns to
 * unsigned integers in numeric order (flip the sign bit of a positive number, every bit of a
 * negative one). So x < y implies bucket(x) ≤ bucket(y); a bucket is 1/16 of a power of two wide.
 */
const bucketOf = (hi: number) => (hi ^ ((hi >> 31) | 0x80000000)) >>> 16;

/**
 * The values of the given 0-based ranks among the values of `parts` taken together (each the
 * rank-th smallest, as if sorted), without reordering them. Exact: for many values, one pass
 * counts them per bucket (bucketOf keeps numeric order), which says the bucket each rank falls
 * in and how many values lie in the buckets below it; a second pass copies out the values of
 * those few buckets, and selection among them finds the rank there. This reads the values twice
 * instead of partitioning 10^6 of them around pivots.
 */
export function selectRanks(parts: Float64Array[], ranks: number[]): number[] {
  const n = parts.reduce((sum, part) => sum + part.length, 0);
  if (n < HISTOGRAM_MIN || !LITTLE_ENDIAN) {
    const a = new Float64Array(n);
    let at = 0;
    for (const part of parts) {
      a.set(part, at);
      at += part.length;
    }
    // Selecting the ranks in increasing order: after selecting one, everything above it is ≥ it,
    // so the next one lies above.
    let lo = 0;
    return ranks.map((k, j) => {
      const v = kthSmallest(a, k, j > 0 && k >= ranks[j - 1]! ? lo : 0, n - 1);
      lo = k;
      return v;
    });
  }
  const words = parts.map((part) => new Int32Array(part.buffer, part.byteOffset, 2 * part.length));
  histogram.fill(0);
  for (const w of words) for (let i = 1; i < w.length; i += 2) histogram[bucketOf(w[i]!)]!++;
  // Each rank's bucket, and its rank among the values of that bucket.
  const bucketOfRank = ranks.map(() => 0);
  const rankInBucket = ranks.map(() => 0);
  ranks.forEach((k, j) => {
    let below = 0;
    let b = 0;
    while (below + histogram[b]! <= k) below += histogram[b++]!;
    bucketOfRank[j] = b;
    rankInBucket[j] = k - below;
  });
  const wanted = [...new Set(bucketOfRank)];
  const members = wanted.map((b) => new Float64Array(histogram[b]!));
  const filled = wanted.map(() => 0);
  wanted.forEach((b, w) => (slotOfBucket[b] = w + 1));
  parts.forEach((part, p) => {
    const w32 = words[p]!;
    for (let i = 0; i < part.length; i++) {
      const w = slotOfBucket[bucketOf(w32[2 * i + 1]!)]! - 1;
      if (w >= 0) members[w]![filled[w]!++] = part[i]!;
    }
  });
  for (const b of wanted) slotOfBucket[b] = 0;
  return ranks.map((_, j) => kthSmallest(members[wanted.indexOf(bucketOfRank[j]!)]!, rankInBucket[j]!));
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

/** Marks of firstOccurrences, a bit per value, all 0 between calls; grown to the largest value seen. */
let marks = new Int32Array(0);
/** Values above this (16 MB of marks) are looked up in a Set instead. */
const MAX_MARKED = 2 ** 27 - 1;

/**
 * For each of values[0..n), 1 when it is the first occurrence of its value, else 0. Whole
 * numbers from 0 (the visitor codes and conversion ids are rowids) are marked in a shared bit
 * set (10^6 rowids take 128 KB: it stays in the cache) and unmarked afterwards: linear, where a
 * Set or a sort of 10^5..10^6 numbers is several times slower. Anything else goes through a Set.
 */
export function firstOccurrences(values: Int32Array | Float64Array, n: number): Uint8Array {
  const first = new Uint8Array(n);
  let max = -1;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= MAX_MARKED && Number.isInteger(v))) {
      const seen = new Set<number>();
      for (let k = 0; k < n; k++) {
        if (!seen.has(values[k]!)) {
          seen.add(values[k]!);
          first[k] = 1;
        }
      }
      return first;
    }
    if (v > max) max = v;
  }
  if (max >= 32 * marks.length) marks = new Int32Array(Math.max((max >>> 5) + 1, 2 * marks.length));
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const bit = 1 << (v & 31);
    if ((marks[v >>> 5]! & bit) === 0) {
      marks[v >>> 5]! |= bit;
      first[i] = 1;
    }
  }
  for (let i = 0; i < n; i++) marks[values[i]! >>> 5] = 0;
  return first;
}

export function countFirstOccurrences(first: Uint8Array): number {
  let count = 0;
  for (let i = 0; i < first.length; i++) count += first[i]!;
  return count;
}
