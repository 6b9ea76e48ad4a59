import type { ChatBlock } from './chat-blocks.ts';
import { Durations } from './stats.ts';

/*
 * Each chat's value in a duration list, in seconds, NaN when the chat is not in that list: the
 * one rule that both the figures (ResponseTimes) and the chats behind them (drill-down.ts) use.
 */

/** `wait`: per chat with ≥ 1 assignment: first assignment `at` − start. */
export function waitSec(b: ChatBlock, i: number): number {
  return b.assignmentCount[i]! >= 1 ? (b.firstAssignedAt[i]! - b.startedAt[i]!) / 1000 : NaN;
}

/** `frt`: per chat with a reply: first reply `at` − start. */
export function frtSec(b: ChatBlock, i: number): number {
  return b.replyCount[i]! >= 1 ? (b.firstReplyAt[i]! - b.startedAt[i]!) / 1000 : NaN;
}

/** `resolution`: per closed chat with a reply: `closedAt` − start (NaN − x is NaN: open chats drop out). */
export function resolutionSec(b: ChatBlock, i: number): number {
  return b.replyCount[i]! >= 1 ? (b.closedAt[i]! - b.startedAt[i]!) / 1000 : NaN;
}

/** `aht`: per closed chat with ≥ 1 assignment: `closedAt` − first assignment `at`. */
export function ahtSec(b: ChatBlock, i: number): number {
  return b.assignmentCount[i]! >= 1 ? (b.closedAt[i]! - b.firstAssignedAt[i]!) / 1000 : NaN;
}

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
    const { intervalStart, interval } = b;
    for (let j = first; j < end; j++) {
      const i = rows[j]!;
      const wait = waitSec(b, i);
      if (wait === wait) this.wait.push(wait);
      const frt = frtSec(b, i);
      if (frt === frt) this.frt.push(frt);
      for (let k = intervalStart[i]!; k < intervalStart[i + 1]!; k++) this.art.push(interval[k]! / 1000);
      const resolution = resolutionSec(b, i);
      if (resolution === resolution) this.resolution.push(resolution);
      const aht = ahtSec(b, i);
      if (aht === aht) this.aht.push(aht);
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
