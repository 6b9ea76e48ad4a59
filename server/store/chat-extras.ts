import type { Sql } from './sql.ts';
import type {
  CannedReply,
  Department,
  NoteView,
  PageSeen,
  PastChat,
  TeamMember,
} from '../../shared/protocol.ts';
import { visibleToViewer, type ChatRow } from './chats.ts';

/** What the console shows around a chat: notes, SLA clock, tags, visitor history, team. */

export async function insertNote(
  db: Sql,
  n: { id: string; chatId: string; agentId: string; text: string; at: number },
): Promise<NoteView> {
  await db.run('INSERT INTO chat_notes (id, chat_id, agent_id, text, at) VALUES (?, ?, ?, ?, ?)', [n.id, n.chatId, n.agentId, n.text, n.at]);
  return (await getNote(db, n.id))!;
}

export async function getNote(db: Sql, id: string): Promise<NoteView | undefined> {
  const r = (await db.get('SELECT n.*, a.name FROM chat_notes n JOIN agents a ON a.id = n.agent_id WHERE n.id = ?', [id])) as any;
  return r
    ? { id: r.id, chatId: r.chat_id, agent: { id: r.agent_id, name: r.name }, text: r.text, at: r.at, ...(r.erased ? { erased: true } : {}) }
    : undefined;
}

export async function notesOfChat(db: Sql, chatId: string): Promise<NoteView[]> {
  return (
    (await db.all('SELECT n.*, a.name FROM chat_notes n JOIN agents a ON a.id = n.agent_id WHERE n.chat_id = ? ORDER BY n.seq', [chatId])) as any[]
  ).map((r) => ({ id: r.id, chatId: r.chat_id, agent: { id: r.agent_id, name: r.name }, text: r.text, at: r.at, ...(r.erased ? { erased: true } : {}) }));
}

export async function addTag(db: Sql, chatId: string, tag: string): Promise<void> {
  await db.run('INSERT INTO chat_tags (chat_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING', [chatId, tag]);
}

export async function removeTag(db: Sql, chatId: string, tag: string): Promise<void> {
  await db.run('DELETE FROM chat_tags WHERE chat_id = ? AND tag = ?', [chatId, tag]);
}

export async function allTags(db: Sql): Promise<string[]> {
  return (await db.column('SELECT DISTINCT tag FROM chat_tags ORDER BY tag')) as string[];
}

export async function pagesOfVisitor(db: Sql, visitorId: string): Promise<PageSeen[]> {
  return (await db.all('SELECT url, title, at FROM page_views WHERE visitor_id = ? ORDER BY at DESC LIMIT 50', [visitorId])) as PageSeen[];
}

/** The visitor's other chats that `viewerId` may see (see visibleToViewer). */
export async function pastChatsOfVisitor(db: Sql, visitorId: string, exceptChatId: string, viewerId: string | null): Promise<PastChat[]> {
  return (
    (await db.all(`SELECT c.id, c.started_at, c.closed_at, c.channel, c.agent_id, a.name AS agent_name,
           (SELECT count(*) FROM messages m WHERE m.chat_id = c.id AND m.author != 'system') AS message_count
         FROM chats c LEFT JOIN agents a ON a.id = c.agent_id
         WHERE c.visitor_id = @visitorId AND c.id != @exceptChatId AND ${visibleToViewer}
         ORDER BY c.started_at DESC LIMIT 20`, { visitorId, exceptChatId, viewerId })) as any[]
  ).map((r) => ({
    id: r.id,
    startedAt: r.started_at,
    closedAt: r.closed_at,
    channel: r.channel,
    agent: r.agent_id ? { id: r.agent_id, name: r.agent_name } : null,
    messageCount: r.message_count,
  }));
}

const cannedColumns = 'id, shortcut, text, department_id AS "departmentId", owner_agent_id AS "ownerAgentId"';

/** Shared replies (all, or of the agent's departments) and the agent's personal ones. */
export async function cannedFor(db: Sql, agentId: string): Promise<CannedReply[]> {
  return (await db.all(`SELECT ${cannedColumns} FROM canned_replies
       WHERE owner_agent_id = @agentId
          OR (owner_agent_id IS NULL AND (department_id IS NULL
              OR department_id IN (SELECT department_id FROM agent_departments WHERE agent_id = @agentId)
              OR NOT EXISTS (SELECT 1 FROM agent_departments WHERE agent_id = @agentId)))
       ORDER BY shortcut`, { agentId })) as CannedReply[];
}

export async function getCanned(db: Sql, id: string): Promise<CannedReply | undefined> {
  return (await db.get(`SELECT ${cannedColumns} FROM canned_replies WHERE id = ?`, [id])) as CannedReply | undefined;
}

export async function allCanned(db: Sql): Promise<CannedReply[]> {
  return (await db.all(`SELECT ${cannedColumns} FROM canned_replies ORDER BY shortcut`)) as CannedReply[];
}

/** The accounts (imported agents and invitees who have not set a password yet are not). */
export async function team(db: Sql): Promise<TeamMember[]> {
  return (
    (await db.all(`SELECT a.id, a.name, a.max_chats AS "maxChats",
           coalesce((SELECT status FROM agent_status_changes s WHERE s.agent_id = a.id ORDER BY at DESC LIMIT 1), 'offline') AS status,
           (SELECT count(*) FROM chats c WHERE c.agent_id = a.id AND c.closed_at IS NULL AND c.queued_at IS NULL) AS "openChats",
           (SELECT string_agg(department_id, ' ') FROM agent_departments d WHERE d.agent_id = a.id) AS departments
         FROM agents a WHERE a.disabled = 0 AND a.password_hash IS NOT NULL ORDER BY a.name`)) as any[]
  ).map((r) => ({ ...r, departments: r.departments ? (r.departments as string).split(' ') : [] }));
}

export async function departments(db: Sql): Promise<Department[]> {
  return (await db.all('SELECT id, name FROM departments ORDER BY name')) as Department[];
}
