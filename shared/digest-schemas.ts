import { z } from 'zod';

/** Validation of the digest routes (issue 13). */

const timeZone = z.string().min(1).max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Sofia');

export const digestSubscriptionSchema = z.strictObject({
  frequency: z.enum(['daily', 'weekly']),
  timeZone,
  language: z.enum(['en', 'ru', 'bg']),
});
export type DigestSubscriptionInput = z.infer<typeof digestSubscriptionSchema>;

/** GET /api/digests/preview: the caller's subscription, or these. */
export const digestPreviewQuerySchema = z.strictObject({
  frequency: z.enum(['daily', 'weekly']).optional(),
  timeZone: timeZone.optional(),
  language: z.enum(['en', 'ru', 'bg']).optional(),
});
