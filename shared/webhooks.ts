import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhook-events.ts';

/**
 * Webhooks (issue 12): the event types, the REST bodies and answers of `/api/webhooks`, in one
 * place; shared/api-routes.ts declares the routes with them.
 */

export type { WebhookEventType };

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      const url = new URL(s);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without user or password');
const webhookEvents = z
  .array(webhookEventTypeSchema)
  .min(1, 'name at least one event')
  .transform((events) => [...new Set(events)]);

export const webhookCreateBodySchema = z.strictObject({ url: webhookUrl, events: webhookEvents });
/** A field left out keeps its value; `enabled: true` turns a disabled endpoint back on. */
export const webhookPatchBodySchema = z.strictObject({
  url: webhookUrl.optional(),
  events: webhookEvents.optional(),
  enabled: z.boolean().optional(),
});
export const webhookDeliveriesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const webhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(webhookEventTypeSchema),
  createdAt: z.number(),
  /** Since when every attempt has failed; null while it answers. */
  failingSince: z.number().nullable(),
  disabledAt: z.number().nullable(),
  /** Why it was turned off (failing for days), for the owner to read. */
  disabledReason: z.string().nullable(),
});
/** Only the answer to its creation carries the secret. */
export const webhookCreatedSchema = webhookEndpointSchema.extend({ secret: z.string() });

export const webhookDeliverySchema = z.object({
  id: z.string(),
  type: webhookEventTypeSchema,
  createdAt: z.number(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  /** When it is tried next (pending only). */
  nextAttemptAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  /** The receiver's HTTP status; null when none came (refused, timed out, unreachable). */
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  /** The start of the receiver's answer (at most 2 KB). */
  lastResponse: z.string().nullable(),
  deliveredAt: z.number().nullable(),
  /** What was sent: `{id, type, createdAt, data}` as JSON. */
  body: z.string(),
});

export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;
export type WebhookCreated = z.infer<typeof webhookCreatedSchema>;
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;
