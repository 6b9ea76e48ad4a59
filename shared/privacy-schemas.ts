import { z } from 'zod';

/** Validation and answers of the privacy routes (issue 11), shared by the server and the console. */

const visitorIdLength = 'must be 1 to 128 characters';
export const privacyVisitorParams = z.strictObject({ visitorId: z.string().min(1, visitorIdLength).max(128, visitorIdLength) });

export const visitorErasedSchema = z.object({ erased: z.object({ chats: z.number(), files: z.number() }) });

export const retentionBodySchema = z.strictObject({
  retentionDays: z.number().int().min(1, 'must be at least 1 day').max(36500).nullable(),
});

/** How long chats are kept (null: for ever), and the retention job's next and last runs. */
export const retentionViewSchema = z.object({
  retentionDays: z.number().nullable(),
  nextRunAt: z.string().nullable(),
  lastRun: z.object({ at: z.string(), chats: z.number(), visitors: z.number() }).nullable(),
});
export type RetentionView = z.output<typeof retentionViewSchema>;

export const visitorBlockSchema = z.object({
  id: z.string(),
  visitorId: z.string(),
  ip: z.string().nullable(),
  reason: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  attempts: z.number(),
});
export type VisitorBlockView = z.output<typeof visitorBlockSchema>;
