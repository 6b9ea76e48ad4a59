import type { Sql } from '../store/sql.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { SurveyAnswer, SurveyRecordView, SurveySettings, SurveyView } from '../../shared/protocol.ts';
import { newId } from '../../shared/ids.ts';
import { ChatError } from '../chat/lifecycle.ts';
import { recordWebhookEvent } from '../webhooks/outbox.ts';
import { currentChatOfVisitor, type ChatRow } from '../store/chats.ts';
import { chatHasReply } from '../store/replies.ts';
import { readSettings } from '../store/settings.ts';
import {
  answerWindowMs,
  isExpired,
  npsThrottled,
  scoreRange,
  showable,
  surveysForClosedChat,
  surveyStatus,
  type SurveyRow,
} from './rules.ts';
import { DEFAULT_LANGUAGE, linkSecret, readSurveySettings, reviewLinkFor, surveyLanguage, surveyTexts } from './settings.ts';
import { chatWithoutSurvey } from '../store/follow-ups.ts';
import { hashEmailToken, verifyEmailLink } from './email-link.ts';
import { createFollowUp } from './follow-ups.ts';
import {
  agentRef,
  chatHasSurveys,
  dueNpsOfVisitor,
  emailedAt,
  getSurvey,
  insertSurvey,
  lastNpsSentAt,
  lastPostChatSurveyAt,
  markSent,
  markShownInWidget,
  markSkipped,
  recordAnswer,
  surveyIdForEmailToken,
  surveysOfChat,
  visitorLocale,
} from '../store/surveys.ts';

/** A refusal the visitor is told about (an error ack); nothing was written. */
export class SurveyError extends ChatError {}

/** What the survey rules tell the sockets after a change has been committed. */
export interface SurveyNotifier {
  /** Surveys the visitor's open tabs should show now. */
  offer(visitorId: string, surveys: SurveyView[]): void;
  /** A survey changed (answered or skipped, maybe in another tab or by email). */
  update(visitorId: string, survey: SurveyView): void;
  /** An answer arrived: for the chat's room and its agent at close. */
  answered(record: SurveyRecordView): void;
  /** A follow-up of the chat was made or done: for the consoles that see the chat and its agent. */
  followUpsChanged(chatId: string, agentId: string | null): void;
  /** A follow-up was made for `agentId` (null: the chat's department queue). */
  followUpMade(chatId: string, agentId: string | null): void;
}

export interface SurveyServiceDeps {
  db: Sql;
  clock: Clock;
  config: Config;
  notifier: SurveyNotifier;
}

/** Why an email link does not open a survey (each has its own page). */
export type EmailLinkProblem = 'invalid' | 'used' | 'voided' | 'expired';

export class EmailLinkError extends Error {
  constructor(readonly problem: EmailLinkProblem) {
    super(`email link: ${problem}`);
  }
}

/** Post-chat CSAT/CES and delayed NPS: scheduling, showing, answering (issue 3). */
export class SurveyService {
  readonly db: Sql;
  readonly clock: Clock;
  private readonly config: Config;
  private readonly notifier: SurveyNotifier;

  constructor(deps: SurveyServiceDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.config = deps.config;
    this.notifier = deps.notifier;
  }

  settings(): Promise<SurveySettings> {
    return readSurveySettings(this.db);
  }

  /**
   * Schedules the surveys of a chat that has just closed (none for a missed chat, none twice)
   * and offers its CSAT/CES to the visitor's open tabs.
   */
  async chatClosed(chat: ChatRow): Promise<void> {
    const closedAt = chat.closed_at;
    if (closedAt === null) return;
    const created = await this.db.transaction(async (tx) => {
      if (await chatHasSurveys(tx, chat.id) || await chatWithoutSurvey(tx, chat.id)) return false;
      const settings = await this.settings();
      const lastPostChat = settings.postChatThrottleHours > 0 ? await lastPostChatSurveyAt(tx, chat.visitor_id) : null;
      const planned = surveysForClosedChat(settings, closedAt, await chatHasReply(tx, chat.id), lastPostChat);
      for (const p of planned) {
        await insertSurvey(tx, {
          id: newId('sv_'),
          kind: p.kind,
          chatId: chat.id,
          visitorId: chat.visitor_id,
          scale: p.scale,
          agentId: chat.agent_id,
          dueAt: p.dueAt,
          expiresAt: p.expiresAt,
        });
      }
      return planned.length > 0;
    });
    if (!created) return;
    const settings = await this.settings();
    const now = this.clock.now();
    const postChat = (await surveysOfChat(this.db, chat.id)).filter(
      (row) => row.kind !== 'nps' && kindEnabled(settings, row) && showable(row, now),
    );
    if (postChat.length) this.notifier.offer(chat.visitor_id, await Promise.all(postChat.map((row) => this.visitorView(row, settings))));
  }

