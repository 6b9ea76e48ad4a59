import type { ChatBlock } from './chat-blocks.ts';
import { ratio } from './stats.ts';

/**
 * `conversion.rate`: chats whose visitor has a conversion with `at` in [start, start +
 * `conversionWindowHours` hours) / chats. `conversion.value`: sum of `value` over the distinct
 * conversions (by id) that fall in the window of at least one chat in scope. The chat block
 * lists each chat's conversions in its window.
 */
export class ConversionResults {
  private chats = 0;
  private converted = 0;
  private conversions = new Map<number, number>();

  add(b: ChatBlock, i: number): void {
    this.chats++;
    const from = b.conversionStart[i]!;
    const to = b.conversionStart[i + 1]!;
    if (to === from) return;
    this.converted++;
    for (let k = from; k < to; k++) this.conversions.set(b.conversionId[k]!, b.conversionValue[k]!);
  }

  result() {
    let value = 0;
    for (const v of this.conversions.values()) value += v;
    return { rate: ratio(this.converted, this.chats), value };
  }
}
