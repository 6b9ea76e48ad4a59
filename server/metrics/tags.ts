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
  private counts = new CountsByCode();

  /** Adds the chats b[rows[j]] for j in [first, end). */
  add(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    this.chats += end - first;
    for (let j = first; j < end; j++) {
      const i = rows[j]!;
      const from = b.tagStart[i]!;
      const to = b.tagStart[i + 1]!;
      if (to > from) this.tagged++;
      this.tags += to - from;
      for (let k = from; k < to; k++) this.counts.add(b.tag[k]!, 1);
    }
  }

  result(names: Names) {
    return {
      taggedRate: ratio(this.tagged, this.chats),
      perChat: ratio(this.tags, this.chats),
      counts: this.counts.byName(names),
    };
  }
}

/**
 * Counts by name code (tags, canned replies). Codes are small whole numbers (Names hands them out
 * from 0), so an array indexed by code does what a map would, without hashing each addition.
 */
export class CountsByCode {
  private counts = new Float64Array(64);

  add(code: number, n: number): void {
    if (code >= this.counts.length) {
      const grown = new Float64Array(Math.max(code + 1, 2 * this.counts.length));
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[code]! += n;
  }

  /** {name: count}, counts ≥ 1 only, in name order. */
  byName(names: Names): Record<string, number> {
    const counted: [string, number][] = [];
    this.counts.forEach((n, code) => {
      if (n > 0) counted.push([names.name(code), n]);
    });
    const out: Record<string, number> = {};
    for (const [name, n] of counted.sort((a, b) => (a[0] < b[0] ? -1 : 1))) out[name] = n;
    return out;
  }
}