  /**
   * What a page load shows: the CSAT and CES of the visitor's latest chat if it is closed and
   * they are still open, then the latest due NPS not yet shown in the widget (within throttle).
   */
  async pendingFor(visitorId: string): Promise<SurveyView[]> {
    const now = this.clock.now();
    const settings = await this.settings();
    const rows: SurveyRow[] = [];
    const chat = await currentChatOfVisitor(this.db, visitorId);
    if (chat && chat.closed_at !== null) {
      rows.push(
        ...(await surveysOfChat(this.db, chat.id)).filter(
          (row) => row.kind !== 'nps' && kindEnabled(settings, row) && showable(row, now),
        ),
      );
    }
    if (settings.npsEnabled) {
      for (const row of await dueNpsOfVisitor(this.db, visitorId, now)) {
        if (npsThrottled(row, await lastNpsSentAt(this.db, visitorId, row.id), settings, now)) continue;
        rows.push(row);
        break;
      }
    }
    return Promise.all(rows.map((row) => this.visitorView(row, settings)));
  }

  /** The widget put the survey on screen: from now it is sent (the first report wins). */
  async shown(visitorId: string, surveyId: string): Promise<SurveyView> {
    const row = await this.db.transaction(async (tx) => {
      const row = await this.ownSurvey(visitorId, surveyId);
      if (row.answered_at !== null || row.skipped_at !== null) return row;
      await this.sendInWidget(row);
      return (await getSurvey(tx, surveyId))!;
    });
    return this.visitorView(row);
  }

  /** One answer per survey: a repeat from the widget acks the answer already recorded. */
  async answer(visitorId: string, answer: SurveyAnswer): Promise<{ survey: SurveyView; duplicate: boolean }> {
    const now = this.clock.now();
    const result = await this.db.transaction(async (tx) => {
      const row = await this.ownSurvey(visitorId, answer.surveyId);
      if (answer.kind !== row.kind) {
        throw new SurveyError(`this is a ${row.kind} survey, not ${answer.kind}`, 'kind');
      }
      if (row.answered_at !== null) {
        if (row.answered_via === 'email') {
          throw new SurveyError('this survey was already answered by email: this one is void', 'surveyId');
        }
        return { row, duplicate: true };
      }
      checkScore(row, answer.score);
      await this.sendInWidget(row);
      await recordAnswer(tx, { id: row.id, now, score: answer.score, comment: cleanComment(answer.comment), via: 'widget' });
      const answered = (await getSurvey(tx, row.id))!;
      await surveyAnsweredEvent(tx, answered);
      return { row: answered, duplicate: false, followUp: await this.followUpOf(tx, answered, now) };
    });
    const survey = await this.visitorView(result.row);
    if (!result.duplicate) await this.announceAnswer(result.row, survey, result.followUp ?? null);
    return { survey, duplicate: result.duplicate };
  }

  /** The visitor declined: the survey counts as sent and unanswered, and is not offered again. */
  async skip(visitorId: string, surveyId: string): Promise<SurveyView> {
    const row = await this.db.transaction(async (tx) => {
      const row = await this.ownSurvey(visitorId, surveyId);
      if (row.answered_at !== null || row.skipped_at !== null) return row;
      await this.sendInWidget(row);
      await markSkipped(tx, row.id, this.clock.now());
      return (await getSurvey(tx, row.id))!;
    });
    const survey = await this.visitorView(row);
    this.notifier.update(visitorId, survey);
    return survey;
  }

