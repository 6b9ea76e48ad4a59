import type { Names } from './blocks.ts';
import type { ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';
import { CountsByCode } from './tags.ts';

/** Counted in `canned.chatRate`'s numerator: a chat with ≥ 1 reply that used a canned reply. */
export const usedCanned = (b: ChatBlock, i: number): boolean => b.replyCount[i]! > 0 && b.cannedReplyCount[i]! > 0;

/**
 * `canned.chatRate`: chats with ≥ 1 reply that used a canned reply / chats with a reply.
 * `canned.messageRate`: replies that used a canned reply / replies.
 * `canned.counts`: {cannedId: replies that used it}, count ≥ 1 only.
 */
export class CannedUse {
  private repliedChats = 0;
  private cannedChats = 0;
  private replies = 0;
  private cannedReplies = 0;
  private counts = new CountsByCode();

  /** Adds the chats b[rows[j]] for j in [first, end). */
  add(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    for (let j = first; j < end; j++) {
      const i = rows[j]!;
      if (b.replyCount[i] === 0) continue;
      this.repliedChats++;
      this.replies += b.replyCount[i]!;
      this.cannedReplies += b.cannedReplyCount[i]!;
      if (usedCanned(b, i)) this.cannedChats++;
      for (let k = b.cannedStart[i]!; k < b.cannedStart[i + 1]!; k++) this.counts.add(b.cannedId[k]!, b.cannedUses[k]!);
    }
  }

  result(names: Names) {
    return {
      chatRate: ratio(this.cannedChats, this.repliedChats),
      messageRate: ratio(this.cannedReplies, this.replies),
      counts: this.counts.byName(names),
    };
  }
}
