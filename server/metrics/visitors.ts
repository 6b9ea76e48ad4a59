import type { Range } from './agent-time.ts';
import type { ChatBlock } from './chat-blocks.ts';
import type { PageViewBlock } from './page-view-blocks.ts';
import { rangeIndex } from './scope.ts';
import { countFirstOccurrences, firstOccurrences } from './stats.ts';

/**
 * `visitors.chatRate` numerator: distinct visitors with a page view in range and a chat in
 * scope. The block carries the visitor's last page view at or before the start and the first
 * after it; a page view in [from, to) exists exactly when one of them falls in it.
 */
export class ChattingVisitors {
  private visitors = new Int32Array(64);
  private count = 0;

  constructor(
    private from: number,
    private to: number,
  ) {}

  /** Adds the chats b[rows[j]] for j in [first, end). */
  add(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    for (let j = first; j < end; j++) {
      const i = rows[j]!;
      if (!(b.prevPageViewAt[i]! >= this.from || b.nextPageViewAt[i]! < this.to)) continue;
      if (this.count === this.visitors.length) {
        const grown = new Int32Array(this.count * 2);
        grown.set(this.visitors);
        this.visitors = grown;
      }
      this.visitors[this.count++] = b.visitor[i]!;
    }
  }

  /** `visitors.total`: distinct visitors with a page view in range (no filter applies). */
  result(total: number) {
    if (total === 0) return { total, chatRate: null };
    // Distinct visitors: the first occurrence of each in the list.
    const distinct = countFirstOccurrences(firstOccurrences(this.visitors, this.count));
    return { total, chatRate: distinct / total };
  }
}

/**
 * `visitors.total` of each range: distinct visitors with a page view in range (no filter applies),
 * counted as the page views in range whose visitor's previous page view is before the range.
 */
export function countVisitors(b: PageViewBlock, ranges: Range[], totals: Float64Array): void {
  for (let i = 0; i < b.n; i++) {
    const at = b.at[i]!;
    const r = rangeIndex(ranges, at);
    if (r < 0) continue;
    const prev = b.prevAt[i]!;
    if (Number.isNaN(prev) || prev < ranges[r]!.from) totals[r]!++;
  }
}

/** countVisitors for a block whose page views are all in one range (from: its start): a count. */
export function countFirstVisits(prevAt: Float64Array, from: number): number {
  let count = 0;
  for (let i = 0; i < prevAt.length; i++) {
    const prev = prevAt[i]!;
    if (Number.isNaN(prev) || prev < from) count++;
  }
  return count;
}
