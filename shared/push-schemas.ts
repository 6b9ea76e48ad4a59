import { z } from 'zod';
import { isTimeZone } from './time-zone.ts';

/** Validation of the Web Push routes (issue 14), shared by the server and the console. */

const base64url = z.string().regex(/^[A-Za-z0-9_-]+=*$/, 'base64url expected');

/** A device's PushSubscription as JSON, with the console's language (the notifications' words). */
export const pushSubscriptionSchema = z.object({
  // Push services are https; nothing else is posted to.
  endpoint: z.url({ protocol: /^https$/ }).max(2000),
  keys: z.object({ p256dh: base64url.min(80).max(100), auth: base64url.min(16).max(32) }),
  language: z.enum(['en', 'ru', 'bg']).default('en'),
});

export const pushUnsubscribeSchema = z.object({ endpoint: z.string().min(1).max(2000) });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM expected');

export const pushPreferencesSchema = z
  .object({
    // followUp came later: a console that does not send it keeps it on.
    events: z.object({ queued: z.boolean(), message: z.boolean(), transfer: z.boolean(), followUp: z.boolean().default(true) }),
    showText: z.boolean(),
    quietFrom: hhmm.nullable(),
    quietTo: hhmm.nullable(),
    timeZone: z.string().refine(isTimeZone, 'not a time zone'),
  })
  .refine((p) => (p.quietFrom === null) === (p.quietTo === null), { path: ['quietTo'], message: 'give both ends of the quiet hours, or neither' });
export type PushPreferences = z.output<typeof pushPreferencesSchema>;
