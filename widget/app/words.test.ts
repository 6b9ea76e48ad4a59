import { describe, expect, it } from 'vitest';
import { PreChat } from './pre-chat.ts';
import { memoryStore } from './local-store.ts';
import { noticeWordsEn } from '../../shared/system-notices.ts';
import { EN, formatLocale, LANGUAGES, loadWords, pickLanguage, type Language, type Words } from './words.ts';

const WORDS = Object.fromEntries(await Promise.all(LANGUAGES.map(async (l) => [l, await loadWords(l)]))) as Record<Language, Words>;

describe('words', () => {
  it('English comes with the window; every language says every string, none empty, none left in English by mistake', () => {
    expect(WORDS.en).toBe(EN);
    const keys = Object.keys(WORDS.en).sort();
    for (const language of LANGUAGES) {
      const words = WORDS[language];
      // English has no notice words: a notice's stored text is already English.
      expect(Object.keys(words).filter((k) => k !== 'notice').sort()).toEqual(keys);
      if (language !== 'en') expect(Object.keys(words.notice!).sort(), language).toEqual(Object.keys(noticeWordsEn).sort());
      for (const [key, value] of Object.entries(words)) {
        const text = typeof value === 'function' ? String(value(2, 5000)) : String(value);
        expect(text.trim(), `${language}.${key}`).not.toBe('');
      }
    }
    const same = Object.keys(WORDS.en).filter((k) => typeof (WORDS.en as any)[k] === 'string' && (WORDS.en as any)[k] === (WORDS.ru as any)[k]);
    // Only the language code and the word "Email" (used as is in Russian) may match.
    expect(same.sort()).toEqual(['email']);
  });

  it('counts unread messages with each language’s plural forms', () => {
    expect([1, 2, 5, 21, 22, 25].map((n) => WORDS.ru.unreadMessages(n))).toEqual([
      '1 непрочитанное сообщение',
      '2 непрочитанных сообщения',
      '5 непрочитанных сообщений',
      '21 непрочитанное сообщение',
      '22 непрочитанных сообщения',
      '25 непрочитанных сообщений',
    ]);
    expect([1, 3].map((n) => WORDS.bg.unreadMessages(n))).toEqual(['1 непрочетено съобщение', '3 непрочетени съобщения']);
    expect([1, 3].map((n) => WORDS.en.unreadMessages(n))).toEqual(['1 unread message', '3 unread messages']);
  });

  it('says how long to wait for the next transcript in minutes, then hours, in each language’s plural forms', () => {
    expect([1, 45, 89, 90, 1440].map((m) => WORDS.en.transcriptTryLater(m).match(/again in (.*)\./)![1])).toEqual([
      '1 minute',
      '45 minutes',
      '89 minutes',
      '2 hours',
      '24 hours',
    ]);
    expect([1, 3, 5, 21].map((m) => WORDS.ru.transcriptTryLater(m).match(/через (.*)\./)![1])).toEqual(['1 минуту', '3 минуты', '5 минут', '21 минуту']);
    expect(WORDS.ru.transcriptTryLater(300)).toContain('через 5 часов');
    expect(WORDS.bg.transcriptTryLater(1)).toContain('след 1 минута');
    expect(WORDS.bg.transcriptTryLater(120)).toContain('след 2 часа');
  });

  it('picks the first language it speaks among the candidates, else English', () => {
    expect(pickLanguage([null, 'ru-RU', 'bg'])).toBe('ru');
    expect(pickLanguage(['de', undefined, 'BG_bg'])).toBe('bg');
    expect(pickLanguage(['fr', 'es'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('formats dates the browser’s way when it is a variant of the window’s language', () => {
    expect(formatLocale('en', ['en-GB', 'ru'])).toBe('en-GB');
    expect(formatLocale('ru', ['en-GB', 'ru-RU'])).toBe('ru-RU');
    expect(formatLocale('bg', ['en-US'])).toBe('bg');
  });
});

describe('PreChat', () => {
  const config = { preChatForm: { name: 'required', email: 'optional', department: 'required' } as const, departments: [{ id: 'sales', name: 'Sales' }] };

  it('asks the fields that are on, less what the site told, once per visitor', () => {
    const store = memoryStore();
    const form = new PreChat(store);
    expect(form.questions(config)).toEqual([
      { field: 'name', required: true },
      { field: 'email', required: false },
      { field: 'department', required: true },
    ]);
    form.identified({ name: 'Ann' });
    expect(form.questions(config).map((q) => q.field)).toEqual(['email', 'department']);
    expect(form.questions({ ...config, departments: [] }).map((q) => q.field)).toEqual(['email']);
    form.complete();
    expect(new PreChat(store).questions(config)).toEqual([]);
  });
});
