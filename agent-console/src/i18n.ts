import { useEffect, useState } from 'preact/hooks';
import { bg } from './i18n-bg.ts';
import { readText, writeText } from './local-memory.ts';
import { ru, type MessageKey } from './i18n-ru.ts';

// The console speaks English, Russian and Bulgarian. English text is the key (and the
// accessible names acceptance tests use); the Russian dictionary lists every key, so a string
// missing from a translation is a type error. One language at a time for the whole page: the
// app re-renders from its root when it changes, so plain `t()` calls follow.

export type Language = 'en' | 'ru' | 'bg';
export type { MessageKey };

export const languages: { code: Language; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'ru', name: 'Русский' },
  { code: 'bg', name: 'Български' },
];

const dictionaries: Record<Exclude<Language, 'en'>, Record<MessageKey, string>> = { ru, bg };
const STORAGE_KEY = 'parley.console.language';

/** The first of the browser's preferred languages the console speaks; English otherwise. */
export function detectLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'en' || primary === 'ru' || primary === 'bg') return primary;
  }
  return 'en';
}

function isLanguage(v: string | null): v is Language {
  return v === 'en' || v === 'ru' || v === 'bg';
}

function initialLanguage(): Language {
  const saved = readText(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  const nav = globalThis.navigator;
  return detectLanguage(nav ? (nav.languages?.length ? nav.languages : [nav.language]) : []);
}

let current: Language = initialLanguage();
const listeners = new Set<(l: Language) => void>();
if (globalThis.document) document.documentElement.lang = current;

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  writeText(STORAGE_KEY, next);
  if (next === current) return;
  current = next;
  if (globalThis.document) document.documentElement.lang = next;
  for (const l of listeners) l(next);
}

/** The current language, re-rendering the caller (the app's root) when it changes. */
export function useLanguage(): Language {
  const [lang, setLang] = useState(current);
  useEffect(() => {
    setLang(current);
    listeners.add(setLang);
    return () => void listeners.delete(setLang);
  }, []);
  return lang;
}

/**
 * The English of a key. A key may name its context before `::` ("follow-ups filter::Done") where
 * one English word needs different words in Russian or Bulgarian (a button's "Done" is not a
 * list of done follow-ups); English shows what follows it.
 */
function englishOf(key: string): string {
  const at = key.indexOf('::');
  return at < 0 ? key : key.slice(at + 2);
}

/** `{name}` placeholders are replaced by `params`; text from users goes in params, never in keys. */
export function t(key: MessageKey, params?: Record<string, string | number>, lang: Language = current): string {
  const text = lang === 'en' ? englishOf(key) : dictionaries[lang][key] || englishOf(key);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A key of a text about a number of things: its English forms by plural category (see `tn`). */
export type CountKey = Extract<MessageKey, `one: ${string}`>;

/** The forms of a count text by plural category: "one: {count} chat | other: {count} chats". */
export function countForms(text: string): Partial<Record<Intl.LDMLPluralRule, string>> {
  return Object.fromEntries(
    text.split(' | ').map((form) => {
      const at = form.indexOf(': ');
      return [form.slice(0, at), form.slice(at + 2)];
    }),
  );
}

/**
 * A text about `count` things in the form the language's plural rules pick (Intl.PluralRules):
 * English and Bulgarian have one and other, Russian one, few, many and other. The key lists the
 * English forms, "one: {count} chat found | other: {count} chats found"; a translation lists
 * its own language's forms the same way. `{count}` is the number, unless `params` gives it written
 * out ("1,234").
 */
export function tn(key: CountKey, count: number, params?: Record<string, string | number>, lang: Language = current): string {
  const forms = countForms(lang === 'en' ? key : dictionaries[lang][key] || key);
  const form = forms[new Intl.PluralRules(lang).select(count)] ?? forms.other ?? '';
  return form.replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : name === 'count' ? String(count) : whole));
}

/** The placeholders of a text, for checking that translations keep them all. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

export function translations(lang: Exclude<Language, 'en'>): Record<MessageKey, string> {
  return dictionaries[lang];
}

/** The locale for dates and numbers: the console's language, or the browser's own English. */
export function dateLocale(): string | undefined {
  return current === 'en' ? undefined : current;
}

/** A text that may or may not be in the dictionaries (e.g. a page label added by another page). */
export function translateLoose(text: string): string {
  if (current === 'en') return text;
  return (dictionaries[current] as Record<string, string>)[text] || text;
}
