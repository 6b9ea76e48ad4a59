import type { Sql } from './sql.ts';
import type { SurveyKind } from '../../shared/protocol.ts';
import type { SurveyRow } from '../surveys/rules.ts';

/** SQL of the surveys and their email channel. */

export async function getSurvey(db: Sql, id: string): Promise<SurveyRow | undefined> {
  return (await db.get('SELECT * FROM surveys WHERE id = ?', [id])) as SurveyRow | undefined;
}

export async function chatHasSurveys(db: Sql, chatId: string): Promise<boolean> {
  return !!(await db.get('SELECT 1 FROM surveys WHERE chat_id = ? LIMIT 1', [chatId]));
}

export async function insertSurvey(
  db: Sql,
  s: {
    id: string;
    kind: SurveyKind;
    chatId: string;
    visitorId: string;
    scale: number;
    agentId: string | null;
    dueAt: number;
    expiresAt: number;
  },
): Promise<void> {
  await db.run(`INSERT INTO surveys (id, kind, chat_id, visitor_id, scale, agent_id, due_at, expires_at)
     VALUES (@id, @kind, @chatId, @visitorId, @scale, @agentId, @dueAt, @expiresAt)`, s);
}

export async function surveysOfChat(db: Sql, chatId: string): Promise<SurveyRow[]> {
  return (await db.all(`SELECT * FROM surveys WHERE chat_id = ?
       ORDER BY CASE kind WHEN 'csat' THEN 0 WHEN 'ces' THEN 1 ELSE 2 END, rowid`, [chatId])) as SurveyRow[];
}

/** When the visitor was last offered a CSAT or CES (its due time: the chat's close), or null. */
export async function lastPostChatSurveyAt(db: Sql, visitorId: string): Promise<number | null> {
  return ((await db.value(`SELECT max(due_at) FROM surveys WHERE visitor_id = ? AND kind IN ('csat', 'ces') AND due_at IS NOT NULL`, [visitorId])) ??
    null) as number | null;
}

/** Not-yet-shown NPS of a visitor that are due, latest due first. */
export async function dueNpsOfVisitor(db: Sql, visitorId: string, now: number): Promise<SurveyRow[]> {
  return (await db.all(`SELECT * FROM surveys WHERE visitor_id = ? AND kind = 'nps' AND due_at <= ? AND expires_at > ?
       AND answered_at IS NULL AND skipped_at IS NULL AND shown_at IS NULL
       ORDER BY due_at DESC, rowid DESC`, [visitorId, now, now])) as SurveyRow[];
}

/**
 * When the visitor's latest NPS other than `exceptId` went out (throttle), or null. An email
 * still being sent counts from its claim, so that two channels never both send one.
 */
export async function lastNpsSentAt(db: Sql, visitorId: string, exceptId: string): Promise<number | null> {
  return (await db.value(`SELECT max(coalesce(s.sent_at, e.claimed_at)) FROM surveys s
       LEFT JOIN survey_emails e ON e.survey_id = s.id AND e.error IS NULL
       WHERE s.visitor_id = ? AND s.kind = 'nps' AND s.id <> ?`, [visitorId, exceptId]) ?? null) as number | null;
}

/**
 * The first send of a survey (by either channel) sets sent_at and moves its deadline to the
 * answer window; later sends (another tab, a reload) change neither.
 */
export async function markSent(db: Sql, id: string, now: number, expiresAt: number, language: string): Promise<void> {
  await db.run(`UPDATE surveys SET sent_at = @now, expires_at = CASE WHEN expires_at > @expiresAt THEN expires_at ELSE @expiresAt END, language = coalesce(language, @language)
     WHERE id = @id AND sent_at IS NULL`, { id, now, expiresAt, language });
}

export async function markShownInWidget(db: Sql, id: string, now: number): Promise<void> {
  await db.run('UPDATE surveys SET shown_at = coalesce(shown_at, ?) WHERE id = ?', [now, id]);
}

export async function markSkipped(db: Sql, id: string, now: number): Promise<void> {
  await db.run('UPDATE surveys SET skipped_at = coalesce(skipped_at, ?) WHERE id = ?', [now, id]);
}

/** Writes the answer unless one is already there; true when this call recorded it. */
export async function recordAnswer(
  db: Sql,
  a: { id: string; now: number; score: number; comment: string | null; via: 'widget' | 'email' },
): Promise<boolean> {
  return (
    (await db.run(`UPDATE surveys SET answered_at = @now, score = @score, comment = @comment, answered_via = @via
         WHERE id = @id AND answered_at IS NULL`, a)) === 1
  );
}

export async function visitorLocale(db: Sql, visitorId: string): Promise<string | null> {
  return (await db.value('SELECT locale FROM visitors WHERE id = ?', [visitorId]) ?? null) as string | null;
}

export async function agentRef(db: Sql, agentId: string | null): Promise<{ id: string; name: string } | null> {
  if (!agentId) return null;
  return ((await db.get('SELECT id, name FROM agents WHERE id = ?', [agentId])) as { id: string; name: string }) ?? null;
}

// Comments (console) ----------------------------------------------------------------------

export interface CommentRow extends SurveyRow {
  visitor_name: string | null;
  emailed_at: number | null;
}

