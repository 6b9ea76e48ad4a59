import { randomBytes } from 'node:crypto';
import type { Sql } from '../store/sql.ts';
import { readSetting, settingMadeOnce, writeSetting } from '../store/settings.ts';
import type { SurveySettings, SurveyTexts } from '../../shared/protocol.ts';
import { SURVEY_TEXT_KEYS, type SurveySettingsPatch } from '../../shared/survey-schemas.ts';

/** Survey settings live under one `settings` key; the email link secret under another. */
const SETTINGS_KEY = 'surveys';
const LINK_SECRET_KEY = 'surveys.linkSecret';

export const DEFAULT_LANGUAGE = 'en';

export const builtInTexts: Record<string, SurveyTexts> = {
  en: {
    csat: 'How satisfied are you with the support you received?',
    ces: 'The company made it easy for me to handle my issue.',
    nps: 'How likely are you to recommend {site} to a friend or colleague?',
    npsReason: 'What is the main reason for your score?',
    csatLow: 'Very dissatisfied',
    csatHigh: 'Very satisfied',
    cesLow: 'Strongly disagree',
    cesHigh: 'Strongly agree',
    npsLow: 'Not at all likely',
    npsHigh: 'Extremely likely',
  },
  ru: {
    csat: 'Насколько вы довольны полученной поддержкой?',
    ces: 'Компания помогла мне легко решить мой вопрос.',
    nps: 'Насколько вероятно, что вы порекомендуете {site} другу или коллеге?',
    npsReason: 'Какова основная причина вашей оценки?',
    csatLow: 'Совсем не доволен',
    csatHigh: 'Очень доволен',
    cesLow: 'Полностью не согласен',
    cesHigh: 'Полностью согласен',
    npsLow: 'Совсем маловероятно',
    npsHigh: 'Очень вероятно',
  },
  bg: {
    csat: 'Колко сте доволни от получената поддръжка?',
    ces: 'Компанията ми улесни да реша проблема си.',
    nps: 'Колко вероятно е да препоръчате {site} на приятел или колега?',
    npsReason: 'Коя е основната причина за вашата оценка?',
    csatLow: 'Много недоволен',
    csatHigh: 'Много доволен',
    cesLow: 'Напълно несъгласен',
    cesHigh: 'Напълно съгласен',
    npsLow: 'Изобщо не е вероятно',
    npsHigh: 'Изключително вероятно',
  },
};

export const defaultSurveySettings: SurveySettings = {
  csatEnabled: true,
  cesEnabled: true,
  npsEnabled: true,
  npsEmailEnabled: true,
  cesScale: 7,
  postChatValidHours: 24,
  npsDelayHours: 168,
  npsThrottleDays: 90,
  npsExpireDays: 30,
  followUpsEnabled: true,
  reviewLink: { url: null, texts: {} },
  postChatThrottleHours: 0,
  texts: {},
};

export async function readSurveySettings(db: Sql): Promise<SurveySettings> {
  return { ...defaultSurveySettings, ...(await readSetting<Partial<SurveySettings>>(db, SETTINGS_KEY)) };
}

/** Applies a validated patch and returns the settings now in force. */
export async function writeSurveySettings(db: Sql, patch: SurveySettingsPatch): Promise<SurveySettings> {
  return await db.transaction(async (db) => {
    const current = await readSurveySettings(db);
    const { texts: textsPatch, ...scalars } = patch;
    const next: SurveySettings = { ...current, ...stripUndefined(scalars), texts: mergeTexts(current.texts, textsPatch) };
    await writeSetting(db, SETTINGS_KEY, next);
    return next;
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function mergeTexts(
  current: SurveySettings['texts'],
  patch: SurveySettingsPatch['texts'],
): SurveySettings['texts'] {
  const texts = { ...current };
  for (const [language, fields] of Object.entries(patch ?? {})) {
    if (fields === null) {
      delete texts[language];
      continue;
    }
    const merged: Partial<SurveyTexts> = { ...texts[language] };
    for (const [key, value] of Object.entries(fields) as Array<[keyof SurveyTexts, string | null | undefined]>) {
      if (value === null) delete merged[key];
      else if (value !== undefined) merged[key] = value;
    }
    if (Object.keys(merged).length) texts[language] = merged;
    else delete texts[language];
  }
  return texts;
}

/** Every language the surveys can be put in, with its final wording. */
export function effectiveTexts(settings: SurveySettings): Record<string, SurveyTexts> {
  const languages = new Set([...Object.keys(builtInTexts), ...Object.keys(settings.texts)]);
  const result: Record<string, SurveyTexts> = {};
  for (const language of languages) result[language] = textsIn(settings, language);
  return result;
}

function textsIn(settings: SurveySettings, language: string): SurveyTexts {
  // Own properties only: a language named `constructor` or `__proto__` is no language of ours.
  const base = (Object.hasOwn(builtInTexts, language) ? builtInTexts[language] : undefined) ?? builtInTexts[DEFAULT_LANGUAGE]!;
  const own = (Object.hasOwn(settings.texts, language) ? settings.texts[language] : undefined) ?? {};
  const texts = { ...base };
  for (const key of SURVEY_TEXT_KEYS) if (own[key]) texts[key] = own[key];
  return texts;
}

/**
 * The language to ask a visitor in: their locale's primary subtag (`ru-RU` → `ru`) when the
 * surveys have texts in it, else English.
 */
export function surveyLanguage(settings: SurveySettings, locale: string | null | undefined): string {
  const primary = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return primary in builtInTexts || primary in settings.texts ? primary : DEFAULT_LANGUAGE;
}

export function surveyTexts(settings: SurveySettings, language: string): SurveyTexts {
  return textsIn(settings, language in builtInTexts || language in settings.texts ? language : DEFAULT_LANGUAGE);
}

const builtInReviewTexts: Record<string, string> = {
  en: 'Tell others about us: leave a review',
  ru: 'Расскажите о нас другим: оставьте отзыв',
  bg: 'Разкажете за нас на другите: оставете отзив',
};

/** A promoter (NPS 9–10, CSAT 5) is shown the owner's review link, if there is one. */
export function reviewLinkFor(
  settings: SurveySettings,
  s: { kind: string; score: number | null; answered_at: number | null },
  language: string,
): { url: string; text: string } | null {
  const url = settings.reviewLink.url;
  if (!url || s.answered_at === null || s.score === null) return null;
  const promoter = s.kind === 'nps' ? s.score >= 9 : s.kind === 'csat' ? s.score === 5 : false;
  if (!promoter) return null;
  const own = (l: string) => (Object.hasOwn(settings.reviewLink.texts, l) ? settings.reviewLink.texts[l] : undefined);
  const builtIn = (l: string) => (Object.hasOwn(builtInReviewTexts, l) ? builtInReviewTexts[l] : undefined);
  return { url, text: own(language) ?? builtIn(language) ?? own(DEFAULT_LANGUAGE) ?? builtInReviewTexts[DEFAULT_LANGUAGE]! };
}

/** The HMAC key of the email links: made once, kept in settings, never sent anywhere. */
export async function linkSecret(db: Sql): Promise<Buffer> {
  return Buffer.from(await settingMadeOnce(db, LINK_SECRET_KEY, randomBytes(32).toString('base64url')), 'base64url');
}
