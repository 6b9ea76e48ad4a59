import type { Db } from '../store/db.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { SurveyAnswer, SurveyRecordView, SurveySettings, SurveyView } from '../../shared/protocol.ts';
import { newId } from '../../shared/ids.ts';
import { ChatError } from '../chat/lifecycle.ts';
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
import { DEFAULT_LANGUAGE, linkSecret, readSurveySettings, surveyLanguage, surveyTexts } from './settings.ts';
import { hashEmailToken, verifyEmailLink } from './email-link.ts';
import {
  agentRef,
  chatHasSurveys,
  dueNpsOfVisitor,
  emailedAt,
  getSurvey,
  insertSurvey,
  lastNpsSentAt,
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
}

export interface SurveyServiceDeps {
  db: Db;
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
  readonly db: Db;
  readonly clock: Clock;
  private readonly config: Config;
  private readonly notifier: SurveyNotifier;

  constructor(deps: SurveyServiceDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.config = deps.config;
    this.notifier = deps.notifier;
  }

  settings(): SurveySettings {
    return readSurveySettings(this.db);
  }

  /**
   * Schedules the surveys of a chat that has just closed (none for a missed chat, none twice)
   * and offers its CSAT/CES to the visitor's open tabs.
   */
  chatClosed(chat: ChatRow): void {
    const closedAt = chat.closed_at;
    if (closedAt === null) return;
    const created = this.db.transaction(() => {
      if (chatHasSurveys(this.db, chat.id)) return false;
      const planned = surveysForClosedChat(this.settings(), closedAt, chatHasReply(this.db, chat.id));
      for (const p of planned) {
        insertSurvey(this.db, {
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
    })();
    if (!created) return;
    const settings = this.settings();
    const now = this.clock.now();
    const postChat = surveysOfChat(this.db, chat.id).filter(
      (row) => row.kind !== 'nps' && kindEnabled(settings, row) && showable(row, now),
    );
    if (postChat.length) this.notifier.offer(chat.visitor_id, postChat.map((row) => this.visitorView(row, settings)));
  }

  /**
   * What a page load shows: the CSAT and CES of the visitor's latest chat if it is closed and
   * they are still open, then the latest due NPS not yet shown in the widget (within throttle).
   */
  pendingFor(visitorId: string): SurveyView[] {
    const now = this.clock.now();
    const settings = this.settings();
    const rows: SurveyRow[] = [];
    const chat = currentChatOfVisitor(this.db, visitorId);
    if (chat && chat.closed_at !== null) {
      rows.push(
        ...surveysOfChat(this.db, chat.id).filter(
          (row) => row.kind !== 'nps' && kindEnabled(settings, row) && showable(row, now),
        ),
      );
    }
    if (settings.npsEnabled) {
      const nps = dueNpsOfVisitor(this.db, visitorId, now).find(
        (row) => !npsThrottled(row, lastNpsSentAt(this.db, visitorId, row.id), settings, now),
      );
      if (nps) rows.push(nps);
    }
    return rows.map((row) => this.visitorView(row, settings));
  }

  /** The widget put the survey on screen: from now it is sent (the first report wins). */
  shown(visitorId: string, surveyId: string): SurveyView {
    const row = this.db.transaction(() => {
      const row = this.ownSurvey(visitorId, surveyId);
      if (row.answered_at !== null || row.skipped_at !== null) return row;
      this.sendInWidget(row);
      return getSurvey(this.db, surveyId)!;
    })();
    return this.visitorView(row);
  }

  /** One answer per survey: a repeat from the widget acks the answer already recorded. */
  answer(visitorId: string, answer: SurveyAnswer): { survey: SurveyView; duplicate: boolean } {
    const now = this.clock.now();
    const result = this.db.transaction(() => {
      const row = this.ownSurvey(visitorId, answer.surveyId);
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
      this.sendInWidget(row);
      recordAnswer(this.db, { id: row.id, now, score: answer.score, comment: cleanComment(answer.comment), via: 'widget' });
      return { row: getSurvey(this.db, row.id)!, duplicate: false };
    })();
    const survey = this.visitorView(result.row);
    if (!result.duplicate) this.announceAnswer(result.row, survey);
    return { survey, duplicate: result.duplicate };
  }

  /** The visitor declined: the survey counts as sent and unanswered, and is not offered again. */
  skip(visitorId: string, surveyId: string): SurveyView {
    const row = this.db.transaction(() => {
      const row = this.ownSurvey(visitorId, surveyId);
      if (row.answered_at !== null || row.skipped_at !== null) return row;
      this.sendInWidget(row);
      markSkipped(this.db, row.id, this.clock.now());
      return getSurvey(this.db, row.id)!;
    })();
    const survey = this.visitorView(row);
    this.notifier.update(visitorId, survey);
    return survey;
  }

  // Email channel ---------------------------------------------------------------------------

  /** The survey behind a genuine, unused, unexpired email link. */
  emailSurvey(token: string): SurveyView {
    return this.visitorView(this.openByEmail(token));
  }

  /** Records the answer given on the email page; the link is spent. */
  answerByEmail(token: string, score: number, comment: string | undefined): SurveyView {
    const now = this.clock.now();
    const row = this.db.transaction(() => {
      const row = this.openByEmail(token);
      checkScore(row, score);
      const settings = this.settings();
      markSent(this.db, row.id, now, now + answerWindowMs(row.kind, settings), this.languageOf(row, settings));
      recordAnswer(this.db, { id: row.id, now, score, comment: cleanComment(comment), via: 'email' });
      return getSurvey(this.db, row.id)!;
    })();
    const survey = this.visitorView(row);
    this.announceAnswer(row, survey);
    return survey;
  }

  /** Forged, withdrawn or unknown links are all just invalid; the others say what happened. */
  private openByEmail(token: string): SurveyRow {
    const claims = verifyEmailLink(linkSecret(this.db), token);
    if (!claims || surveyIdForEmailToken(this.db, hashEmailToken(token)) !== claims.surveyId) {
      throw new EmailLinkError('invalid');
    }
    const row = getSurvey(this.db, claims.surveyId);
    if (!row) throw new EmailLinkError('invalid');
    if (row.answered_at !== null) throw new EmailLinkError(row.answered_via === 'email' ? 'used' : 'voided');
    const now = this.clock.now();
    if (now >= claims.expiresAt || isExpired(row, now)) throw new EmailLinkError('expired');
    return row;
  }

  /** The language an email about this survey is written in. */
  emailLanguage(token: string): string {
    const claims = verifyEmailLink(linkSecret(this.db), token);
    const row = claims ? getSurvey(this.db, claims.surveyId) : undefined;
    return row ? this.languageOf(row, this.settings()) : DEFAULT_LANGUAGE;
  }

  // Console ---------------------------------------------------------------------------------

  recordsOfChat(chatId: string): SurveyRecordView[] {
    return surveysOfChat(this.db, chatId).map((row) => this.recordView(row));
  }

  recordView(row: SurveyRow, emailed: number | null = emailedAt(this.db, row.id)): SurveyRecordView {
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
      agent: agentRef(this.db, row.agent_id),
      emailedAt: emailed,
    };
  }

  // Views -----------------------------------------------------------------------------------

  visitorView(row: SurveyRow, settings: SurveySettings = this.settings()): SurveyView {
    const language = this.languageOf(row, settings);
    const texts = surveyTexts(settings, language);
    const siteName = readSettings(this.db, this.config).siteName;
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
    };
  }

  /** The language it was put in once sent; before that, the visitor's current one. */
  languageOf(row: SurveyRow, settings: SurveySettings): string {
    return row.language ?? surveyLanguage(settings, visitorLocale(this.db, row.visitor_id));
  }

  // Internals -------------------------------------------------------------------------------

  /** Another visitor's survey is answered exactly like one that does not exist. */
  private ownSurvey(visitorId: string, surveyId: string): SurveyRow {
    const row = getSurvey(this.db, surveyId);
    if (!row || row.visitor_id !== visitorId || row.due_at === null) {
      throw new SurveyError('no such survey', 'surveyId');
    }
    return row;
  }

  /** Marks the survey sent through the widget, refusing what may not be shown now. */
  private sendInWidget(row: SurveyRow): void {
    const now = this.clock.now();
    const settings = this.settings();
    if (row.due_at === null || row.due_at > now) throw new SurveyError('this survey is not due yet', 'surveyId');
    if (isExpired(row, now)) throw new SurveyError('this survey has expired', 'surveyId');
    if (npsThrottled(row, lastNpsSentAt(this.db, row.visitor_id, row.id), settings, now)) {
      throw new SurveyError('another NPS survey was shown recently: this one is not asked', 'surveyId');
    }
    markSent(this.db, row.id, now, now + answerWindowMs(row.kind, settings), this.languageOf(row, settings));
    markShownInWidget(this.db, row.id, now);
  }

  private announceAnswer(row: SurveyRow, survey: SurveyView): void {
    this.notifier.update(row.visitor_id, survey);
    this.notifier.answered(this.recordView(row));
  }
}

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
