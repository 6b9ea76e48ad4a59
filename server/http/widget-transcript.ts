import { Router, type Request, type Response } from 'express';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { chatStatus, getChat, getVisitorContext, messagesOfChat, visitorIdForToken } from '../store/chats.ts';
import { chatHasReply } from '../store/replies.ts';
import { deleteTranscriptEmail, recordTranscriptEmailUnless } from '../store/transcript-emails.ts';
import {
  recipientKey,
  transcriptLimitReached,
  transcriptRecipient,
  transcriptWindows,
  TRANSCRIPTS_PER_CHAT,
  type TranscriptIneligibility,
  type TranscriptLimit,
  type TranscriptLimits,
} from '../chat/transcript-rules.ts';
import { readSettings } from '../store/settings.ts';
import { escapeHtml } from '../surveys/survey-page.ts';
import { newId } from '../../shared/ids.ts';
import type { MessageView } from '../../shared/protocol.ts';
import { noticeWordsEn, wordNotice, type NoticeWords } from '../../shared/system-notices.ts';
import { noticeWordsBg } from '../../shared/system-notices-bg.ts';
import { noticeWordsRu } from '../../shared/system-notices-ru.ts';
import { badRequest, zodBadRequest } from './errors.ts';

/** What the transcript route needs of a mail transport (nodemailer's, or a test's). */
export interface TranscriptTransport {
  sendMail(message: { from: { name: string; address: string }; to: string; subject: string; text: string; html: string }): Promise<unknown>;
}

const body = z.strictObject({
  chatId: z.string().min(1).max(128),
  email: z.email('must be an email address').max(320).optional(),
});

type Language = 'en' | 'ru' | 'bg';
const WORDS: Record<Language, { subject(site: string): string; you: string; agent: string; intro(site: string): string; notice: NoticeWords }> = {
  en: { subject: (site) => `Your conversation with ${site}`, you: 'You', agent: 'Agent', intro: (site) => `Your conversation with ${site}:`, notice: noticeWordsEn },
  ru: { subject: (site) => `Ваш разговор с ${site}`, you: 'Вы', agent: 'Оператор', intro: (site) => `Ваш разговор с ${site}:`, notice: noticeWordsRu },
  bg: { subject: (site) => `Вашият разговор с ${site}`, you: 'Вие', agent: 'Консултант', intro: (site) => `Вашият разговор с ${site}:`, notice: noticeWordsBg },
};

/**
 * The text of a transcript in the visitor's language and time zone: one line per message,
 * "[time] who: text"; the server's notices (someone joined, the chat ended) in that language too.
 */
export function transcriptText(
  messages: MessageView[],
  visitor: { locale: string | null; timeZone: string | null },
  site: string,
): { subject: string; lines: string[] } {
  const language = (['en', 'ru', 'bg'] as const).find((l) => (visitor.locale ?? '').toLowerCase().startsWith(l)) ?? 'en';
  const words = WORDS[language];
  let timeZone = 'UTC';
  try {
    if (visitor.timeZone) timeZone = new Intl.DateTimeFormat('en', { timeZone: visitor.timeZone }).resolvedOptions().timeZone;
  } catch {
    // An unknown zone from an old browser: UTC, said as such below.
  }
  const when = new Intl.DateTimeFormat(visitor.locale ?? 'en', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  });
  const lines = messages.map((m) => {
    const who = m.author === 'visitor' ? words.you : m.author === 'agent' ? m.authorName || words.agent : null;
    const text = m.notice ? wordNotice(m.notice, words.notice) : m.text;
    return `[${when.format(m.at)}] ${who ? `${who}: ` : ''}${text}`;
  });
  return { subject: words.subject(site), lines: [words.intro(site), '', ...lines] };
}

const INELIGIBLE: Record<TranscriptIneligibility, { status: number; field: string; error: string }> = {
  'chat-open': { status: 409, field: 'chatId', error: 'chatId: the chat has not ended; its transcript can be emailed once it has' },
  'no-reply': { status: 409, field: 'chatId', error: 'chatId: no agent replied in this chat; only answered chats are emailed' },
  'no-address': {
    status: 409,
    field: 'email',
    error: "email: the visitor has given no email address (pre-chat form, offline form or Parley('identify')); transcripts go only there",
  },
  'other-address': {
    status: 403,
    field: 'email',
    error: "email: transcripts go only to the address the visitor gave (pre-chat form, offline form or Parley('identify')), not to this one",
  },
};

function limitError(limit: TranscriptLimit, limits: TranscriptLimits, retryAfterSec: number | null): string {
  const later = retryAfterSec === null ? '' : `; try again in ${Math.ceil(retryAfterSec / 60)} min`;
  switch (limit) {
    case 'chat':
      return `this chat has been emailed ${limits.perChat} times already`;
    case 'visitor':
      return `at most ${limits.perVisitorPerDay} transcripts a day per visitor${later}`;
    case 'recipient':
      return `at most ${limits.perRecipientPerDay} transcripts a day to one address${later}`;
    case 'hourly':
      return `at most ${limits.perHour} transcripts an hour from this server${later}`;
  }
}

