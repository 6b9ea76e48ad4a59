import type { ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';

/** `messages.perChat`: mean number of visitor + agent messages (greetings included) per chat. */
export class MessageVolume {
  private chats = 0;
  private messages = 0;

  add(b: ChatBlock, i: number): void {
    this.chats++;
    this.messages += b.messageCount[i]!;
  }

  result() {
    return { perChat: ratio(this.messages, this.chats) };
  }
}
