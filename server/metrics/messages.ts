import type { ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';

/** `messages.perChat`: mean number of visitor + agent messages (greetings included) per chat. */
export class MessageVolume {
  private chats = 0;
  private messages = 0;

  /** Adds the chats b[rows[j]] for j in [first, end). */
  add(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    this.chats += end - first;
    for (let j = first; j < end; j++) this.messages += b.messageCount[rows[j]!]!;
  }

  result() {
    return { perChat: ratio(this.messages, this.chats) };
  }
}
