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
  private visitors = new Set<number>();

  constructor(
    private from: number,
    private to: number,
  ) {}

  add(b: ChatBlock, i: number): void {
    if (b.prevPageViewAt[i]! >= this.from || b.nextPageViewAt[i]! < this.to) this.visitors.add(b.visitor[i]!);
  }

  /** `visitors.total`: distinct visitors with a page view in range (no filter applies). */
  result(total: number) {
    return { total, chatRate: total === 0 ? null : this.visitors.size / total };
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
