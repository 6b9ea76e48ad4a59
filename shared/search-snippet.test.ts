import { describe, expect, it } from 'vitest';
import { MARK_END as E, MARK_START as S, searchWords, snippetOf, snippetParts } from './search-snippet.ts';

describe('search words and snippets', () => {
  it('takes the words of a query in lower case, each once, letters and digits only', () => {
    expect(searchWords('Refund, ORDER-42 refund Zoë  возврат!')).toEqual(['refund', 'order', '42', 'zoë', 'возврат']);
    expect(searchWords(' ?! ')).toEqual([]);
  });

  it('marks every word that starts with a query word, around the first match', () => {
    expect(snippetOf('Refunds take five days; the refund is on its way', ['refund'])).toBe(
      `${S}Refunds${E} take five days; the ${S}refund${E} is on its way`,
    );
    const long = `${'word '.repeat(60)}the parcel came broken ${'tail '.repeat(60)}`;
    const snippet = snippetOf(long, ['parcel']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain(`${S}parcel${E} came broken`);
    expect(snippet.length).toBeLessThanOrEqual(165);
  });

  it('drops the mark characters a text carries, so marks mean only matches', () => {
    expect(snippetOf(`fake ${S}mark${E} and refund`, ['refund'])).toBe(`fake mark and ${S}refund${E}`);
  });

  it('reads a snippet back as text and marked parts', () => {
    expect(snippetParts(`a <b>${S}refund${E}</b> ${S}x${E}`)).toEqual([
      { text: 'a <b>', marked: false },
      { text: 'refund', marked: true },
      { text: '</b> ', marked: false },
      { text: 'x', marked: true },
    ]);
  });
});
