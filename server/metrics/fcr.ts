import type { ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';

/** A chat's `fcr`: null when not counted (open, or no reply), else whether it was resolved first time. */
export function firstContactResolved(b: ChatBlock, i: number, windowMs: number): boolean | null {
  const closedAt = b.closedAt[i]!;
  if (Number.isNaN(closedAt) || b.replyCount[i] === 0) return null;
  const next = b.nextVisitAt[i]!;
  return Number.isNaN(next) || next > closedAt + windowMs;
}

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
      const resolved = firstContactResolved(b, rows[j]!, this.windowMs);
      if (resolved === null) continue;
      this.eligible++;
      if (resolved) this.resolved++;
    }
  }

  result(): number | null {
    return ratio(this.resolved, this.eligible);
  }
}
