import { z } from 'zod';

/** Validation of the follow-up routes (issue 13). */

export const MAX_FOLLOW_UP_NOTE_LENGTH = 2000;

export const followUpListQuerySchema = z.strictObject({
  status: z.enum(['open', 'done']).optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(200, 'must be at most 200'))
    .optional(),
});

export const followUpDoneSchema = z.strictObject({
  note: z
    .string({ error: 'write what you did' })
    .trim()
    .min(1, 'write what you did')
    .max(MAX_FOLLOW_UP_NOTE_LENGTH, `is too long: at most ${MAX_FOLLOW_UP_NOTE_LENGTH} characters`),
});

const epochMs = z.string().regex(/^\d+$/, 'must be epoch milliseconds').transform(Number);
export const followUpTimesQuerySchema = z
  .strictObject({ from: epochMs, to: epochMs })
  .refine((q) => q.to > q.from, { path: ['to'], message: 'must be after from' });
