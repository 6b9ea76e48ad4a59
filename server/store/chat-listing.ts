import type { Sql } from './sql.ts';
import { visibleToViewer, type ChatRow } from './chats.ts';

/**
 * What a list of chats (GET /api/metrics/chats, GET /api/chats.csv) shows beside a chat's
 * metric facts: its ids, how it closed and its latest survey answers. Read one UTC hour at a
 * time, in the order of the chat hour blocks (start, then id by bytes), so that the rows line
 * up with a block's chats and a long listing never holds more than an hour of them.
 */

export interface ListedChat {
  chat_id: string;
  visitor_id: string;
  started_at: number;
}

export interface ExportedChat extends ListedChat {
  closed_by: string | null;
  csat: number | null;
  ces: number | null;
  nps: number | null;
}

const byBytes = (db: Sql) => (db.dialect === 'postgres' ? ' COLLATE "C"' : '');

/** The chats (of chat_facts) started in [from, to). */
export function listedChats(db: Sql, from: number, to: number): Promise<ListedChat[]> {
  return db.all<ListedChat>(
    `SELECT chat_id, visitor_id, started_at FROM chat_facts WHERE started_at >= ? AND started_at < ?
     ORDER BY started_at, chat_id${byBytes(db)}`,
    [from, to],
  );
}

/** The score of the chat's survey of a kind with the latest answer (ties: the greatest id). */
const latestScore = (db: Sql, kind: 'csat' | 'ces' | 'nps') =>
  `(SELECT s.score FROM surveys s WHERE s.chat_id = f.chat_id AND s.kind = '${kind}' AND s.answered_at IS NOT NULL
    ORDER BY s.answered_at DESC, s.id${byBytes(db)} DESC LIMIT 1) AS ${kind}`;

/** The chats (of chat_facts) started in [from, to), with what the chats CSV adds. */
export function exportedChats(db: Sql, from: number, to: number): Promise<ExportedChat[]> {
  return db.all<ExportedChat>(
    `SELECT f.chat_id, f.visitor_id, f.started_at, c.closed_by,
       ${latestScore(db, 'csat')}, ${latestScore(db, 'ces')}, ${latestScore(db, 'nps')}
     FROM chat_facts f JOIN chats c ON c.id = f.chat_id
     WHERE f.started_at >= ? AND f.started_at < ?
     ORDER BY f.started_at, f.chat_id${byBytes(db)}`,
    [from, to],
  );
}

export interface ChatPageFilter {
  status: 'queued' | 'active' | 'closed' | null;
  agent: string | null;
  department: string | null;
  channel: 'widget' | 'offline' | null;
  from: number | null;
  to: number | null;
  /** `chatViewer(agent)`: null sees every chat (see visibleToViewer). */
  viewerId: string | null;
  limit: number;
  offset: number;
}

/** A page of the chats the viewer may see (GET /api/chats), newest first, and how many match. */
export async function chatsPage(db: Sql, f: ChatPageFilter): Promise<{ total: number; chats: ChatRow[] }> {
  const where = `${visibleToViewer}
    AND (CAST(@status AS TEXT) IS NULL
      OR (@status = 'closed' AND c.closed_at IS NOT NULL)
      OR (@status = 'queued' AND c.closed_at IS NULL AND c.queued_at IS NOT NULL)
      OR (@status = 'active' AND c.closed_at IS NULL AND c.queued_at IS NULL))
    AND (CAST(@agent AS TEXT) IS NULL OR c.agent_id = @agent)
    AND (CAST(@department AS TEXT) IS NULL OR c.department_id = @department)
    AND (CAST(@channel AS TEXT) IS NULL OR c.channel = @channel)
    AND (CAST(@from AS BIGINT) IS NULL OR c.started_at >= @from)
    AND (CAST(@to AS BIGINT) IS NULL OR c.started_at < @to)`;
  const params = { viewerId: f.viewerId, status: f.status, agent: f.agent, department: f.department, channel: f.channel, from: f.from, to: f.to };
  const total = Number(await db.value(`SELECT count(*) FROM chats c WHERE ${where}`, params));
  const chats = await db.all<ChatRow>(`SELECT c.* FROM chats c WHERE ${where} ORDER BY c.started_at DESC, c.id DESC LIMIT @limit OFFSET @offset`, {
    ...params,
    limit: f.limit,
    offset: f.offset,
  });
  return { total, chats };
}
