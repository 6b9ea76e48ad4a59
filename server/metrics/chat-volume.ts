import type { ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';

const WIDGET = 0;

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
      const closed = !Number.isNaN(b.closedAt[i]!);
      if (b.channel[i] === WIDGET) {
        this.widget++;
        if (closed) {
          this.closedWidget++;
          if (b.replyCount[i] === 0) this.missed++;
        }
      } else {
        this.offline++;
      }
      if (!closed) this.open++;
      if (b.assignmentCount[i]! >= 1) this.assigned++;
      if (b.assignmentCount[i]! >= 2) this.transferred++;
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
