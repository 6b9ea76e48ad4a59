import type { Sql } from './sql.ts';
import type { SurveyKind } from '../../shared/protocol.ts';
import { visibleToViewer } from './chats.ts';

/** SQL of the survey follow-ups (issue 13) and of the chats closed without a survey. */

export interface FollowUpRow {
  id: string;
  survey_id: string;
  chat_id: string;
  agent_id: string | null;
  department_id: string | null;
  created_at: number;
  done_at: number | null;
  done_by: string | null;
  note: string | null;
  // From the survey, the chat, the visitor and the agents:
  kind: SurveyKind;
  score: number;
  scale: number;
  comment: string | null;
  answered_at: number;
  chat_started_at: number;
  visitor_id: string;
  visitor_name: string | null;
  visitor_email: string | null;
  agent_name: string | null;
  done_by_name: string | null;
}

export async function insertFollowUp(
  db: Sql,
  f: { id: string; surveyId: string; chatId: string; agentId: string | null; departmentId: string | null; now: number },
): Promise<boolean> {
  return (
    (await db.run(`INSERT INTO survey_follow_ups (id, survey_id, chat_id, agent_id, department_id, created_at)
       VALUES (@id, @surveyId, @chatId, @agentId, @departmentId, @now) ON CONFLICT DO NOTHING`, f)) === 1
  );
}

const followUpColumns = `f.*, s.kind, s.score, s.scale, s.comment, s.answered_at, c.started_at AS chat_started_at,
  c.visitor_id, v.name AS visitor_name, v.email AS visitor_email, a.name AS agent_name, d.name AS done_by_name
  FROM survey_follow_ups f JOIN surveys s ON s.id = f.survey_id JOIN chats c ON c.id = f.chat_id
  LEFT JOIN visitors v ON v.id = c.visitor_id LEFT JOIN agents a ON a.id = f.agent_id LEFT JOIN agents d ON d.id = f.done_by`;

export async function getFollowUp(db: Sql, id: string): Promise<FollowUpRow | undefined> {
  return db.get<FollowUpRow>(`SELECT ${followUpColumns} WHERE f.id = ?`, [id]);
}

/**
 * The follow-ups whose chats `viewerId` may see (null: every one), open ones oldest first,
 * done ones latest done first.
 */
export async function followUpsFor(
  db: Sql,
  q: { viewerId: string | null; status: 'open' | 'done'; limit: number },
): Promise<FollowUpRow[]> {
  const open = q.status === 'open';
  return db.all<FollowUpRow>(
    `SELECT ${followUpColumns} WHERE ${open ? 'f.done_at IS NULL' : 'f.done_at IS NOT NULL'} AND ${visibleToViewer}
     ORDER BY ${open ? 'f.created_at, f.id' : 'f.done_at DESC, f.id'} LIMIT @limit`,
    { viewerId: q.viewerId, limit: q.limit },
  );
}

export async function openFollowUpCount(db: Sql, viewerId: string | null): Promise<number> {
  return Number(
    await db.value(
      `SELECT count(*) FROM survey_follow_ups f JOIN chats c ON c.id = f.chat_id WHERE f.done_at IS NULL AND ${visibleToViewer}`,
      { viewerId },
    ),
  );
}

/** Marks it done unless it already is; true when this call did. */
export async function markFollowUpDone(db: Sql, d: { id: string; agentId: string; note: string; now: number }): Promise<boolean> {
  return (
    (await db.run('UPDATE survey_follow_ups SET done_at = @now, done_by = @agentId, note = @note WHERE id = @id AND done_at IS NULL', d)) === 1
  );
}

/** Follow-ups marked done in [from, to): who did them and how long each took. */
export async function doneFollowUps(
  db: Sql,
  q: { from: number; to: number },
): Promise<Array<{ done_by: string; name: string | null; created_at: number; done_at: number }>> {
  return db.all(
    `SELECT f.done_by, a.name, f.created_at, f.done_at FROM survey_follow_ups f LEFT JOIN agents a ON a.id = f.done_by
     WHERE f.done_at >= @from AND f.done_at < @to ORDER BY f.done_by, f.done_at`,
    q,
  );
}

/** Open follow-ups per agent they wait for (null: a queue's). */
export async function openFollowUpsByAgent(db: Sql): Promise<Array<{ agent_id: string | null; name: string | null; open: number }>> {
  return db.all(
    `SELECT f.agent_id, a.name, count(*) AS open FROM survey_follow_ups f LEFT JOIN agents a ON a.id = f.agent_id
     WHERE f.done_at IS NULL GROUP BY f.agent_id, a.name`,
  );
}

// Chats closed without a survey ----------------------------------------------------------

export async function markChatWithoutSurvey(db: Sql, chatId: string, agentId: string, now: number): Promise<void> {
  await db.run('INSERT INTO chats_without_survey (chat_id, agent_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [chatId, agentId, now]);
}

export async function chatWithoutSurvey(db: Sql, chatId: string): Promise<boolean> {
  return (await db.value('SELECT 1 FROM chats_without_survey WHERE chat_id = ?', [chatId])) !== undefined;
}

export async function chatsWithoutSurveyCount(db: Sql): Promise<number> {
  return Number(await db.value('SELECT count(*) FROM chats_without_survey'));
}
