
/**
 * `conversion.rate`: chats whose visitor has a conversion with `at` in [start, start +
 * `conversionWindowHours` hours) / chats. `conversion.value`: sum of `value` over the distinct
 * conversions (by id) that fall in the window of at least one chat in scope.
 * The (conversion, chat) pairs come from SQL (scope-sql.ts); this counts them per range.
 */
export class ConversionResults {
  private convertedChats = new Set<number>();
  private conversions = new Map<number, number>();

  addPair(conversionRowid: number, value: number, chatRowid: number): void {
    this.convertedChats.add(chatRowid);
    this.conversions.set(conversionRowid, value);
  }

  result(chats: number) {
    let value = 0;
    for (const v of this.conversions.values()) value += v;
    return { rate: chats === 0 ? null : this.convertedChats.size / chats, value };
  }
}
