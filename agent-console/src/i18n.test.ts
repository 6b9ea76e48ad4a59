// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { countForms, detectLanguage, language, placeholdersOf, setLanguage, t, tn, translateLoose, translations, type CountKey } from './i18n.ts';

afterEach(() => setLanguage('en'));

describe('i18n', () => {
  it('starts in the first preferred language it speaks, English otherwise', () => {
    expect(detectLanguage(['de-DE', 'ru-RU', 'en'])).toBe('ru');
    expect(detectLanguage(['BG'])).toBe('bg');
    expect(detectLanguage(['fr-FR', 'de'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });

  it('has every text in Russian and Bulgarian, with the same placeholders', () => {
    const ru = translations('ru');
    const bg = translations('bg');
    expect(Object.keys(bg).sort()).toEqual(Object.keys(ru).sort());
    for (const [key, text] of [...Object.entries(ru), ...Object.entries(bg)]) {
      expect(text.trim(), key).not.toBe('');
      if (key.startsWith('one: ')) continue;
      expect(placeholdersOf(text), `${key} → ${text}`).toEqual(placeholdersOf(key));
    }
  });

  it("gives a count text each of its language's plural forms, with the English placeholders in every one", () => {
    const countKeys = Object.keys(translations('ru')).filter((key) => key.startsWith('one: '));
    expect(countKeys.length).toBeGreaterThan(0);
    const categories = (lang: string) => [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort();
    for (const key of countKeys) {
      const english = countForms(key);
      expect(Object.keys(english).sort(), key).toEqual(categories('en'));
      for (const lang of ['ru', 'bg'] as const) {
        const forms = countForms(translations(lang)[key as CountKey]);
        expect(Object.keys(forms).sort(), `${lang}: ${key}`).toEqual(categories(lang));
        for (const form of Object.values(forms)) expect(placeholdersOf(form!), `${lang}: ${form}`).toEqual(placeholdersOf(english.other!));
      }
    }
  });

  it("says a count in the form the language's plural rules pick", () => {
    const found = 'one: {count} chat found | other: {count} chats found' as const;
    expect(tn(found, 1)).toBe('1 chat found');
    expect(tn(found, 0)).toBe('0 chats found');
    expect(tn(found, 2)).toBe('2 chats found');
    expect([1, 3, 5, 11, 21, 22].map((n) => tn(found, n, undefined, 'ru'))).toEqual([
      'Найден 1 чат',
      'Найдено 3 чата',
      'Найдено 5 чатов',
      'Найдено 11 чатов',
      'Найден 21 чат',
      'Найдено 22 чата',
    ]);
    expect([1, 2, 11].map((n) => tn(found, n, undefined, 'bg'))).toEqual(['Намерен 1 чат', 'Намерени 2 чата', 'Намерени 11 чата']);
    const sample =
      'one: {count} closed chat per agent each week ({weeks}), picked the same way for every reviewer. Chats you reviewed leave the list. | other: {count} closed chats per agent each week ({weeks}), picked the same way for every reviewer. Chats you reviewed leave the list.' as const;
    expect(tn(sample, 1, { weeks: 'W10' })).toMatch(/^1 closed chat per agent each week \(W10\)/);
    expect([1, 2, 5].map((n) => tn(sample, n, { weeks: 'W10' }, 'ru').split(' каждого')[0])).toEqual(['По 1 закрытому чату', 'По 2 закрытых чата', 'По 5 закрытых чатов']);
    // The number written out by the caller, the form still picked by the number.
    expect(tn('one: {day} {hours} · {count} chat | other: {day} {hours} · {count} chats', 1234, { day: 'Mon', hours: '9–10', count: '1,234' })).toBe(
      'Mon 9–10 · 1,234 chats',
    );
  });

  it('keeps the English accessible names as they are and fills placeholders', () => {
    expect(t('Reply')).toBe('Reply');
    expect(t('Add tag')).toBe('Add tag');
    expect(t('{name}, {count} unread', { name: 'Ann', count: 2 })).toBe('Ann, 2 unread');
    setLanguage('ru');
    expect(language()).toBe('ru');
    expect(document.documentElement.lang).toBe('ru');
    expect(t('Reply')).toBe('Ответ');
    expect(t('{name} is typing…', { name: '{count}' })).toBe('{count} печатает…');
    setLanguage('bg');
    expect(t('Transfer chat')).toBe('Прехвърли чата');
    // Labels of pages this module does not know stay as they are.
    expect(translateLoose('Settings')).toBe('Настройки');
    expect(translateLoose('Reports')).toBe('Reports');
  });

  it("shows a key's English without its context, and the context's own words in other languages", () => {
    expect(t('follow-ups filter::Done')).toBe('Done');
    expect(t('follow-ups filter::Done', undefined, 'ru')).toBe('Выполненные');
    expect(t('Done', undefined, 'ru')).toBe('Готово');
    expect(t('follow-ups count::Open', undefined, 'bg')).not.toBe(t('Open', undefined, 'bg'));
  });

  it('keeps the metric abbreviations support teams use in every language', () => {
    for (const lang of ['ru', 'bg'] as const) {
      for (const key of ['CSAT', 'NPS', 'CES', 'FCR', 'IQS'] as const) expect(t(key, undefined, lang)).toBe(key);
    }
    expect(t('First response', undefined, 'ru')).toBe('Время первого ответа');
    expect(t('First response', undefined, 'bg')).toBe('Време за първи отговор');
  });

  it('remembers the choice for the next visit', () => {
    setLanguage('bg');
    expect(localStorage.getItem('parley.console.language')).toBe('bg');
  });
});