/**
 * POST /api/widget/transcript {chatId, email?}, with the visitor's token as
 * `Authorization: Bearer …`: emails one of the visitor's own chats, ended and answered by an
 * agent, to the address the visitor gave (pre-chat form, offline form or identify). `email`,
 * when sent, only confirms that address (the one the widget showed): any other is refused.
 * Limits per chat, per visitor, per recipient and per hour answer 429 with Retry-After (none
 * for the cap per chat, which waiting does not lift), and send nothing.
 * GET /api/widget/transcript?chatId=… answers what a POST would check first, sending nothing:
 * `{to}`, the address, or the same refusal, so the widget can show where the email will go.
 * Needs SMTP_URL; without it the widget offers no such button and both answer 503.
 */
export function widgetTranscriptRouter({ db, clock, config, log }: Deps, transport?: TranscriptTransport): Router {
  const router = Router();
  const mailer = transport ?? (config.smtpUrl ? (nodemailer.createTransport(config.smtpUrl) as unknown as TranscriptTransport) : undefined);
  const limits: TranscriptLimits = {
    perChat: TRANSCRIPTS_PER_CHAT,
    perVisitorPerDay: config.transcriptsPerVisitorPerDay,
    perRecipientPerDay: config.transcriptsPerRecipientPerDay,
    perHour: config.transcriptsPerHour,
  };

  /** The asking visitor and the mail transport, when email can be sent at all; undefined with the refusal sent. */
  async function emailingVisitor(req: Request, res: Response): Promise<{ visitorId: string; mailer: TranscriptTransport } | undefined> {
    const token = /^Bearer (.{1,200})$/.exec(req.get('authorization') ?? '')?.[1];
    const visitorId = token ? await visitorIdForToken(db, token) : undefined;
    if (!visitorId) {
      res.status(401).json({ error: 'a visitor token is required' });
      return undefined;
    }
    if (!mailer) {
      res.status(503).json({ error: 'email is not set up on this server' });
      return undefined;
    }
    return { visitorId, mailer };
  }

  /** Where the transcript of the visitor's chat would go; undefined with the refusal sent. */
  async function recipientOf(res: Response, visitorId: string, chatId: string, askedEmail: string | undefined): Promise<string | undefined> {
    const chat = await getChat(db, chatId);
    if (!chat || chat.visitor_id !== visitorId) {
      badRequest(res, 'chatId', 'no such chat');
      return undefined;
    }
    const ended = chatStatus(chat) === 'closed';
    const recipient = transcriptRecipient(
      { ended, replied: ended && await chatHasReply(db, chatId) },
      (await getVisitorContext(db, visitorId)).email,
      askedEmail,
    );
    if ('refused' in recipient) {
      const { status, field, error } = INELIGIBLE[recipient.refused];
      res.status(status).json({ error, field, reason: recipient.refused });
      return undefined;
    }
    return recipient.to;
  }

  router.get('/widget/transcript', async (req, res) => {
    const asker = await emailingVisitor(req, res);
    if (!asker) return;
    const chatId = typeof req.query.chatId === 'string' ? req.query.chatId : '';
    const to = await recipientOf(res, asker.visitorId, chatId, undefined);
    if (to) res.json({ to });
  });

  router.post('/widget/transcript', async (req, res) => {
    const asker = await emailingVisitor(req, res);
    if (!asker) return;
    const { visitorId, mailer } = asker;
    const parsed = body.safeParse(req.body ?? {});
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    const { chatId, email } = parsed.data;
    const to = await recipientOf(res, visitorId, chatId, email);
    if (!to) return;
    const now = clock.now();
    const id = newId('tre_');
    const reached = await recordTranscriptEmailUnless(
      db,
      { id, chatId, visitorId, email: to, recipient: recipientKey(to), sentAt: now },
      transcriptWindows(now),
      (sent) => transcriptLimitReached(sent, limits, now),
    );
    if (reached) {
      const retryAfterSec = reached.retryAt === null ? null : Math.max(1, Math.ceil((reached.retryAt - now) / 1000));
      if (retryAfterSec !== null) res.setHeader('Retry-After', String(retryAfterSec));
      res.status(429).json({ error: limitError(reached.limit, limits, retryAfterSec), field: 'email', reason: `limit-${reached.limit}` });
      return;
    }
    const site = (await readSettings(db, config)).siteName;
    const { subject, lines } = transcriptText(await messagesOfChat(db, chatId), await getVisitorContext(db, visitorId), site);
    try {
      await mailer.sendMail({
        from: { name: site, address: config.smtpFrom ?? `no-reply@${new URL(config.publicUrl).hostname}` },
        to,
        subject,
        text: `${lines.join('\n')}\n`,
        html: lines.map((line) => `<p style="margin:0 0 6px">${escapeHtml(line) || '&nbsp;'}</p>`).join(''),
      });
    } catch (err) {
      log.error({ err, chatId }, 'transcript email failed');
      await deleteTranscriptEmail(db, id);
      res.status(502).json({ error: 'the email could not be sent; try again later' });
      return;
    }
    res.json({ ok: true, to });
  });

  return router;
}
