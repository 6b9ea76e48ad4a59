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

  add(b: ChatBlock, i: number): void {
    const start = b.startedAt[i]!;
    const closedAt = b.closedAt[i]!;
    const closed = !Number.isNaN(closedAt);
    const assigned = b.assignmentCount[i]! >= 1;
    const replied = b.replyCount[i]! >= 1;
    if (assigned) this.wait.push((b.firstAssignedAt[i]! - start) / 1000);
    if (replied) this.frt.push((b.firstReplyAt[i]! - start) / 1000);
    for (let k = b.intervalStart[i]!; k < b.intervalStart[i + 1]!; k++) this.art.push(b.interval[k]! / 1000);
    if (closed && replied) this.resolution.push((closedAt - start) / 1000);
    if (closed && assigned) this.aht.push((closedAt - b.firstAssignedAt[i]!) / 1000);
  }

  result() {
    return {
      wait: this.wait.summary(),
      frt: this.frt.summary(),
      art: this.art.summary(),
      resolution: this.resolution.summary(),
      aht: this.aht.summary(),
    };
  }
}
