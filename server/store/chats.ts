import type { Sql } from './sql.ts';
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

export async function createVisitor(db: Sql, now: number): Promise<{ visitorId: string; token: string }> {
  const visitorId = newId('v_');
  const token = randomBytes(32).toString('base64url');
  await db.run('INSERT INTO visitors (id, token_hash, created_at, last_seen_at) VALUES (?, ?, ?, ?)', [visitorId, hashToken(token), now, now]);
  return { visitorId, token };
}

export async function visitorIdForToken(db: Sql, token: string): Promise<string | undefined> {
  return (await db.value('SELECT id FROM visitors WHERE token_hash = ?', [hashToken(token)])) as
    string | undefined;
}

export async function updateVisitor(
  db: Sql,
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
): Promise<void> {
  await db.run(`UPDATE visitors SET
       name = coalesce(@name, name), email = coalesce(@email, email),
       locale = coalesce(@locale, locale), time_zone = coalesce(@timeZone, time_zone),
       user_agent = coalesce(@userAgent, user_agent), current_url = coalesce(@currentUrl, current_url),
       external_id = coalesce(@externalId, external_id),
       -- A name or email that changes without a signature is the visitor's own claim again.
       verified = CASE
         WHEN CAST(@verified AS INTEGER) IS NOT NULL THEN CAST(@verified AS INTEGER)
         WHEN (CAST(@name AS TEXT) IS NOT NULL AND CAST(@name AS TEXT) IS DISTINCT FROM name)
           OR (CAST(@email AS TEXT) IS NOT NULL AND CAST(@email AS TEXT) IS DISTINCT FROM email) THEN 0
         ELSE verified END,
       last_seen_at = @now
     WHERE id = @visitorId`, {
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

/** Merges `attributes` into the visitor's (JSON merge patch, RFC 7396: a null removes a key). */
/**
 * Merges `attributes` into the visitor's; refuses (AttributesTooLarge, nothing written) when
 * the merged set would pass `cap`: attributes merge, so a cap on one call caps nothing.
 */
export async function setVisitorAttributes(
  db: Sql,
  visitorId: string,
  attributes: Record<string, unknown>,
  cap: { maxCount: number; maxBytes: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.lock(`visitor:${visitorId}`);
    const stored = await tx.value<string | null>('SELECT attributes FROM visitors WHERE id = ?', [visitorId]);
    const merged = mergePatch(stored ? JSON.parse(stored) : {}, attributes) as Record<string, unknown>;
    const count = Object.keys(merged).length;
    const bytes = Buffer.byteLength(JSON.stringify(merged));
    if (count > cap.maxCount) throw new AttributesTooLarge(`at most ${cap.maxCount} attributes per visitor (this would make ${count})`);
    if (bytes > cap.maxBytes) throw new AttributesTooLarge(`at most ${cap.maxBytes} bytes of attributes per visitor (this would make ${bytes})`);
    await tx.run('UPDATE visitors SET attributes = ? WHERE id = ?', [JSON.stringify(merged), visitorId]);
  });
}

export class AttributesTooLarge extends Error {}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

export async function getVisitorContext(db: Sql, visitorId: string): Promise<VisitorContext> {
  const row = (await db.get('SELECT * FROM visitors WHERE id = ?', [visitorId])) as any;
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

export async function getChat(db: Sql, chatId: string): Promise<ChatRow | undefined> {
  return (await db.get('SELECT * FROM chats WHERE id = ?', [chatId])) as ChatRow | undefined;
}

/** The visitor's open chat, else their latest one. */
export async function currentChatOfVisitor(db: Sql, visitorId: string): Promise<ChatRow | undefined> {
  return (await db.get(`SELECT * FROM chats WHERE visitor_id = ?
       ORDER BY closed_at IS NULL DESC, started_at DESC, rowid DESC LIMIT 1`, [visitorId])) as ChatRow | undefined;
}

export async function insertChat(
  db: Sql,
  c: { visitorId: string; departmentId: string | null; priority: Priority; channel: Channel; at: number },
): Promise<ChatRow> {
  const id = newId('ch_');
  await db.run(`INSERT INTO chats (id, visitor_id, department_id, priority, channel, started_at, queued_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`, [id, c.visitorId, c.departmentId, c.priority, c.channel, c.at, c.at]);
  await recordChatEvent(db, id, 'queued', c.at, null);
  return (await getChat(db, id))!;
}

export async function recordChatEvent(
  db: Sql,
  chatId: string,
  kind: string,
  at: number,
  agentId: string | null,
  data?: object,
) {
  await db.run('INSERT INTO chat_events (chat_id, kind, at, agent_id, data) VALUES (?, ?, ?, ?, ?)', [chatId, kind, at, agentId, data ? JSON.stringify(data) : null]);
}

/** Assigns the chat to an agent: a pick-up the first time, a transfer after. */
export async function assignChat(db: Sql, chatId: string, agentId: string, at: number): Promise<void> {
  const previous = (await db.value('SELECT count(*) FROM assignments WHERE chat_id = ?', [chatId])) as number;
  await db.run('INSERT INTO assignments (chat_id, agent_id, at) VALUES (?, ?, ?)', [chatId, agentId, at]);
  await db.run('UPDATE chats SET agent_id = ?, queued_at = NULL WHERE id = ?', [agentId, chatId]);
  await recordChatEvent(db, chatId, previous === 0 ? 'assigned' : 'transferred', at, agentId);
}

/** Puts the chat back in the queue, first in line (its place is its start). */
export async function requeueChat(db: Sql, chatId: string, at: number, reason: string): Promise<void> {
  await db.run('UPDATE chats SET queued_at = started_at WHERE id = ?', [chatId]);
  await recordChatEvent(db, chatId, 'requeued', at, null, { reason });
}

export async function closeChatRow(
  db: Sql,
  chatId: string,
  at: number,
  by: 'visitor' | 'agent' | 'system',
  agentId: string | null,
) {
  await db.run('UPDATE chats SET closed_at = ?, closed_by = ?, queued_at = NULL WHERE id = ? AND closed_at IS NULL', [at, by, chatId]);
  await recordChatEvent(db, chatId, 'closed', at, agentId, { by });
}

/**
 * The SQL form of `maySee` (server/chat/access.ts) over chats `c`, for lists: `@viewerId` is
 * `chatViewer(agent)`, null for one who sees every chat.
 */
export const visibleToViewer = `(CAST(@viewerId AS TEXT) IS NULL OR c.department_id IS NULL
  OR EXISTS (SELECT 1 FROM agent_departments d WHERE d.agent_id = @viewerId AND d.department_id = c.department_id)
  OR EXISTS (SELECT 1 FROM assignments s WHERE s.chat_id = c.id AND s.agent_id = @viewerId))`;

/** The waiting chats, in line; those `viewerId` may see when given (see visibleToViewer). */
export async function queuedChats(db: Sql, viewerId: string | null = null): Promise<ChatRow[]> {
  return (await db.all(`SELECT * FROM chats c WHERE c.closed_at IS NULL AND c.queued_at IS NOT NULL AND ${visibleToViewer}
       ORDER BY c.queued_at, c.rowid`, { viewerId })) as ChatRow[];
}

export async function wasAssigned(db: Sql, chatId: string, agentId: string): Promise<boolean> {
  return (await db.value('SELECT 1 FROM assignments WHERE chat_id = ? AND agent_id = ? LIMIT 1', [chatId, agentId])) !== undefined;
}

/** Every agent the chat was ever assigned to. */
export async function assignedAgentIds(db: Sql, chatId: string): Promise<string[]> {
  return (await db.column('SELECT DISTINCT agent_id FROM assignments WHERE chat_id = ? ORDER BY agent_id', [chatId])) as string[];
}

/** How many open chats wait in the queue, by channel (live chats, offline messages). */
export async function waitingChatCounts(db: Sql): Promise<Record<Channel, number>> {
  const rows = (await db.all('SELECT channel, count(*) AS chats FROM chats WHERE closed_at IS NULL AND queued_at IS NOT NULL GROUP BY channel')) as Array<{ channel: Channel; chats: number }>;
  const counts: Record<Channel, number> = { widget: 0, offline: 0 };
  for (const row of rows) counts[row.channel] = row.chats;
  return counts;
}

export async function openChatsOfAgent(db: Sql, agentId: string): Promise<ChatRow[]> {
  return (await db.all('SELECT * FROM chats WHERE closed_at IS NULL AND queued_at IS NULL AND agent_id = ? ORDER BY started_at', [agentId])) as ChatRow[];
}

export async function openChatsWithoutReply(db: Sql): Promise<ChatRow[]> {
  return (await db.all(`SELECT c.* FROM chats c WHERE c.closed_at IS NULL AND c.channel = 'widget'
       AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = c.id AND m.author = 'agent')`)) as ChatRow[];
}

export async function tagsOfChat(db: Sql, chatId: string): Promise<string[]> {
  return (await db.column('SELECT tag FROM chat_tags WHERE chat_id = ? ORDER BY tag', [chatId])) as string[];
}

// Messages ------------------------------------------------------------------------------

const messageSelect = `SELECT m.seq, m.chat_seq, m.id, m.chat_id, m.author, m.agent_id, m.at, m.text, m.canned_id, m.notice, m.removed, a.name AS agent_name
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
    ...(r.removed ? { removed: r.removed } : {}),
  };
}

export async function getMessage(db: Sql, id: string): Promise<MessageView | undefined> {
  const row = await db.get(`${messageSelect} WHERE m.id = ?`, [id]);
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

export async function insertMessage(db: Sql, m: NewMessage): Promise<MessageView> {
  // The chat's next number comes from the rows, in the insert's own statement, and the unique
  // (chat_id, chat_seq) forbids two alike. On Postgres two writers of one chat at once (the
  // visitor and the agent, on any nodes) would both read the same max and the second would fail:
  // the chat's lock makes it wait for the first's commit instead. (SQLite has one writer.)
  return db.transaction(async (tx) => {
    await tx.lock(`chat:${m.chatId}`);
    await tx.run(`INSERT INTO messages (id, chat_id, chat_seq, author, agent_id, at, text, canned_id, notice)
       VALUES (@id, @chatId, (SELECT coalesce(max(chat_seq), 0) + 1 FROM messages WHERE chat_id = @chatId),
               @author, @agentId, @at, @text, @cannedId, @notice)`, {
      id: m.id,
      chatId: m.chatId,
      author: m.author,
      agentId: m.agentId,
      at: m.at,
      text: m.text,
      cannedId: m.cannedId ?? null,
      notice: m.notice ? JSON.stringify(m.notice) : null,
    });
    return (await getMessage(tx, m.id))!;
  });
}

export async function messagesOfChat(db: Sql, chatId: string, afterSeq = 0): Promise<MessageView[]> {
  return (
    (await db.all(`${messageSelect} WHERE m.chat_id = ? AND m.seq > ? ORDER BY m.seq`, [chatId, afterSeq])) as any[]
  ).map(toMessage);
}

async function lastMessage(db: Sql, chatId: string): Promise<MessageView | null> {
  const row = await db.get(`${messageSelect} WHERE m.chat_id = ? ORDER BY m.seq DESC LIMIT 1`, [chatId]);
  return row ? toMessage(row) : null;
}

export async function chatSummary(db: Sql, row: ChatRow): Promise<ChatSummary> {
  const visitor = (await db.get('SELECT name, email FROM visitors WHERE id = ?', [row.visitor_id])) as any;
  const status = chatStatus(row);
  const agent =
    status === 'queued' || !row.agent_id
      ? null
      : ((await db.get('SELECT id, name FROM agents WHERE id = ?', [row.agent_id])) as { id: string; name: string });
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
    lastMessage: await lastMessage(db, row.id),
    tags: await tagsOfChat(db, row.id),
    sla: await slaClock(db, row),
  };
}

// Agent status --------------------------------------------------------------------------

export async function currentStatus(db: Sql, agentId: string): Promise<AgentStatus> {
  return (
    ((await db.value('SELECT status FROM agent_status_changes WHERE agent_id = ? ORDER BY at DESC LIMIT 1', [agentId])) as AgentStatus | undefined) ?? 'offline'
  );
}

export async function recordStatus(db: Sql, agentId: string, status: AgentStatus, at: number): Promise<void> {
  // Two changes within one millisecond: the later one is what the agent meant.
  (await db.run(`INSERT INTO agent_status_changes (id, agent_id, status, at) VALUES (?, ?, ?, ?)
     ON CONFLICT (agent_id, at) DO UPDATE SET status = excluded.status`, [newId('st_'), agentId, status, at]));
}

export interface RoutingCandidate {
  id: string;
  maxChats: number;
  openChats: number;
  /** Since when the agent has had no new chat (their last assignment or going online). */
  idleSince: number;
}

/** Online, enabled agents who may take chats of `departmentId` (any agent when none is set). */
export async function routingCandidates(db: Sql, departmentId: string | null): Promise<RoutingCandidate[]> {
  return (await db.all(`WITH latest AS (
         SELECT s.agent_id, s.status, s.at FROM agent_status_changes s
         WHERE s.at = (SELECT max(t.at) FROM agent_status_changes t WHERE t.agent_id = s.agent_id)
       )
       SELECT a.id, a.max_chats AS "maxChats",
         (SELECT count(*) FROM chats c WHERE c.agent_id = a.id AND c.closed_at IS NULL AND c.queued_at IS NULL) AS "openChats",
         (SELECT max(at) FROM (SELECT latest.at UNION ALL SELECT max(at) FROM assignments s WHERE s.agent_id = a.id) times) AS "idleSince"
       FROM agents a JOIN latest ON latest.agent_id = a.id
       WHERE a.disabled = 0 AND latest.status = 'online'
         AND (CAST(@departmentId AS TEXT) IS NULL
              OR NOT EXISTS (SELECT 1 FROM agent_departments d WHERE d.department_id = @departmentId)
              OR EXISTS (SELECT 1 FROM agent_departments d WHERE d.department_id = @departmentId AND d.agent_id = a.id))`, { departmentId })) as RoutingCandidate[];
}

/** The chat now belongs to this department (a transfer; the caller requeues it). */
export async function setChatDepartment(db: Sql, chatId: string, departmentId: string): Promise<void> {
  await db.run('UPDATE chats SET department_id = ? WHERE id = ?', [departmentId, chatId]);
}

export async function setChatPriority(db: Sql, chatId: string, priority: Priority): Promise<void> {
  await db.run('UPDATE chats SET priority = ? WHERE id = ?', [priority, chatId]);
}