  // Email channel ---------------------------------------------------------------------------

  /** The survey behind a genuine, unused, unexpired email link. */
  async emailSurvey(token: string): Promise<SurveyView> {
    return this.visitorView(await this.openByEmail(token));
  }

  /** Records the answer given on the email page; the link is spent. */
  async answerByEmail(token: string, score: number, comment: string | undefined): Promise<SurveyView> {
    const now = this.clock.now();
    const row = await this.db.transaction(async (tx) => {
      const row = await this.openByEmail(token);
      checkScore(row, score);
      const settings = await this.settings();
      await markSent(tx, row.id, now, now + answerWindowMs(row.kind, settings), await this.languageOf(row, settings));
      await recordAnswer(tx, { id: row.id, now, score, comment: cleanComment(comment), via: 'email' });
      const answered = (await getSurvey(tx, row.id))!;
      await surveyAnsweredEvent(tx, answered);
      return { answered, followUp: await this.followUpOf(tx, answered, now) };
    });
    const survey = await this.visitorView(row.answered);
    await this.announceAnswer(row.answered, survey, row.followUp);
    return survey;
  }

  /** Forged, withdrawn or unknown links are all just invalid; the others say what happened. */
  private async openByEmail(token: string): Promise<SurveyRow> {
    const claims = verifyEmailLink(await linkSecret(this.db), token);
    if (!claims || await surveyIdForEmailToken(this.db, hashEmailToken(token)) !== claims.surveyId) {
      throw new EmailLinkError('invalid');
    }
    const row = await getSurvey(this.db, claims.surveyId);
    if (!row) throw new EmailLinkError('invalid');
    if (row.answered_at !== null) throw new EmailLinkError(row.answered_via === 'email' ? 'used' : 'voided');
    const now = this.clock.now();
    if (now >= claims.expiresAt || isExpired(row, now)) throw new EmailLinkError('expired');
    return row;
  }

  /** The language an email about this survey is written in. */
  async emailLanguage(token: string): Promise<string> {
    const claims = verifyEmailLink(await linkSecret(this.db), token);
    const row = claims ? await getSurvey(this.db, claims.surveyId) : undefined;
    return row ? await this.languageOf(row, (await this.settings())) : DEFAULT_LANGUAGE;
  }

  // Console ---------------------------------------------------------------------------------

  async recordsOfChat(chatId: string): Promise<SurveyRecordView[]> {
    return Promise.all((await surveysOfChat(this.db, chatId)).map((row) => this.recordView(row)));
  }

  async recordView(row: SurveyRow, given?: number | null): Promise<SurveyRecordView> {
    const emailed = given === undefined ? await emailedAt(this.db, row.id) : given;
    return {
      id: row.id,
      kind: row.kind,
      chatId: row.chat_id,
      visitorId: row.visitor_id,
      scale: row.scale,
      status: surveyStatus(row, this.clock.now()),
      dueAt: row.due_at,
      expiresAt: row.expires_at,
      sentAt: row.sent_at,
      answeredAt: row.answered_at,
      score: row.score,
      comment: row.comment,
      answeredVia: row.answered_via,
      language: row.language,
      agent: await agentRef(this.db, row.agent_id),
      emailedAt: emailed,
    };
  }

  // Views -----------------------------------------------------------------------------------

  async visitorView(row: SurveyRow, given?: SurveySettings): Promise<SurveyView> {
    const settings = given ?? (await this.settings());
    const language = await this.languageOf(row, settings);
    const texts = surveyTexts(settings, language);
    const siteName = (await readSettings(this.db, this.config)).siteName;
    const { min, max } = scoreRange(row.kind, row.scale);
    const [question, lowLabel, highLabel] =
      row.kind === 'csat'
        ? [texts.csat, texts.csatLow, texts.csatHigh]
        : row.kind === 'ces'
          ? [texts.ces, texts.cesLow, texts.cesHigh]
          : [texts.nps.replaceAll('{site}', siteName), texts.npsLow, texts.npsHigh];
    return {
      id: row.id,
      kind: row.kind,
      chatId: row.chat_id,
      scale: row.scale,
      min,
      max,
      question,
      lowLabel,
      highLabel,
      commentPrompt: row.kind === 'nps' ? texts.npsReason : null,
      language,
      status: surveyStatus(row, this.clock.now()),
      sentAt: row.sent_at,
      answeredAt: row.answered_at,
      score: row.score,
      comment: row.comment,
      answeredVia: row.answered_via,
      expiresAt: row.expires_at ?? 0,
      reviewLink: reviewLinkFor(settings, row, language),
    };
  }

