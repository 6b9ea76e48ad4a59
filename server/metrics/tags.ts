import type { Names } from './blocks.ts';
import type { ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';

/**
 * `tags.taggedRate`: chats with ≥ 1 tag / chats. `tags.perChat`: mean number of tags per chat.
 * `tags.counts`: {tag: number of chats in scope carrying it}, tags with count ≥ 1 only.
 */
export class TagUse {
  private chats = 0;
  private tagged = 0;
  private tags = 0;
  private counts = new Map<number, number>();

  add(b: ChatBlock, i: number): void {
    this.chats++;
    const from = b.tagStart[i]!;
    const to = b.tagStart[i + 1]!;
    if (to > from) this.tagged++;
    this.tags += to - from;
    for (let k = from; k < to; k++) this.counts.set(b.tag[k]!, (this.counts.get(b.tag[k]!) ?? 0) + 1);
  }

  result(names: Names) {
    return {
      taggedRate: ratio(this.tagged, this.chats),
      perChat: ratio(this.tags, this.chats),
      counts: countsByName(this.counts, names),
    };
  }
}

export function countsByName(counts: Map<number, number>, names: Names): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, n] of [...counts].sort((a, b) => (names.name(a[0]) < names.name(b[0]) ? -1 : 1))) {
    out[names.name(code)] = n;
  }
  return out;
}
