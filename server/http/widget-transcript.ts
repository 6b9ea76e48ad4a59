import { Router } from 'express';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { getChat, getVisitorContext, messagesOfChat, visitorIdForToken } from '../store/chats.ts';
import { readSettings } from '../store/settings.ts';
import { escapeHtml } from '../surveys/survey-page.ts';
import { newId } from '../../shared/ids.ts';
import type { MessageView } from '../../shared/protocol.ts';
import { noticeWordsEn, wordNotice, type NoticeWords } from '../../shared/system-notices.ts';
import { noticeWordsBg } from '../../shared/system-notices-bg.ts';
import { noticeWordsRu } from '../../shared/system-notices-ru.ts';
import { badRequest, zodBadRequest } from './errors.ts';

/** A visitor gets one chat's transcript this many times at most (a typo, then the right address). */
export const TRANSCRIPTS_PER_CHAT = 3;

/** What the transcript route needs of a mail transport (nodemailer's, or a test's). */
export interface TranscriptTransport {
  sendMail(message: { from: { name: string; address: string }; to: string; subject: string; text: string; html: string }): Promise<unknown>;
}

const body = z.strictObject({
  chatId: z.string().min(1).max(128),
  email: z.email('must be an email address').max(320),
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

/**
 * POST /api/widget/transcript {chatId, email}, with the visitor's token as
 * `Authorization: Bearer …`: emails one of the visitor's own chats to the address they give.
 * Needs SMTP_URL; without it the widget offers no such button and this answers 503.
 */
export function widgetTranscriptRouter({ db, clock, config, log }: AppDeps, transport?: TranscriptTransport): Router {
  const router = Router();
  const mailer = transport ?? (config.smtpUrl ? (nodemailer.createTransport(config.smtpUrl) as unknown as TranscriptTransport) : undefined);

  router.post('/widget/transcript', async (req, res) => {
    const token = /^Bearer (.{1,200})$/.exec(req.get('authorization') ?? '')?.[1];
    const visitorId = token ? visitorIdForToken(db, token) : undefined;
    if (!visitorId) {
      res.status(401).json({ error: 'a visitor token is required' });
      return;
    }
    if (!mailer) {
      res.status(503).json({ error: 'email is not set up on this server' });
      return;
    }
    const parsed = body.safeParse(req.body ?? {});
    if (!parsed.success) return zodBadRequest(res, parsed.error);
    const { chatId, email } = parsed.data;
    const chat = getChat(db, chatId);
    if (!chat || chat.visitor_id !== visitorId) return badRequest(res, 'chatId', 'no such chat');
    const sent = db.prepare('SELECT count(*) FROM transcript_emails WHERE chat_id = ?').pluck().get(chatId) as number;
    if (sent >= TRANSCRIPTS_PER_CHAT) {
      res.status(429).json({ error: `this chat has been emailed ${TRANSCRIPTS_PER_CHAT} times already`, field: 'email' });
      return;
    }
    const site = readSettings(db, config).siteName;
    const { subject, lines } = transcriptText(messagesOfChat(db, chatId), getVisitorContext(db, visitorId), site);
    try {
      await mailer.sendMail({
        from: { name: site, address: config.smtpFrom ?? `no-reply@${new URL(config.publicUrl).hostname}` },
        to: email,
        subject,
        text: `${lines.join('\n')}\n`,
        html: lines.map((line) => `<p style="margin:0 0 6px">${escapeHtml(line) || '&nbsp;'}</p>`).join(''),
      });
    } catch (err) {
      log.error({ err, chatId }, 'transcript email failed');
      res.status(502).json({ error: 'the email could not be sent; try again later' });
      return;
    }
    db.prepare('INSERT INTO transcript_emails (id, chat_id, email, sent_at) VALUES (?, ?, ?, ?)').run(newId('tre_'), chatId, email, clock.now());
    res.json({ ok: true });
  });

  return router;
}
