import type { ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';

const WIDGET = 0;

/*
 * Which chats a count counts: the one rule that both the figures (ChatVolume) and the chats
 * behind them (drill-down.ts) use.
 */

/** `chats.open`: `closedAt` is null. */
export const isOpen = (b: ChatBlock, i: number): boolean => Number.isNaN(b.closedAt[i]!);

/** `chats.missed`: a `widget` chat that is closed and has no reply. */
export const isMissed = (b: ChatBlock, i: number): boolean => b.channel[i] === WIDGET && !isOpen(b, i) && b.replyCount[i] === 0;

/** `chats.transferred` (the numerator of `chats.transferRate`): ≥ 2 assignments. */
export const isTransferred = (b: ChatBlock, i: number): boolean => b.assignmentCount[i]! >= 2;

/**
 * `chats.total`: chats in scope. `chats.byChannel.{widget,offline}`: count per channel.
 * `chats.missed`: `widget` chats that are closed and have no reply; `chats.missedRate`: that /
 * `widget` chats that are closed. `chats.open`: chats in scope whose `closedAt` is null.
 * `chats.transferRate`: chats with ≥ 2 assignments / chats with ≥ 1 assignment.
 */
export class ChatVolume {
  total = 0;
  private widget = 0;
  private offline = 0;
  private missed = 0;
  private closedWidget = 0;
  private open = 0;
  /** Chats with ≥ 1 assignment (also the numerator of agents.chatsPerOnlineHour). */
  assigned = 0;
  private transferred = 0;

  /** Adds the chats b[rows[j]] for j in [first, end). */
  add(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    this.total += end - first;
    for (let j = first; j < end; j++) {
      const i = rows[j]!;
      const open = isOpen(b, i);
      if (b.channel[i] === WIDGET) {
        this.widget++;
        if (!open) this.closedWidget++;
      } else {
        this.offline++;
      }
      if (isMissed(b, i)) this.missed++;
      if (open) this.open++;
      if (b.assignmentCount[i]! >= 1) this.assigned++;
      if (isTransferred(b, i)) this.transferred++;
    }
  }

  result() {
    return {
      total: this.total,
      byChannel: { widget: this.widget, offline: this.offline },
      missed: this.missed,
      missedRate: ratio(this.missed, this.closedWidget),
      open: this.open,
      transferRate: ratio(this.transferred, this.assigned),
    };
  }
}
