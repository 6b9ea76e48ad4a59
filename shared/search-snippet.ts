/**
 * Search words and snippets (README "Search"), read alike by the server that makes snippets and
 * the console that shows them. A snippet is plain text in which each match stands between
 * MARK_START and MARK_END (two private-use characters, removed from the text first, so they
 * mean nothing else): a reader shows them as elements, never as HTML.
 */

export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** What a word is, as both stores' indexes split text: letters and digits. */
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a query, lower case, each once, at most 8: each must be in the document, as a word or the start of one. */
export function searchWords(q: string): string[] {
  const words = new Set<string>();
  for (const m of q.toLowerCase().matchAll(WORD)) words.add(m[0]);
  return [...words].slice(0, 8);
}

/** At most this many characters of the document around its first match. */
const SNIPPET_CHARS = 160;

/** The part of `text` around its first matching word, with every matching word marked. */
export function snippetOf(text: string, words: string[]): string {
  const clean = text.replace(/[\uE000\uE001]/g, '').replace(/\s+/g, ' ').trim();
  const matches: Array<[number, number]> = [];
  for (const m of clean.matchAll(WORD)) {
    const lower = m[0].toLowerCase();
    if (words.some((w) => lower.startsWith(w))) matches.push([m.index, m.index + m[0].length]);
  }
  const first = matches[0]?.[0] ?? 0;
  let start = Math.max(0, first - 40);
  // Start at a word's beginning, not inside one.
  if (start > 0) {
    const space = clean.lastIndexOf(' ', start);
    start = space < 0 ? 0 : space + 1;
  }
  let end = Math.min(clean.length, start + SNIPPET_CHARS);
  if (end < clean.length) {
    const space = clean.lastIndexOf(' ', end);
    if (space > first) end = space;
  }
  let out = start > 0 ? '…' : '';
  let at = start;
  for (const [s, e] of matches) {
    if (s < start || e > end) continue;
    out += clean.slice(at, s) + MARK_START + clean.slice(s, e) + MARK_END;
    at = e;
  }
  out += clean.slice(at, end) + (end < clean.length ? '…' : '');
  return out;
}

/** A snippet as pieces to show: plain text, and marked text. */
export function snippetParts(snippet: string): Array<{ text: string; marked: boolean }> {
  const parts: Array<{ text: string; marked: boolean }> = [];
  let rest = snippet;
  while (rest.length) {
    const s = rest.indexOf(MARK_START);
    if (s < 0) {
      parts.push({ text: rest, marked: false });
      break;
    }
    if (s > 0) parts.push({ text: rest.slice(0, s), marked: false });
    const e = rest.indexOf(MARK_END, s);
    const stop = e < 0 ? rest.length : e;
    parts.push({ text: rest.slice(s + 1, stop), marked: true });
    rest = e < 0 ? '' : rest.slice(e + 1);
  }
  return parts;
}
