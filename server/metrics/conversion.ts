import type { ChatBlock } from './chat-blocks.ts';
import { firstOccurrences, ratio } from './stats.ts';

/** Counted in `conversion.rate`'s numerator: the visitor converted in the chat's window. */
export const converted = (b: ChatBlock, i: number): boolean => b.conversionStart[i + 1]! > b.conversionStart[i]!;

/**
 * `conversion.rate`: chats whose visitor has a conversion with `at` in [start, start +
 * `conversionWindowHours` hours) / chats. `conversion.value`: sum of `value` over the distinct
 * conversions (by id) that fall in the window of at least one chat in scope. The chat block
 * lists each chat's conversions in its window.
 */
export class ConversionResults {
  private chats = 0;
  private converted = 0;
  /** The conversions in the windows of the chats, in the order met, repeats included. */
  private ids = new Float64Array(64);
  private values = new Float64Array(64);
  private count = 0;

  /** Adds the chats b[rows[j]] for j in [first, end). */
  add(b: ChatBlock, rows: Int32Array, first: number, end: number): void {
    this.chats += end - first;
    for (let j = first; j < end; j++) {
      const i = rows[j]!;
      if (!converted(b, i)) continue;
      const from = b.conversionStart[i]!;
      const to = b.conversionStart[i + 1]!;
      this.converted++;
      if (this.count + (to - from) > this.ids.length) this.grow(this.count + (to - from));
      for (let k = from; k < to; k++) {
        this.ids[this.count] = b.conversionId[k]!;
        this.values[this.count++] = b.conversionValue[k]!;
      }
    }
  }

  private grow(size: number): void {
    const length = Math.max(size, 2 * this.ids.length);
    const ids = new Float64Array(length);
    const values = new Float64Array(length);
    ids.set(this.ids);
    values.set(this.values);
    this.ids = ids;
    this.values = values;
  }

  result() {
    // Each distinct conversion once, summed in the order first met (a conversion's value is the
    // same wherever it is met): the same additions in the same order as a map keyed by id.
    const first = firstOccurrences(this.ids, this.count);
    let value = 0;
    for (let k = 0; k < this.count; k++) if (first[k] === 1) value += this.values[k]!;
    return { rate: ratio(this.converted, this.chats), value };
  }
}
