// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { detectLanguage, language, placeholdersOf, setLanguage, t, translateLoose, translations } from './i18n.ts';

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
      expect(placeholdersOf(text), `${key} → ${text}`).toEqual(placeholdersOf(key));
    }
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
