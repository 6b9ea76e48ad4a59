import { z } from 'zod';

/** Validation of every survey payload: socket events, REST bodies and queries, the email form. */

export const MAX_SURVEY_COMMENT_LENGTH = 2000;
export const SURVEY_TEXT_KEYS = [
  'csat',
  'ces',
  'nps',
  'npsReason',
  'csatLow',
  'csatHigh',
  'cesLow',
  'cesHigh',
  'npsLow',
  'npsHigh',
] as const;

const surveyId = z.string().min(1).max(128);
const kind = z.enum(['csat', 'ces', 'nps']);
/** Range against the survey's own scale is checked by the server, which knows the survey. */
const score = z.number().int('must be a whole number');
const comment = z
  .string()
  .max(MAX_SURVEY_COMMENT_LENGTH, `is too long: at most ${MAX_SURVEY_COMMENT_LENGTH} characters`)
  .nullable()
  .optional();

export const surveyPendingSchema = z.strictObject({});
export const surveyRefSchema = z.strictObject({ surveyId });
export const surveyAnswerSchema = z.strictObject({ surveyId, kind, score, comment });

/** The email survey page's form (application/x-www-form-urlencoded: every value a string). */
export const surveyEmailFormSchema = z.object({
  score: z
    .string({ error: 'choose a score' })
    .regex(/^(10|[0-9])$/, 'must be a whole number from 0 to 10')
    .transform(Number),
  comment: z
    .string()
    .max(MAX_SURVEY_COMMENT_LENGTH, `is too long: at most ${MAX_SURVEY_COMMENT_LENGTH} characters`)
    .optional(),
});

/** A language as a lowercase primary subtag: `en`, `ru`, `bg`, `pt`. */
export const languageCode = z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as en, ru or bg');
const surveyText = z.string().trim().min(1, 'must not be empty').max(300, 'is too long: at most 300 characters');

/** A field set to null goes back to the built-in wording; a language set to null drops all of the owner's. */
const textsPatch = z.record(
  languageCode,
  z.strictObject(Object.fromEntries(SURVEY_TEXT_KEYS.map((k) => [k, surveyText.nullable().optional()]))).nullable(),
);

const hours = (min: number, max: number) => z.number().int('must be a whole number').min(min).max(max);

export const surveySettingsPatchSchema = z.strictObject({
  csatEnabled: z.boolean().optional(),
  cesEnabled: z.boolean().optional(),
  npsEnabled: z.boolean().optional(),
  npsEmailEnabled: z.boolean().optional(),
  cesScale: z.union([z.literal(5), z.literal(7)], { error: 'must be 5 or 7' }).optional(),
  postChatValidHours: hours(1, 24 * 30).optional(),
  npsDelayHours: hours(0, 24 * 365).optional(),
  npsThrottleDays: hours(0, 3650).optional(),
  npsExpireDays: hours(1, 365).optional(),
  followUpsEnabled: z.boolean().optional(),
  postChatThrottleHours: hours(0, 24 * 365).optional(),
  reviewLink: z
    .strictObject({
      url: z
        .string()
        .trim()
        .max(2000, 'is too long: at most 2000 characters')
        .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), 'must be an http:// or https:// address')
        .nullable(),
      texts: z.record(languageCode, z.string().trim().min(1, 'must not be empty').max(200, 'is too long: at most 200 characters')),
    })
    .optional(),
  texts: textsPatch.optional(),
});
export type SurveySettingsPatch = z.infer<typeof surveySettingsPatchSchema>;

/** GET /api/surveys/comments: newest first; `before` pages back by answer time. */
export const surveyCommentsQuerySchema = z
  .strictObject({
    kind: kind.optional(),
    score: z
      .string()
      .regex(/^(10|[0-9])$/, 'must be a whole number from 0 to 10')
      .transform(Number)
      .optional(),
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(1, 'must be at least 1').max(200, 'must be at most 200'))
      .optional(),
    before: z.string().regex(/^\d+$/, 'must be epoch milliseconds').transform(Number).optional(),
    from: z.string().regex(/^\d+$/, 'must be epoch milliseconds').transform(Number).optional(),
    // The filters of the metrics (METRICS.md §2): on the survey's chat, its agent the last assignment.
    agent: z.string().min(1).max(128).optional(),
    department: z.string().min(1).max(128).optional(),
    tag: z.string().min(1).max(128).optional(),
    channel: z.enum(['widget', 'offline']).optional(),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.kind === undefined || q.score === undefined) return;
    const min = q.kind === 'nps' ? 0 : 1;
    const max = q.kind === 'csat' ? 5 : q.kind === 'ces' ? 7 : 10;
    if (q.score < min || q.score > max) {
      ctx.addIssue({ code: 'custom', path: ['score'], message: `must be from ${min} to ${max} for ${q.kind}` });
    }
  });
