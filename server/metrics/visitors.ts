import type { ChatBlock } from './blocks.ts';

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
