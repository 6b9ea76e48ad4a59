import { statement, type Db } from './db.ts';
import { randomBytes } from 'node:crypto';
import { hashToken } from './agents.ts';
import { slaClock } from './replies.ts';
import { newId } from '../../shared/ids.ts';
import type { SystemNotice } from '../../shared/system-notices.ts';
import type {
  AgentStatus,
  Author,
  Channel,
  ChatStatus,
  ChatSummary,
  MessageView,
  Priority,
  VisitorContext,
} from '../../shared/protocol.ts';

/** Repositories of the live chat: visitors, chats, messages, assignments, agent statuses. */

export interface ChatRow {
  id: string;
  visitor_id: string;
  department_id: string | null;
  priority: Priority;
  channel: Channel;
  started_at: number;
  closed_at: number | null;
  closed_by: 'visitor' | 'agent' | 'system' | null;
  agent_id: string | null;
  queued_at: number | null;
}

export function chatStatus(row: ChatRow): ChatStatus {
  if (row.closed_at !== null) return 'closed';
  return row.queued_at !== null ? 'queued' : 'active';
}

// Visitors ------------------------------------------------------------------------------

export function createVisitor(db: Db, now: number): { visitorId: string; token: string } {
  const visitorId = newId('v_');
  const token = randomBytes(32).toString('base64url');
  statement(db, 'INSERT INTO visitors (id, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?)').run(
    visitorId,
    hashToken(token),
    now,
    now,
  );
  return { visitorId, token };
}

export function visitorIdForToken(db: Db, token: string): string | undefined {
  return statement(db, 'SELECT id FROM visitors WHERE token_hash = ?').pluck().get(hashToken(token)) as
    string | undefined;
}

export function updateVisitor(
  db: Db,
  visitorId: string,
  fields: {
    name?: string;
    email?: string;
    locale?: string;
    timeZone?: string;
    userAgent?: string;
    currentUrl?: string;
    externalId?: string;
    verified?: boolean;
  },
  now: number,
): void {
  statement(
    db,
    `UPDATE visitors SET
       name = coalesce(@name, name), email = coalesce(@email, email),
       locale = coalesce(@locale, locale), time_zone = coalesce(@timeZone, time_zone),
       user_agent = coalesce(@userAgent, user_agent), current_url = coalesce(@currentUrl, current_url),
       external_id = coalesce(@externalId, external_id), verified = coalesce(@verified, verified),
       last_seen_at = @now
     WHERE id = @visitorId`,
  ).run({
    visitorId,
    now,
    name: fields.name ?? null,
    email: fields.email ?? null,
    locale: fields.locale ?? null,
    timeZone: fields.timeZone ?? null,
    userAgent: fields.userAgent ?? null,
    currentUrl: fields.currentUrl ?? null,
    externalId: fields.externalId ?? null,
    verified: fields.verified === undefined ? null : fields.verified ? 1 : 0,
  });
}

export function setVisitorAttributes(db: Db, visitorId: string, attributes: Record<string, unknown>): void {
  statement(db, `UPDATE visitors SET attributes = json_patch(coalesce(attributes, '{}'), ?) WHERE id = ?`).run(
    JSON.stringify(attributes),
    visitorId,
  );
}

export function getVisitorContext(db: Db, visitorId: string): VisitorContext {
  const row = statement(db, 'SELECT * FROM visitors WHERE id = ?').get(visitorId) as any;
  return {
    id: visitorId,
    name: row?.name ?? null,
    email: row?.email ?? null,
    verified: !!row?.verified,
    externalId: row?.external_id ?? null,
    attributes: row?.attributes ? JSON.parse(row.attributes) : {},
    locale: row?.locale ?? null,
    timeZone: row?.time_zone ?? null,
    userAgent: row?.user_agent ?? null,
    currentUrl: row?.current_url ?? null,
  };
}

// Chats ---------------------------------------------------------------------------------

export function getChat(db: Db, chatId: string): ChatRow | undefined {
  return statement(db, 'SELECT * FROM chats WHERE id = ?').get(chatId) as ChatRow | undefined;
}

/** The visitor's open chat, else their latest one. */
export function currentChatOfVisitor(db: Db, visitorId: string): ChatRow | undefined {
  return statement(
    db,
    `SELECT * FROM chats WHERE visitor_id = ?
       ORDER BY closed_at IS NULL DESC, started_at DESC, rowid DESC LIMIT 1`,
  ).get(visitorId) as ChatRow | undefined;
}

