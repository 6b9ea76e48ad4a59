import { statement, type Db } from './db.ts';
import type {
  CannedReply,
  Department,
  NoteView,
  PageSeen,
  PastChat,
  TeamMember,
} from '../../shared/protocol.ts';
import type { ChatRow } from './chats.ts';

/** What the console shows around a chat: notes, SLA clock, tags, visitor history, team. */

export function insertNote(
  db: Db,
  n: { id: string; chatId: string; agentId: string; text: string; at: number },
): NoteView {
  statement(db, 'INSERT INTO chat_notes (id, chat_id, agent_id, text, at) VALUES (?, ?, ?, ?, ?)').run(
    n.id,
    n.chatId,
    n.agentId,
    n.text,
    n.at,
  );
  return getNote(db, n.id)!;
}

export function getNote(db: Db, id: string): NoteView | undefined {
  const r = statement(db, 'SELECT n.*, a.name FROM chat_notes n JOIN agents a ON a.id = n.agent_id WHERE n.id = ?').get(
    id,
  ) as any;
  return r
    ? { id: r.id, chatId: r.chat_id, agent: { id: r.agent_id, name: r.name }, text: r.text, at: r.at }
    : undefined;
}

export function notesOfChat(db: Db, chatId: string): NoteView[] {
  return (
    statement(
      db,
      'SELECT n.*, a.name FROM chat_notes n JOIN agents a ON a.id = n.agent_id WHERE n.chat_id = ? ORDER BY n.seq',
    ).all(chatId) as any[]
  ).map((r) => ({ id: r.id, chatId: r.chat_id, agent: { id: r.agent_id, name: r.name }, text: r.text, at: r.at }));
}

export function addTag(db: Db, chatId: string, tag: string): void {
  statement(db, 'INSERT OR IGNORE INTO chat_tags (chat_id, tag) VALUES (?, ?)').run(chatId, tag);
}

export function removeTag(db: Db, chatId: string, tag: string): void {
  statement(db, 'DELETE FROM chat_tags WHERE chat_id = ? AND tag = ?').run(chatId, tag);
}

export function allTags(db: Db): string[] {
  return statement(db, 'SELECT DISTINCT tag FROM chat_tags ORDER BY tag').pluck().all() as string[];
}

export function pagesOfVisitor(db: Db, visitorId: string): PageSeen[] {
  return statement(db, 'SELECT url, title, at FROM page_views WHERE visitor_id = ? ORDER BY at DESC LIMIT 50').all(
    visitorId,
  ) as PageSeen[];
}

export function pastChatsOfVisitor(db: Db, visitorId: string, exceptChatId: string): PastChat[] {
  return (
    statement(
      db,
      `SELECT c.id, c.started_at, c.closed_at, c.channel, c.agent_id, a.name AS agent_name,
           (SELECT count(*) FROM messages m WHERE m.chat_id = c.id AND m.author != 'system') AS message_count
         FROM chats c LEFT JOIN agents a ON a.id = c.agent_id
         WHERE c.visitor_id = ? AND c.id != ? ORDER BY c.started_at DESC LIMIT 20`,
    ).all(visitorId, exceptChatId) as any[]
  ).map((r) => ({
    id: r.id,
    startedAt: r.started_at,
    closedAt: r.closed_at,
    channel: r.channel,
    agent: r.agent_id ? { id: r.agent_id, name: r.agent_name } : null,
    messageCount: r.message_count,
  }));
}

const cannedColumns = 'id, shortcut, text, department_id AS departmentId, owner_agent_id AS ownerAgentId';

/** Shared replies (all, or of the agent's departments) and the agent's personal ones. */
export function cannedFor(db: Db, agentId: string): CannedReply[] {
  return statement(
    db,
    `SELECT ${cannedColumns} FROM canned_replies
       WHERE owner_agent_id = @agentId
          OR (owner_agent_id IS NULL AND (department_id IS NULL
              OR department_id IN (SELECT department_id FROM agent_departments WHERE agent_id = @agentId)
              OR NOT EXISTS (SELECT 1 FROM agent_departments WHERE agent_id = @agentId)))
       ORDER BY shortcut`,
  ).all({ agentId }) as CannedReply[];
}

export function getCanned(db: Db, id: string): CannedReply | undefined {
  return statement(db, `SELECT ${cannedColumns} FROM canned_replies WHERE id = ?`).get(id) as CannedReply | undefined;
}

export function allCanned(db: Db): CannedReply[] {
  return statement(db, `SELECT ${cannedColumns} FROM canned_replies ORDER BY shortcut`).all() as CannedReply[];
}

/** The accounts (imported agents and invitees who have not set a password yet are not). */
export function team(db: Db): TeamMember[] {
  return (
    statement(
      db,
      `SELECT a.id, a.name, a.max_chats AS maxChats,
           coalesce((SELECT status FROM agent_status_changes s WHERE s.agent_id = a.id ORDER BY at DESC LIMIT 1), 'offline') AS status,
           (SELECT count(*) FROM chats c WHERE c.agent_id = a.id AND c.closed_at IS NULL AND c.queued_at IS NULL) AS openChats,
           (SELECT json_group_array(department_id) FROM agent_departments d WHERE d.agent_id = a.id) AS departments
         FROM agents a WHERE a.disabled = 0 AND a.password_hash IS NOT NULL ORDER BY a.name`,
    ).all() as any[]
  ).map((r) => ({ ...r, departments: JSON.parse(r.departments) }));
}

export function departments(db: Db): Department[] {
  return statement(db, 'SELECT id, name FROM departments ORDER BY name').all() as Department[];
}
