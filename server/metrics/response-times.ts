import type { ChatBlock } from './chat-blocks.ts';
import { Durations } from './stats.ts';

/** The duration lists of METRICS.md §2, in seconds. */
export class ResponseTimes {
  /** `wait`: per chat with ≥ 1 assignment: first assignment `at` − start (ASA / queue wait). */
  private wait = new Durations();
  /** `frt`: per chat with a reply: first reply `at` − start. */
  private frt = new Durations();
  /**
   * `art`: every response interval of the chats in scope, pooled (a visitor message opens an
   * interval when none is open, the next reply closes it; one still open is not counted).
   * The intervals are found per chat in computeChatFacts.
   */
  private art = new Durations();
  /** `resolution`: per closed chat with a reply: `closedAt` − start. */
  private resolution = new Durations();
  /** `aht`: per closed chat with ≥ 1 assignment: `closedAt` − first assignment `at`. */
  private aht = new Durations();

  /** Adds the chats b[rows[j]] for j in [first, end). */
  add(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    const { startedAt, closedAt, firstAssignedAt, firstReplyAt, assignmentCount, replyCount, intervalStart, interval } = b;
    for (let j = first; j < end; j++) {
      const i = rows[j]!;
      const start = startedAt[i]!;
      const closed = closedAt[i]!;
      const isClosed = !Number.isNaN(closed);
      const assigned = assignmentCount[i]! >= 1;
      const replied = replyCount[i]! >= 1;
      if (assigned) this.wait.push((firstAssignedAt[i]! - start) / 1000);
      if (replied) this.frt.push((firstReplyAt[i]! - start) / 1000);
      for (let k = intervalStart[i]!; k < intervalStart[i + 1]!; k++) this.art.push(interval[k]! / 1000);
      if (isClosed && replied) this.resolution.push((closed - start) / 1000);
      if (isClosed && assigned) this.aht.push((closed - firstAssignedAt[i]!) / 1000);
    }
  }

  /** The summaries; the lists are emptied after (their memory goes to the next query's). */
  result() {
    const summaries = {
      wait: this.wait.summary(),
      frt: this.frt.summary(),
      art: this.art.summary(),
      resolution: this.resolution.summary(),
      aht: this.aht.summary(),
    };
    for (const list of [this.wait, this.frt, this.art, this.resolution, this.aht]) list.release();
    return summaries;
  }
}