export function insertChat(
  db: Db,
  c: { visitorId: string; departmentId: string | null; priority: Priority; channel: Channel; at: number },
): ChatRow {
  const id = newId('ch_');
  statement(
    db,
    `INSERT INTO chats (id, visitor_id, department_id, priority, channel, started_at, queued_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, c.visitorId, c.departmentId, c.priority, c.channel, c.at, c.at);
  recordChatEvent(db, id, 'queued', c.at, null);
  return getChat(db, id)!;
}

export function recordChatEvent(
  db: Db,
  chatId: string,
  kind: string,
  at: number,
  agentId: string | null,
  data?: object,
) {
  statement(db, 'INSERT INTO chat_events (chat_id, kind, at, agent_id, data) VALUES (?, ?, ?, ?, ?)').run(
    chatId,
    kind,
    at,
    agentId,
    data ? JSON.stringify(data) : null,
  );
}

/** Assigns the chat to an agent: a pick-up the first time, a transfer after. */
export function assignChat(db: Db, chatId: string, agentId: string, at: number): void {
  const previous = statement(db, 'SELECT count(*) FROM assignments WHERE chat_id = ?').pluck().get(chatId) as number;
  statement(db, 'INSERT INTO assignments (chat_id, agent_id, at) VALUES (?, ?, ?)').run(chatId, agentId, at);
  statement(db, 'UPDATE chats SET agent_id = ?, queued_at = NULL WHERE id = ?').run(agentId, chatId);
  recordChatEvent(db, chatId, previous === 0 ? 'assigned' : 'transferred', at, agentId);
}

/** Puts the chat back in the queue, first in line (its place is its start). */
export function requeueChat(db: Db, chatId: string, at: number, reason: string): void {
  statement(db, 'UPDATE chats SET queued_at = started_at WHERE id = ?').run(chatId);
  recordChatEvent(db, chatId, 'requeued', at, null, { reason });
}

export function closeChatRow(
  db: Db,
  chatId: string,
  at: number,
  by: 'visitor' | 'agent' | 'system',
  agentId: string | null,
) {
  statement(
    db,
    'UPDATE chats SET closed_at = ?, closed_by = ?, queued_at = NULL WHERE id = ? AND closed_at IS NULL',
  ).run(at, by, chatId);
  recordChatEvent(db, chatId, 'closed', at, agentId, { by });
}

export function queuedChats(db: Db): ChatRow[] {
  return statement(
    db,
    'SELECT * FROM chats WHERE closed_at IS NULL AND queued_at IS NOT NULL ORDER BY queued_at, rowid',
  ).all() as ChatRow[];
}

/** How many open chats wait in the queue, by channel (live chats, offline messages). */
export function waitingChatCounts(db: Db): Record<Channel, number> {
  const rows = statement(
    db,
    'SELECT channel, count(*) AS chats FROM chats WHERE closed_at IS NULL AND queued_at IS NOT NULL GROUP BY channel',
  ).all() as Array<{ channel: Channel; chats: number }>;
  const counts: Record<Channel, number> = { widget: 0, offline: 0 };
  for (const row of rows) counts[row.channel] = row.chats;
  return counts;
}

export function openChatsOfAgent(db: Db, agentId: string): ChatRow[] {
  return statement(
    db,
    'SELECT * FROM chats WHERE closed_at IS NULL AND queued_at IS NULL AND agent_id = ? ORDER BY started_at',
  ).all(agentId) as ChatRow[];
}

export function openChatsWithoutReply(db: Db): ChatRow[] {
  return statement(
    db,
    `SELECT c.* FROM chats c WHERE c.closed_at IS NULL AND c.channel = 'widget'
       AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = c.id AND m.author = 'agent')`,
  ).all() as ChatRow[];
}

export function tagsOfChat(db: Db, chatId: string): string[] {
  return statement(db, 'SELECT tag FROM chat_tags WHERE chat_id = ? ORDER BY tag').pluck().all(chatId) as string[];
}

// Messages ------------------------------------------------------------------------------

const messageSelect = `SELECT m.seq, m.chat_seq, m.id, m.chat_id, m.author, m.agent_id, m.at, m.text, m.canned_id, m.notice, a.name AS agent_name
  FROM messages m LEFT JOIN agents a ON a.id = m.agent_id`;

function toMessage(r: any): MessageView {
  return {
    id: r.id,
    chatId: r.chat_id,
    seq: r.seq,
    chatSeq: r.chat_seq,
    author: r.author,
    agentId: r.agent_id,
    authorName: r.author === 'agent' ? r.agent_name : null,
    text: r.text,
    at: r.at,
    cannedId: r.canned_id,
    ...(r.notice ? { notice: JSON.parse(r.notice) as SystemNotice } : {}),
  };
}

export function getMessage(db: Db, id: string): MessageView | undefined {
  const row = statement(db, `${messageSelect} WHERE m.id = ?`).get(id);
  return row ? toMessage(row) : undefined;
}

export interface NewMessage {
  id: string;
  chatId: string;
  author: Author;
  agentId: string | null;
  at: number;
  text: string;
  cannedId?: string | null;
  notice?: SystemNotice;
}

export function insertMessage(db: Db, m: NewMessage): MessageView {
  // The chat's next number comes from the rows, in the insert's own statement: whatever
  // transaction the caller runs, no two messages of a chat can get the same one.
  statement(
    db,
    `INSERT INTO messages (id, chat_id, chat_seq, author, agent_id, at, text, canned_id, notice)
     VALUES (@id, @chatId, (SELECT coalesce(max(chat_seq), 0) + 1 FROM messages WHERE chat_id = @chatId),
             @author, @agentId, @at, @text, @cannedId, @notice)`,
  ).run({
    id: m.id,
    chatId: m.chatId,
    author: m.author,
    agentId: m.agentId,
    at: m.at,
    text: m.text,
    cannedId: m.cannedId ?? null,
    notice: m.notice ? JSON.stringify(m.notice) : null,
  });
  return getMessage(db, m.id)!;
}

export function messagesOfChat(db: Db, chatId: string, afterSeq = 0): MessageView[] {
  return (
    statement(db, `${messageSelect} WHERE m.chat_id = ? AND m.seq > ? ORDER BY m.seq`).all(chatId, afterSeq) as any[]
  ).map(toMessage);
}

function lastMessage(db: Db, chatId: string): MessageView | null {
  const row = statement(db, `${messageSelect} WHERE m.chat_id = ? ORDER BY m.seq DESC LIMIT 1`).get(chatId);
  return row ? toMessage(row) : null;
}

export function chatSummary(db: Db, row: ChatRow): ChatSummary {
  const visitor = statement(db, 'SELECT name, email FROM visitors WHERE id = ?').get(row.visitor_id) as any;
  const status = chatStatus(row);
  const agent =
    status === 'queued' || !row.agent_id
      ? null
      : (statement(db, 'SELECT id, name FROM agents WHERE id = ?').get(row.agent_id) as { id: string; name: string });
  return {
    id: row.id,
    visitorId: row.visitor_id,
    visitorName: visitor?.name ?? null,
    visitorEmail: visitor?.email ?? null,
    status,
    channel: row.channel,
    departmentId: row.department_id,
    priority: row.priority,
    agent,
    startedAt: row.started_at,
    queuedAt: row.queued_at,
    closedAt: row.closed_at,
    lastMessage: lastMessage(db, row.id),
    tags: tagsOfChat(db, row.id),
    sla: slaClock(db, row),
  };
}

// Agent status --------------------------------------------------------------------------

export function currentStatus(db: Db, agentId: string): AgentStatus {
  return (
    (statement(db, 'SELECT status FROM agent_status_changes WHERE agent_id = ? ORDER BY at DESC LIMIT 1')
      .pluck()
      .get(agentId) as AgentStatus | undefined) ?? 'offline'
  );
}

export function recordStatus(db: Db, agentId: string, status: AgentStatus, at: number): void {
  // Two changes within one millisecond: the later one is what the agent meant.
  statement(
    db,
    `INSERT INTO agent_status_changes (id, agent_id, status, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (agent_id, at) DO UPDATE SET status = excluded.status`,
  ).run(newId('st_'), agentId, status, at);
}

export interface RoutingCandidate {
  id: string;
  maxChats: number;
  openChats: number;
  /** Since when the agent has had no new chat (their last assignment or going online). */
  idleSince: number;
}

/** Online, enabled agents who may take chats of `departmentId` (any agent when none is set). */
export function routingCandidates(db: Db, departmentId: string | null): RoutingCandidate[] {
  return statement(
    db,
    `WITH latest AS (
         SELECT agent_id, status, max(at) AS at FROM agent_status_changes GROUP BY agent_id
       )
       SELECT a.id, a.max_chats AS maxChats,
         (SELECT count(*) FROM chats c WHERE c.agent_id = a.id AND c.closed_at IS NULL AND c.queued_at IS NULL) AS openChats,
         max(latest.at, coalesce((SELECT max(at) FROM assignments s WHERE s.agent_id = a.id), 0)) AS idleSince
       FROM agents a JOIN latest ON latest.agent_id = a.id
       WHERE a.disabled = 0 AND latest.status = 'online'
         AND (@departmentId IS NULL
              OR NOT EXISTS (SELECT 1 FROM agent_departments d WHERE d.department_id = @departmentId)
              OR EXISTS (SELECT 1 FROM agent_departments d WHERE d.department_id = @departmentId AND d.agent_id = a.id))`,
  ).all({ departmentId }) as RoutingCandidate[];
}

export function departmentExists(db: Db, id: string): boolean {
  return !!statement(db, 'SELECT 1 FROM departments WHERE id = ?').get(id);
}
