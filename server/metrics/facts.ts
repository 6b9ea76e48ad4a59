import type { Sql } from '../store/sql.ts';
import { BlockKind, HOUR_MS, staleBlockSql } from './blocks.ts';
import { isReply } from '../../shared/replies.ts';

/**
 * Per-chat facts (table chat_facts): what one chat's own rows say, computed once so that a
 * metric query reads one row per chat instead of its messages. The definitions are those of
 * METRICS.md §2; the metric modules turn these facts into figures.
 */

export type Author = 'visitor' | 'agent' | 'system';

export interface FactsMessage {
  author: Author;
  at: number;
  cannedId: string | null;
}

export interface FactsInput {
  startedAt: number;
  /** In time order (ties: record order), as assignments are stored. */
  assignments: { agentId: string; at: number }[];
  /** In order of `at`, ties in the order they stand in the record (METRICS.md §2). */
  messages: readonly FactsMessage[];
  tags: string[];
}

export interface ChatFacts {
  /** The chat's agent: the last assignment. */
  agentId: string | null;
  firstAssignedAt: number | null;
  assignmentCount: number;
  /** A reply is an agent message after the chat's first visitor message. */
  firstReplyAt: number | null;
  replyCount: number;
  cannedReplyCount: number;
  /** cannedId → replies that used it. */
  canned: Record<string, number>;
  /** Visitor + agent messages, greetings included. */
  messageCount: number;
  /** Response intervals (ms): a visitor message opens one when none is open, the next reply closes it. */
  intervals: number[];
  tags: string[];
  assignments: [agentId: string, at: number][];
}

export function computeChatFacts(chat: FactsInput): ChatFacts {
  let firstReplyAt: number | null = null;
  let replyCount = 0;
  let cannedReplyCount = 0;
  let messageCount = 0;
  const canned: Record<string, number> = {};
  const intervals: number[] = [];
  let visitorSpoke = false;
  let openedAt: number | null = null;
  for (const m of chat.messages) {
    if (m.author === 'system') continue;
    messageCount++;
    if (m.author === 'visitor') {
      visitorSpoke = true;
      if (openedAt === null) openedAt = m.at;
      continue;
    }
    // Agent messages before the visitor's first message are greetings, not replies.
    if (!isReply(m.author, visitorSpoke)) continue;
    replyCount++;
    if (firstReplyAt === null) firstReplyAt = m.at;
    if (m.cannedId !== null) {
      cannedReplyCount++;
      canned[m.cannedId] = (canned[m.cannedId] ?? 0) + 1;
    }
    if (openedAt !== null) {
      intervals.push(m.at - openedAt);
      openedAt = null;
    }
  }
  const first = chat.assignments[0];
  const last = chat.assignments[chat.assignments.length - 1];
  return {
    agentId: last ? last.agentId : null,
    firstAssignedAt: first ? first.at : null,
    assignmentCount: chat.assignments.length,
    firstReplyAt,
    replyCount,
    cannedReplyCount,
    canned,
    messageCount,
    intervals,
    tags: [...chat.tags].sort(),
    assignments: chat.assignments.map((a) => [a.agentId, a.at]),
  };
}

/** Orders a record's messages by `at`, keeping the record's order for ties. */
export function inTimeOrder<T extends { at: number }>(messages: readonly T[]): readonly T[] {
  let sorted = true;
  for (let i = 1; i < messages.length && sorted; i++) sorted = messages[i - 1]!.at <= messages[i]!.at;
  if (sorted) return messages;
  return messages
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.at - b.m.at || a.i - b.i)
    .map((x) => x.m);
}

export interface ChatRowForFacts {
  id: string;
  visitor_id: string;
  department_id: string | null;
  channel: string;
  priority: string;
  started_at: number;
  closed_at: number | null;
}

/** The hour block a chat's facts are packed in. */
export const hourOf = (startedAt: number) => Math.floor(startedAt / HOUR_MS);

