import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { readSettings } from '../store/settings.ts';
import type { SurveyService } from './survey-service.ts';
import { answerWindowMs, DAY_MS, isExpired, npsThrottled } from './rules.ts';
import { linkSecret, surveyTexts } from './settings.ts';
import { hashEmailToken, signEmailLink } from './email-link.ts';
import { pageTextsFor } from './page-texts.ts';
import { escapeHtml } from './survey-page.ts';
import {
  claimEmail,
  emailFailed,
  emailSent,
  getSurvey,
  lastNpsSentAt,
  markSent,
  npsEmailCandidates,
} from '../store/surveys.ts';

/** What the mailer needs of a transport (nodemailer's, or a test's). */
export interface MailTransport {
  sendMail(message: {
    from: { name: string; address: string };
    to: string;
    subject: string;
    text: string;
    html: string;
  }): Promise<unknown>;
  close(): void;
}

/** A failed send is retried this many times in all, waiting RETRY_AFTER_MS × attempts between. */
const MAX_ATTEMPTS = 5;
const RETRY_AFTER_MS = 10 * 60 * 1000;

/**
 * Emails due NPS surveys. The schedule is the surveys table itself: every run (on start, on a
 * timer, after a chat closes) sends what is due and unclaimed, so a restart loses nothing. An
 * email is claimed in the database before it is handed to SMTP and never claimed twice, so a
 * crash mid-send can lose that one email but never send it again.
 */
export class NpsMailer {
  private running: Promise<number> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly service: SurveyService,
    private readonly config: Config,
    private readonly transport: MailTransport,
    private readonly log: Logger,
  ) {}

  static fromConfig(service: SurveyService, config: Config, log: Logger): NpsMailer | undefined {
    if (!config.smtpUrl) return undefined;
    return new NpsMailer(service, config, nodemailer.createTransport(config.smtpUrl) as unknown as MailTransport, log);
  }

  async start(intervalMs: number): Promise<void> {
    await this.kick();
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /** Runs soon; runs asked for while one is going collapse into one more after it. */
  kick(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.dispatchDue()
      .catch((err) => {
        this.log.error({ err }, 'NPS emails failed');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  /** Sends every NPS email due now; resolves to how many went out. */
  async dispatchDue(): Promise<number> {
    const { db, clock } = this.service;
    const settings = await this.service.settings();
    if (!settings.npsEnabled || !settings.npsEmailEnabled) return 0;
    const candidates = await npsEmailCandidates(db, {
      now: clock.now(),
      throttleMs: settings.npsThrottleDays * DAY_MS,
      maxAttempts: MAX_ATTEMPTS,
      retryAfterMs: RETRY_AFTER_MS,
    });
    let sent = 0;
    for (const candidate of candidates) {
      const claim = await db.transaction(async (db) => {
        const now = clock.now();
        const row = await getSurvey(db, candidate.id);
        if (!row || row.answered_at !== null || row.skipped_at !== null || isExpired(row, now)) return undefined;
        if (npsThrottled(row, await lastNpsSentAt(db, row.visitor_id, row.id), settings, now)) return undefined;
        const expiresAt = row.sent_at === null ? now + answerWindowMs('nps', settings) : row.expires_at!;
        const token = signEmailLink(await linkSecret(db), { surveyId: row.id, expiresAt });
        const claimed = await claimEmail(db, { surveyId: row.id, address: candidate.email, tokenHash: hashEmailToken(token), now });
        return claimed ? { row, token, expiresAt, language: await this.service.languageOf(row, settings) } : undefined;
      });
      if (!claim) continue;
      try {
        await this.transport.sendMail(await this.message(candidate.email, claim.token, claim.language));
      } catch (err) {
        await emailFailed(db, claim.row.id, err instanceof Error ? err.message : String(err));
        continue;
      }
      await db.transaction(async (db) => {
        const now = clock.now();
        await emailSent(db, claim.row.id, now);
        await markSent(db, claim.row.id, now, claim.expiresAt, claim.language);
      });
      sent++;
    }
    return sent;
  }

  stop(): void {
    clearInterval(this.timer);
    this.transport.close();
  }

  private async message(to: string, token: string, language: string) {
    const settings = await this.service.settings();
    const siteName = (await readSettings(this.service.db, this.config)).siteName;
    const texts = surveyTexts(settings, language);
    const chrome = pageTextsFor(language);
    const question = texts.nps.replaceAll('{site}', siteName);
    const link = `${this.config.publicUrl}/survey/${token}`;
    return {
      from: { name: siteName, address: this.config.smtpFrom ?? `no-reply@${new URL(this.config.publicUrl).hostname}` },
      to,
      subject: question,
      text: `${question}\n\n${chrome.answerLink}: ${link}\n\n${chrome.linkNote}\n`,
      html:
        `<p style="font-size:17px">${escapeHtml(question)}</p>` +
        `<p><a href="${escapeHtml(link)}">${escapeHtml(chrome.answerLink)}</a></p>` +
        `<p style="color:#555">${escapeHtml(chrome.linkNote)}</p>`,
    };
  }
}
