import { describe, expect, it } from 'vitest';
import { guessCountry } from './visitors-now.ts';

describe('guessCountry', () => {
  it('takes the time zone first, then the region of the language', () => {
    expect(guessCountry('Europe/Sofia', 'en-US')).toBe('BG');
    expect(guessCountry('America/Sao_Paulo', null)).toBe('BR');
    expect(guessCountry('Etc/UTC', 'pt-BR')).toBe('BR');
    expect(guessCountry(null, 'zh-Hant-TW')).toBe('TW');
    expect(guessCountry(null, 'en')).toBeNull();
    expect(guessCountry(null, null)).toBeNull();
  });
});