export function factsRow(chat: ChatRowForFacts, f: ChatFacts): unknown[] {
  return [
    chat.id,
    chat.started_at,
    chat.closed_at,
    chat.visitor_id,
    chat.department_id,
    chat.channel,
    chat.priority,
    f.agentId,
    f.firstAssignedAt,
    f.assignmentCount,
    f.firstReplyAt,
    f.replyCount,
    f.cannedReplyCount,
    f.messageCount,
    JSON.stringify(f.tags),
    JSON.stringify(f.canned),
    JSON.stringify(f.intervals),
    JSON.stringify(f.assignments),
  ];
}

export const upsertFactsSql = `INSERT INTO chat_facts (chat_id, started_at, closed_at, visitor_id, department_id,
  channel, priority, agent_id, first_assigned_at, assignment_count, first_reply_at, reply_count,
  canned_reply_count, message_count, tags, canned, intervals, assignments)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (chat_id) DO UPDATE SET started_at = excluded.started_at, closed_at = excluded.closed_at,
  visitor_id = excluded.visitor_id, department_id = excluded.department_id, channel = excluded.channel,
  priority = excluded.priority, agent_id = excluded.agent_id, first_assigned_at = excluded.first_assigned_at,
  assignment_count = excluded.assignment_count, first_reply_at = excluded.first_reply_at,
  reply_count = excluded.reply_count, canned_reply_count = excluded.canned_reply_count,
  message_count = excluded.message_count, tags = excluded.tags, canned = excluded.canned,
  intervals = excluded.intervals, assignments = excluded.assignments`;


// The chat's surveys are packed with its agent, department, channel, priority and tags.
const staleSurveysSql = `UPDATE metric_hour_blocks SET data = NULL WHERE
     (kind = ${BlockKind.SurveysSent} AND hour IN (SELECT sent_at / ${HOUR_MS} FROM surveys WHERE chat_id = @id))
  OR (kind = ${BlockKind.SurveysAnswered} AND hour IN (SELECT answered_at / ${HOUR_MS} FROM surveys WHERE chat_id = @id))`;

/**
 * Recomputes one chat's facts from its rows (chats, assignments, messages, chat_tags) and
 * marks its hour blocks (its own, its surveys') stale. Touches only that chat's rows. Safe inside the caller's write
 * transaction; the triggers of migration 010 already queue every changed chat, so calling it
 * is only a way to do the work at write time instead of at the next metrics query.
 */
export async function recomputeChatFacts(db: Sql, chatId: string): Promise<void> {
  const oldStart = await db.value<number>('SELECT started_at FROM chat_facts WHERE chat_id = ?', [chatId]);
  if (oldStart !== undefined) await db.run(staleBlockSql, [BlockKind.Chats, hourOf(oldStart)]);
  const chat = await db.get<ChatRowForFacts>(
    'SELECT id, visitor_id, department_id, channel, priority, started_at, closed_at FROM chats WHERE id = ?',
    [chatId],
  );
  if (chat) {
    const facts = computeChatFacts({
      startedAt: chat.started_at,
      assignments: await db.all<{ agentId: string; at: number }>(
        'SELECT agent_id AS "agentId", at FROM assignments WHERE chat_id = ? ORDER BY at, seq',
        [chatId],
      ),
      messages: await db.all<FactsMessage>(
        'SELECT author, at, canned_id AS "cannedId" FROM messages WHERE chat_id = ? ORDER BY at, seq',
        [chatId],
      ),
      tags: await db.column<string>('SELECT tag FROM chat_tags WHERE chat_id = ?', [chatId]),
    });
    await db.run(upsertFactsSql, factsRow(chat, facts));
    await db.run(staleBlockSql, [BlockKind.Chats, hourOf(chat.started_at)]);
  } else {
    await db.run('DELETE FROM chat_facts WHERE chat_id = ?', [chatId]);
  }
  await db.run(staleSurveysSql, { id: chatId });
  await db.run('DELETE FROM metric_dirty_chats WHERE chat_id = ?', [chatId]);
}

/** Brings every changed chat's facts up to date (run before answering a metrics query). */
export async function refreshChatFacts(db: Sql): Promise<number> {
  const dirty = await db.column<string>('SELECT chat_id FROM metric_dirty_chats');
  if (dirty.length === 0) return 0;
  await db.transaction(async (tx) => {
    for (const id of dirty) await recomputeChatFacts(tx, id);
  });
  return dirty.length;
}
