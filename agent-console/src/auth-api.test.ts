import { afterEach, describe, expect, it } from 'vitest';
import { tooManyAttemptsText } from './auth-api.ts';
import { setLanguage } from './i18n.ts';

afterEach(() => setLanguage('en'));

describe('the wait after too many sign-in attempts', () => {
  it('is in whole minutes, rounded up, and in hours past an hour and a half', () => {
    expect(tooManyAttemptsText('1')).toBe('Too many attempts. Try again in 1 min.');
    expect(tooManyAttemptsText('60')).toBe('Too many attempts. Try again in 1 min.');
    expect(tooManyAttemptsText('61')).toBe('Too many attempts. Try again in 2 min.');
    expect(tooManyAttemptsText('5400')).toBe('Too many attempts. Try again in 90 min.');
    expect(tooManyAttemptsText('5401')).toBe('Too many attempts. Try again in 2 h.');
    expect(tooManyAttemptsText('86400')).toBe('Too many attempts. Try again in 24 h.');
  });

  it('reads a Retry-After date too, and says "later" without a usable one', () => {
    const now = Date.parse('2026-12-05T12:00:00Z');
    expect(tooManyAttemptsText('Sat, 05 Dec 2026 12:10:00 GMT', now)).toBe('Too many attempts. Try again in 10 min.');
    expect(tooManyAttemptsText(null)).toBe('Too many attempts. Try again later.');
    expect(tooManyAttemptsText('soon')).toBe('Too many attempts. Try again later.');
    expect(tooManyAttemptsText('Sat, 05 Dec 2026 11:00:00 GMT', now)).toBe('Too many attempts. Try again later.');
  });

  it('is in the console’s language', () => {
    setLanguage('ru');
    expect(tooManyAttemptsText('7200')).toBe('Слишком много попыток. Попробуйте снова через 2 ч.');
    expect(tooManyAttemptsText(null)).toBe('Слишком много попыток. Попробуйте позже.');
    setLanguage('bg');
    expect(tooManyAttemptsText('7200')).toBe('Твърде много опити. Опитайте отново след 2 ч.');
  });
});
