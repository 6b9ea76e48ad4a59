import { afterEach, describe, expect, it } from 'vitest';
import { surveyKit, type SurveyKit } from './testing/survey-kit.ts';
import { effectiveTexts, linkSecret, readSurveySettings, surveyLanguage, writeSurveySettings } from './settings.ts';
import { surveySettingsPatchSchema } from '../../shared/survey-schemas.ts';

let kit: SurveyKit;
afterEach(() => kit?.close());

describe('survey settings', () => {
  it('start from the issue’s defaults', async () => {
    kit = await surveyKit();
    expect(await readSurveySettings(kit.store)).toMatchObject({
      csatEnabled: true,
      cesEnabled: true,
      npsEnabled: true,
      cesScale: 7,
      postChatValidHours: 24,
      npsDelayHours: 168,
      npsThrottleDays: 90,
      npsExpireDays: 30,
    });
    expect(effectiveTexts(await readSurveySettings(kit.store)).en!.ces).toBe('The company made it easy for me to handle my issue.');
  });

  it('merge patches of texts per language; null goes back to the built-in wording', async () => {
    kit = await surveyKit();
    await writeSurveySettings(kit.store, { texts: { ru: { csat: 'Как мы справились?' }, de: { csat: 'Wie war es?', ces: 'Einfach?' } } });
    await writeSurveySettings(kit.store, { npsDelayHours: 0, texts: { de: { ces: null } } });
    let settings = await readSurveySettings(kit.store);
    expect(settings.npsDelayHours).toBe(0);
    expect(settings.texts).toEqual({ ru: { csat: 'Как мы справились?' }, de: { csat: 'Wie war es?' } });
    expect(effectiveTexts(settings).ru!.ces).toBe('Компания помогла мне легко решить мой вопрос.');
    expect(effectiveTexts(settings).de!.ces).toBe('The company made it easy for me to handle my issue.');
    await writeSurveySettings(kit.store, { texts: { ru: null, de: { csat: null } } });
    settings = await readSurveySettings(kit.store);
    expect(settings.texts).toEqual({});
    expect(surveyLanguage(settings, 'de-AT')).toBe('en');
    expect(surveyLanguage(settings, 'BG')).toBe('bg');
    expect(surveyLanguage(settings, null)).toBe('en');
  });

  it('refuse what is out of range, naming the field', () => {
    const problem = (body: unknown) => {
      const parsed = surveySettingsPatchSchema.safeParse(body);
      return parsed.success ? 'ok' : parsed.error.issues[0]!.path.join('.');
    };
    expect(problem({ cesScale: 6 })).toBe('cesScale');
    expect(problem({ npsDelayHours: -1 })).toBe('npsDelayHours');
    expect(problem({ npsDelayHours: 1.5 })).toBe('npsDelayHours');
    expect(problem({ postChatValidHours: 0 })).toBe('postChatValidHours');
    expect(problem({ texts: { 'EN-us': { csat: 'x' } } })).toBe('texts.EN-us');
    expect(problem({ texts: { en: { csat: '   ' } } })).toBe('texts.en.csat');
    expect(problem({ texts: { en: { title: 'x' } } })).toBe('texts.en');
    expect(problem({ surprise: true })).toBe('');
    expect(problem({ npsDelayHours: 0, cesScale: 5 })).toBe('ok');
  });

  it('keep one link secret for good', async () => {
    kit = await surveyKit();
    const secret = await linkSecret(kit.store);
    expect(secret.length).toBe(32);
    await kit.restart();
    expect((await linkSecret(kit.store)).equals(secret)).toBe(true);
  });
});
