import { z } from 'zod';
import { MAX_MESSAGE_LENGTH } from './protocol.ts';
import { isTimeZone } from './time-zone.ts';

/** Validation of every socket payload and REST body the live chat accepts. */

const id = z.string().trim().min(8, 'must be at least 8 characters').max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -');
const chatId = z.string().min(1).max(128);

/**
 * Bidirectional controls (U+061C, U+200E–200F, U+202A–202E, U+2066–2069) make a name read
 * differently from what it is ("Ann\u202Egpj.exe" shows as "Annexe.jpg"): names and file
 * names are stored without them.
 */
export const withoutBidiControls = (s: string) => s.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '');
/** A person's name as the visitor gives it: one line, no bidi controls. */
const personName = z
  .string()
  .transform(withoutBidiControls)
  .pipe(z.string().trim().min(1, 'is required').max(200).regex(/^[^\p{Cc}]*$/u, 'must be one line of text'));
const text = z
  .string()
  .max(MAX_MESSAGE_LENGTH, `is too long: at most ${MAX_MESSAGE_LENGTH} characters`)
  .refine((s) => s.trim().length > 0, 'must not be empty');

export const visitorHelloSchema = z.strictObject({
  locale: z
    .string()
    .max(35)
    .refine((tag) => {
      try {
        return Intl.getCanonicalLocales(tag).length === 1;
      } catch {
        return false;
      }
    }, 'must be a language tag such as en-GB')
    .optional(),
  timeZone: z.string().max(64).optional(),
  department: z.string().max(128).optional(),
  page: z
    .strictObject({
      url: z.string().max(2048).optional(),
      title: z.string().max(512).optional(),
      referrer: z.string().max(2048).optional(),
    })
    .optional(),
});

export const visitorMessageSchema = z.strictObject({ id, text });
export const syncSchema = z.strictObject({ chatId, afterSeq: z.number().int().min(0) });
export const visitorTypingSchema = z.strictObject({ typing: z.boolean() });
export const chatRefSchema = z.strictObject({ chatId });
export const chatCloseSchema = z.strictObject({ chatId, withoutSurvey: z.boolean().optional() });
export const offlineFormSchema = z.strictObject({
  id,
  name: personName,
  email: z.email('must be an email address').max(320),
  text,
});

export const agentHelloSchema = z.strictObject({});
export const statusSchema = z.strictObject({ status: z.enum(['online', 'away', 'offline']) });
export const agentMessageSchema = z.strictObject({
  chatId,
  id,
  text,
  cannedId: z.string().max(128).nullable().optional(),
});
export const messageDeleteSchema = z.strictObject({ chatId, messageId: z.string().min(1).max(128) });
export const visitorBlockSchema = z.strictObject({
  chatId,
  reason: z.string().trim().min(1, 'is required').max(500),
  byAddress: z.boolean().default(false),
});
/** Visitors now: an agent writes first (POST /api/visitors/:visitorId/chats). */
export const startChatSchema = z.strictObject({ id, text });
export const agentTypingSchema = z.strictObject({ chatId, typing: z.boolean() });

export const visitorSessionSchema = z.strictObject({ token: z.string().max(200).optional() });

/** The first problem of a failed parse as `{field, error}`, the shape error acks carry. */
export function firstIssue(error: z.ZodError): { field: string; error: string } {
  const issue = error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : 'payload';
  return { field, error: `${field}: ${issue.message}` };
}

const tag = z.string().trim().min(1, 'must not be empty').max(50, 'is too long: at most 50 characters');
export const transferSchema = z
  .strictObject({
    chatId,
    agentId: z.string().min(1).max(128).optional(),
    departmentId: z.string().min(1).max(128).optional(),
    note: z.string().max(MAX_MESSAGE_LENGTH).optional(),
  })
  .refine((q) => (q.agentId === undefined) !== (q.departmentId === undefined), {
    message: 'give either an agent or a department to transfer to',
    path: ['agentId'],
  });
