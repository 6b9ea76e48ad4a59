/**
 * The events a webhook can subscribe to (issue 12): webhooks.ts checks them, the console lists
 * them. Apart from the schemas, so the console takes them without zod.
 */

export const WEBHOOK_EVENT_TYPES = [
  'chat.started',
  'chat.assigned',
  'chat.transferred',
  'message.created',
  'chat.closed',
  'offline_message.created',
  'survey.answered',
  'visitor.identified',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
