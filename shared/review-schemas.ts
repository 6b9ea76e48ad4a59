import { z } from 'zod';
import { MAX_CRITERIA, MAX_REVIEW_COMMENT_LENGTH, MAX_REVIEWS_PER_AGENT_PER_WEEK } from './review-limits.ts';

/** Validation of the quality review routes (IQS, issue 13); their limits are in review-limits.ts. */

export const criterionKindSchema = z.enum(['yes_no', 'scale']);
export type CriterionKind = z.infer<typeof criterionKindSchema>;

const criterionId = z.string().min(1).max(64);

/**
 * The whole scorecard, in the order the criteria are asked. A criterion with an `id` is an
 * existing one (changed in place); without one it is new. An existing criterion left out is
 * archived, never deleted: old reviews name it.
 */
export const scorecardSchema = z.strictObject({
  criteria: z
    .array(
      z.strictObject({
        id: criterionId.optional(),
        label: z.string().trim().min(1, 'must not be empty').max(200),
        weight: z.number().positive('must be more than 0').max(100, 'must be at most 100'),
        kind: criterionKindSchema,
        archived: z.boolean().default(false),
      }),
    )
    .max(MAX_CRITERIA, `must be at most ${MAX_CRITERIA}`)
    .refine((cs) => new Set(cs.filter((c) => c.id).map((c) => c.id)).size === cs.filter((c) => c.id).length, 'a criterion is listed twice'),
  reviewsPerAgentPerWeek: z.number().int('must be a whole number').min(0).max(MAX_REVIEWS_PER_AGENT_PER_WEEK),
});
export type ScorecardBody = z.infer<typeof scorecardSchema>;

/** yes / no / n.a. for a `yes_no` criterion; 1–5 or n.a. for a `scale` one. */
export const criterionAnswerSchema = z.union([z.enum(['yes', 'no', 'na']), z.number().int().min(1).max(5)], {
  error: 'must be "yes", "no", "na" or a whole number 1–5',
});
export type CriterionAnswer = z.infer<typeof criterionAnswerSchema>;

export const reviewBodySchema = z.strictObject({
  answers: z.array(z.strictObject({ criterionId, answer: criterionAnswerSchema })).max(MAX_CRITERIA),
  comment: z
    .string()
    .trim()
    .max(MAX_REVIEW_COMMENT_LENGTH, `is too long: at most ${MAX_REVIEW_COMMENT_LENGTH} characters`)
    .nullable()
    .default(null)
    .transform((c) => (c ? c : null)),
});
export type ReviewBody = z.infer<typeof reviewBodySchema>;

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 time with an offset' }).transform((s) => Date.parse(s));
export const reviewListQuerySchema = z
  .strictObject({
    agent: z.string().min(1).max(200).optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { path: ['from'], message: 'must be before to' });

/** A criterion of the scorecard as the API shows it. */
export interface CriterionView {
  id: string;
  label: string;
  weight: number;
  kind: CriterionKind;
  archived: boolean;
}

export interface ScorecardView {
  /** In the order they are asked; archived ones last, kept for the record. */
  criteria: CriterionView[];
  reviewsPerAgentPerWeek: number;
}

/** One answered criterion as the scorecard stood when the review was made. */
export interface ReviewAnswerView {
  criterionId: string;
  label: string;
  weight: number;
  kind: CriterionKind;
  /** yes_no: 1 (yes) or 0 (no); scale: 1–5; null: n.a. */
  answer: number | null;
}

export interface ReviewView {
  id: string;
  chatId: string;
  reviewer: { id: string; name: string };
  /** The chat's agent (its last assignment), the one the review is about. */
  agent: { id: string; name: string } | null;
  chatStartedAt: number;
  visitorName: string | null;
  at: number;
  /** In [0, 1]. */
  score: number;
  comment: string | null;
  /** Null for an imported review: the history carries only the score. */
  answers: ReviewAnswerView[] | null;
}

/** A chat the to-review sample picked for the caller. */
export interface ChatToReview {
  chatId: string;
  /** ISO week of the chat's start, e.g. `2026-W49` (UTC). */
  week: string;
  agent: { id: string; name: string };
  visitor: { id: string; name: string | null };
  startedAt: number;
  closedAt: number;
  durationSec: number;
  /** The visitor's CSAT answer (1–5), if any. */
  csat: number | null;
}