export async function recentComments(
  db: Sql,
  q: {
    kind?: SurveyKind;
    score?: number;
    limit: number;
    before?: number;
    from?: number;
    agent?: string;
    department?: string;
    tag?: string;
    channel?: string;
    priority?: string;
  },
): Promise<CommentRow[]> {
  // A parameter only tested with IS NULL has no type Postgres can tell: each is cast to the
  // type it is compared with ("could not determine data type of parameter").
  return (await db.all(`SELECT s.*, v.name AS visitor_name, e.sent_at AS emailed_at
       FROM surveys s JOIN chats c ON c.id = s.chat_id
       LEFT JOIN visitors v ON v.id = s.visitor_id LEFT JOIN survey_emails e ON e.survey_id = s.id
       WHERE s.answered_at IS NOT NULL AND s.comment IS NOT NULL AND s.comment <> ''
         AND (CAST(@kind AS TEXT) IS NULL OR s.kind = @kind) AND (CAST(@score AS BIGINT) IS NULL OR s.score = @score)
         AND (CAST(@before AS BIGINT) IS NULL OR s.answered_at < @before) AND (CAST(@from AS BIGINT) IS NULL OR s.answered_at >= @from)
         AND (CAST(@agent AS TEXT) IS NULL OR c.agent_id = @agent) AND (CAST(@department AS TEXT) IS NULL OR c.department_id = @department)
         AND (CAST(@channel AS TEXT) IS NULL OR c.channel = @channel) AND (CAST(@priority AS TEXT) IS NULL OR c.priority = @priority)
         AND (CAST(@tag AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM chat_tags t WHERE t.chat_id = c.id AND t.tag = @tag))
       ORDER BY s.answered_at DESC, s.rowid DESC LIMIT @limit`, {
      kind: q.kind ?? null,
      score: q.score ?? null,
      before: q.before ?? null,
      from: q.from ?? null,
      agent: q.agent ?? null,
      department: q.department ?? null,
      tag: q.tag ?? null,
      channel: q.channel ?? null,
      priority: q.priority ?? null,
      limit: q.limit,
    })) as CommentRow[];
}

export async function emailedAt(db: Sql, surveyId: string): Promise<number | null> {
  return (await db.value('SELECT sent_at FROM survey_emails WHERE survey_id = ?', [surveyId]) ?? null) as
    | number
    | null;
}

// Email channel ---------------------------------------------------------------------------

export interface EmailCandidate extends SurveyRow {
  email: string;
}

/**
 * Due NPS of visitors with an address, never emailed (or failed and due a retry), and not held
 * back by the throttle (see `lastNpsSentAt`). Rechecked one by one when claimed.
 */
export async function npsEmailCandidates(
  db: Sql,
  q: { now: number; throttleMs: number; maxAttempts: number; retryAfterMs: number },
): Promise<EmailCandidate[]> {
  return (await db.all(`SELECT s.*, v.email FROM surveys s JOIN visitors v ON v.id = s.visitor_id
       LEFT JOIN survey_emails e ON e.survey_id = s.id
       WHERE s.kind = 'nps' AND s.due_at IS NOT NULL AND s.due_at <= @now AND s.expires_at > @now
         AND s.answered_at IS NULL AND s.skipped_at IS NULL AND v.email IS NOT NULL AND v.email <> ''
         AND (e.survey_id IS NULL
              OR (e.sent_at IS NULL AND e.error IS NOT NULL AND e.attempts < @maxAttempts
                  AND e.claimed_at + @retryAfterMs * e.attempts <= @now))
         AND (s.sent_at IS NOT NULL OR NOT EXISTS (
               SELECT 1 FROM surveys o LEFT JOIN survey_emails oe ON oe.survey_id = o.id AND oe.error IS NULL
               WHERE o.visitor_id = s.visitor_id AND o.kind = 'nps' AND o.id <> s.id
                 AND coalesce(o.sent_at, oe.claimed_at) > @now - @throttleMs))
       ORDER BY s.due_at LIMIT 100`, q)) as EmailCandidate[];
}

/**
 * Claims the email of a survey with the hash of the link it will carry; false if another run
 * claimed it first. A claim is never retried unless its send is known to have failed.
 */
export async function claimEmail(db: Sql, c: { surveyId: string; address: string; tokenHash: string; now: number }): Promise<boolean> {
  const fresh = await db.run(`INSERT INTO survey_emails (survey_id, address, claimed_at, token_hash)
       VALUES (@surveyId, @address, @now, @tokenHash) ON CONFLICT DO NOTHING`, c);
  if (fresh === 1) return true;
  return (
    (await db.run(`UPDATE survey_emails SET claimed_at = @now, address = @address, token_hash = @tokenHash, error = NULL
         WHERE survey_id = @surveyId AND sent_at IS NULL AND error IS NOT NULL`, c)) === 1
  );
}

export async function emailSent(db: Sql, surveyId: string, now: number): Promise<void> {
  await db.run('UPDATE survey_emails SET sent_at = ?, attempts = attempts + 1 WHERE survey_id = ?', [now, surveyId]);
}

/** A failed send: its link is withdrawn, and it may be retried later. */
export async function emailFailed(db: Sql, surveyId: string, error: string): Promise<void> {
  await db.run('UPDATE survey_emails SET error = ?, token_hash = NULL, attempts = attempts + 1 WHERE survey_id = ?', [error.slice(0, 500), surveyId]);
}

export async function surveyIdForEmailToken(db: Sql, tokenHash: string): Promise<string | undefined> {
  return (await db.value('SELECT survey_id FROM survey_emails WHERE token_hash = ?', [tokenHash])) as
    | string
    | undefined;
}