export const prioritySchema = z.strictObject({ chatId, priority: z.enum(['low', 'normal', 'high', 'urgent']) });
export const tagSchema = z.strictObject({ chatId, tag });
export const noteSchema = z.strictObject({ chatId, id, text });

export const identifySchema = z.strictObject({
  // One line each: the signed text puts id, name and email on lines of their own.
  id: z.string().trim().min(1).max(200).regex(/^[^\p{Cc}]*$/u, 'must be one line of text').optional(),
  name: personName.optional(),
  email: z.email('must be an email address').max(320).optional(),
  signature: z.string().regex(/^[0-9a-f]{64}$/i, 'must be a hex HMAC-SHA256').optional(),
  signedAt: z.number().int().positive().optional(),
});
export const pageViewSchema = z.strictObject({
  id,
  url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2048),
  title: z.string().max(512).optional(),
  referrer: z.string().max(2048).optional(),
});
export const conversionSchema = z.strictObject({
  id,
  // A sale's worth in the site's currency: a billion covers any one order, and a sum of them stays exact.
  value: z.number().finite().min(0, 'must be 0 or more').max(1e9, 'must be at most 1000000000'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code such as EUR').optional(),
});
export const attributesSchema = z
  .record(z.string().min(1).max(64), z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]))
  .refine((r) => Object.keys(r).length <= 50, 'at most 50 attributes');

// Widget behaviour (owner settings, issue 6) ---------------------------------------------

const slugOrAny = z.string().regex(/^(\*|[a-z0-9][a-z0-9_-]{0,63})$/, 'must be a department id or * for all others');
const clockTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time such as 09:00');
const openSpan = z.strictObject({ from: clockTime, to: clockTime }).refine((s) => s.from < s.to, 'from must be before to');
const dayHours = z.array(openSpan).max(4).default([]);

/** Opening hours of one department, in its own time zone; a day with no spans is closed. */
export const businessHoursSchema = z.strictObject({
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Sofia'),
  days: z.strictObject({ mon: dayHours, tue: dayHours, wed: dayHours, thu: dayHours, fri: dayHours, sat: dayHours, sun: dayHours }),
});
/** By department id, `*` for departments without their own; no entry: always open. */
export const businessHoursByDepartmentSchema = z.record(slugOrAny, businessHoursSchema);

/** A proactive invitation: every condition given must hold, then the bubble shows. */
export const invitationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lowercase letters, digits, _ or -'),
  text: z.string().trim().min(1, 'must not be empty').max(300),
  /** Matched against the page's address (`*` matches anything); one starting with `/` against the path. '' matches every page. */
  urlPattern: z.string().max(500).default(''),
  /** Seconds on the page before it shows. */
  afterSeconds: z.number().int().min(0).max(3600).default(0),
  visitors: z.enum(['all', 'new', 'returning']).default('all'),
  enabled: z.boolean().default(true),
});
export const invitationsSchema = z
  .array(invitationSchema)
  .max(50)
  .refine((list) => new Set(list.map((i) => i.id)).size === list.length, 'invitation ids must be unique');

const fieldRule = z.enum(['off', 'optional', 'required']);
/** The form before a chat; shown when any field is not `off`. */
export const preChatFormSchema = z.strictObject({ name: fieldRule, email: fieldRule, department: fieldRule });

/** What a live invitation did (`invitation:event`); a repeated id is stored once. */
export const invitationEventSchema = z.strictObject({
  id,
  /** The owner's invitation; null for one the site showed with `Parley('invite', text)`. */
  invitationId: z.string().max(64).nullable(),
  kind: z.enum(['shown', 'clicked', 'chat_started']),
  chatId: chatId.optional(),
  url: z.string().max(2048).optional(),
});

export type BusinessHours = z.infer<typeof businessHoursSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type PreChatForm = z.infer<typeof preChatFormSchema>;