  /** The language it was put in once sent; before that, the visitor's current one. */
  async languageOf(row: SurveyRow, settings: SurveySettings): Promise<string> {
    return row.language ?? surveyLanguage(settings, await visitorLocale(this.db, row.visitor_id));
  }

  // Internals -------------------------------------------------------------------------------

  /** Another visitor's survey is answered exactly like one that does not exist. */
  private async ownSurvey(visitorId: string, surveyId: string): Promise<SurveyRow> {
    const row = await getSurvey(this.db, surveyId);
    if (!row || row.visitor_id !== visitorId || row.due_at === null) {
      throw new SurveyError('no such survey', 'surveyId');
    }
    return row;
  }

  /** Marks the survey sent through the widget, refusing what may not be shown now. */
  private async sendInWidget(row: SurveyRow): Promise<void> {
    const now = this.clock.now();
    const settings = await this.settings();
    if (row.due_at === null || row.due_at > now) throw new SurveyError('this survey is not due yet', 'surveyId');
    if (isExpired(row, now)) throw new SurveyError('this survey has expired', 'surveyId');
    if (npsThrottled(row, await lastNpsSentAt(this.db, row.visitor_id, row.id), settings, now)) {
      throw new SurveyError('another NPS survey was shown recently: this one is not asked', 'surveyId');
    }
    await markSent(this.db, row.id, now, now + answerWindowMs(row.kind, settings), await this.languageOf(row, settings));
    await markShownInWidget(this.db, row.id, now);
  }

  private async announceAnswer(row: SurveyRow, survey: SurveyView, followUp: FollowUpMade): Promise<void> {
    this.notifier.update(row.visitor_id, survey);
    this.notifier.answered(await this.recordView(row));
    if (followUp) this.notifier.followUpMade(followUp.chatId, followUp.agentId);
  }

  /** In the answer's transaction, so that a bad answer never stands without its follow-up. */
  private async followUpOf(tx: Sql, answered: SurveyRow, now: number): Promise<FollowUpMade> {
    if (!(await this.settings()).followUpsEnabled) return null;
    return createFollowUp(tx, answered, now);
  }
}

type FollowUpMade = { chatId: string; agentId: string | null } | null;

function kindEnabled(settings: SurveySettings, row: SurveyRow): boolean {
  return row.kind === 'csat' ? settings.csatEnabled : row.kind === 'ces' ? settings.cesEnabled : settings.npsEnabled;
}

function checkScore(row: SurveyRow, score: number): void {
  const { min, max } = scoreRange(row.kind, row.scale);
  if (!Number.isInteger(score) || score < min || score > max) {
    throw new SurveyError(`must be a whole number from ${min} to ${max} for this ${row.kind} survey`, 'score');
  }
}

function cleanComment(comment: string | null | undefined): string | null {
  const trimmed = comment?.trim();
  return trimmed ? trimmed : null;
}

/** Inside the answer's transaction: `survey.answered` goes to the webhook outbox with it. */
function surveyAnsweredEvent(tx: Sql, row: SurveyRow): Promise<void> {
  return recordWebhookEvent(tx, 'survey.answered', row.answered_at!, {
    survey: {
      id: row.id,
      kind: row.kind,
      chatId: row.chat_id,
      visitorId: row.visitor_id,
      agentId: row.agent_id,
      scale: row.scale,
      score: row.score,
      comment: row.comment,
      via: row.answered_via,
      answeredAt: row.answered_at,
    },
  });
}
