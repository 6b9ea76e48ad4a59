import type { ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';

/**
 * `fcr`: of closed chats with a reply, the fraction for which the same visitor starts no other
 * chat with start in (`closedAt`, `closedAt` + `fcrWindowDays` days]. Any chat in the database
 * counts as a repeat, in scope or not: the block carries the visitor's first chat start after
 * this chat's close (nextVisitAt).
 */
export class FirstContactResolution {
  private resolved = 0;
  private eligible = 0;

  constructor(private windowMs: number) {}

  /** Adds the chats b[rows[j]] for j in [first, end). */
  add(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    for (let j = first; j < end; j++) {
      const i = rows[j]!;
      const closedAt = b.closedAt[i]!;
      if (Number.isNaN(closedAt) || b.replyCount[i] === 0) continue;
      this.eligible++;
      const next = b.nextVisitAt[i]!;
      if (Number.isNaN(next) || next > closedAt + this.windowMs) this.resolved++;
    }
  }

  result(): number | null {
    return ratio(this.resolved, this.eligible);
  }
}
