import type { SurveyKind, SurveySettings, SurveyStatus } from '../../shared/protocol.ts';

/** The survey rules of issue 3 as pure functions of rows, settings and the time. */

export const HOUR_MS = 3600 * 1000;
export const DAY_MS = 24 * HOUR_MS;

export interface SurveyRow {
  id: string;
  kind: SurveyKind;
  chat_id: string;
  visitor_id: string;
  scale: 5 | 7 | 10;
  sent_at: number | null;
  answered_at: number | null;
  score: number | null;
  comment: string | null;
  agent_id: string | null;
  due_at: number | null;
  expires_at: number | null;
  shown_at: number | null;
  skipped_at: number | null;
  answered_via: 'widget' | 'email' | null;
  language: string | null;
}

export function scoreRange(kind: SurveyKind, scale: number): { min: number; max: number } {
  return kind === 'nps' ? { min: 0, max: 10 } : { min: 1, max: scale };
}

export function surveyStatus(row: SurveyRow, now: number): SurveyStatus {
  if (row.answered_at !== null) return 'answered';
  if (row.skipped_at !== null) return 'skipped';
  if (isExpired(row, now)) return 'expired';
  if (row.sent_at !== null) return 'sent';
  return 'scheduled';
}

/** Past its deadline, whatever else happened to it. */
export function isExpired(row: SurveyRow, now: number): boolean {
  return row.expires_at !== null && now >= row.expires_at;
}

/** How long a survey stays answerable once sent. */
export function answerWindowMs(kind: SurveyKind, settings: SurveySettings): number {
  return kind === 'nps' ? settings.npsExpireDays * DAY_MS : settings.postChatValidHours * HOUR_MS;
}

/** What a chat that has just closed schedules: nothing for a missed chat. */
export function surveysForClosedChat(
  settings: SurveySettings,
  closedAt: number,
  hadReply: boolean,
  lastPostChatAt: number | null = null,
): Array<{ kind: SurveyKind; scale: 5 | 7 | 10; dueAt: number; expiresAt: number }> {
  if (!hadReply) return [];
  const planned: Array<{ kind: SurveyKind; scale: 5 | 7 | 10; dueAt: number; expiresAt: number }> = [];
  const postChatExpiry = closedAt + settings.postChatValidHours * HOUR_MS;
  // The throttle: a visitor offered a CSAT/CES in the last postChatThrottleHours gets none now.
  const throttled = lastPostChatAt !== null && closedAt - lastPostChatAt < settings.postChatThrottleHours * HOUR_MS;
  if (settings.csatEnabled && !throttled) planned.push({ kind: 'csat', scale: 5, dueAt: closedAt, expiresAt: postChatExpiry });
  if (settings.cesEnabled && !throttled) planned.push({ kind: 'ces', scale: settings.cesScale, dueAt: closedAt, expiresAt: postChatExpiry });
  if (settings.npsEnabled) {
    const dueAt = closedAt + settings.npsDelayHours * HOUR_MS;
    planned.push({ kind: 'nps', scale: 10, dueAt, expiresAt: dueAt + settings.npsExpireDays * DAY_MS });
  }
  return planned;
}

/** A survey may be put before the visitor (first time) now: due, not expired, not done with. */
export function showable(row: SurveyRow, now: number): boolean {
  return (
    row.due_at !== null &&
    row.due_at <= now &&
    !isExpired(row, now) &&
    row.answered_at === null &&
    row.skipped_at === null
  );
}

/**
 * Throttle: an NPS not yet sent may go out only if no other NPS of the visitor was sent in
 * the last `npsThrottleDays` (`lastOtherNpsSentAt`: the latest such send, or null).
 */
export function npsThrottled(
  row: SurveyRow,
  lastOtherNpsSentAt: number | null,
  settings: SurveySettings,
  now: number,
): boolean {
  if (row.kind !== 'nps' || row.sent_at !== null || lastOtherNpsSentAt === null) return false;
  return now - lastOtherNpsSentAt < settings.npsThrottleDays * DAY_MS;
}
