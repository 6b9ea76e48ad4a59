import type { Range } from './agent-time.ts';
import type { ChatBlock } from './chat-blocks.ts';
import type { PageViewBlock } from './page-view-blocks.ts';
import { rangeIndex } from './scope.ts';

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

  add(b: ChatBlock, i: number): void {
    if (!(b.prevPageViewAt[i]! >= this.from || b.nextPageViewAt[i]! < this.to)) return;
    if (this.count === this.visitors.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.visitors);
      this.visitors = grown;
    }
    this.visitors[this.count++] = b.visitor[i]!;
  }

  /** `visitors.total`: distinct visitors with a page view in range (no filter applies). */
  result(total: number) {
    // Distinct by sorting: cheaper than a Set for hundreds of thousands of numbers.
    const sorted = this.visitors.subarray(0, this.count).sort();
    let distinct = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    return { total, chatRate: total === 0 ? null : distinct / total };
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
