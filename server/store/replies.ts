import { statement, type Db } from './db.ts';
import type { ChatRow } from './chats.ts';
import type { SlaClock } from '../../shared/protocol.ts';
import { slaPolicyFor } from '../../shared/replies.ts';

/** A chat's first reply and SLA clock, by the rules of shared/replies.ts. */

/**
 * When the chat's first reply came (`shared/replies.ts`, here in SQL: the agent message after
 * the first visitor message, in order of `at` then `seq`); null before one. The unit test
 * checks it against `firstReplyAt` of shared/replies.ts on random chats.
 */
export function firstReplyAtOf(db: Db, chatId: string): number | null {
  const at = statement(
    db,
    `SELECT a.at FROM messages a, (
       SELECT at, seq FROM messages WHERE chat_id = @chatId AND author = 'visitor' ORDER BY at, seq LIMIT 1) v
     WHERE a.chat_id = @chatId AND a.author = 'agent' AND (a.at > v.at OR (a.at = v.at AND a.seq > v.seq))
     ORDER BY a.at, a.seq LIMIT 1`,
  )
    .pluck()
    .get({ chatId }) as number | undefined;
  return at ?? null;
}

export function chatHasReply(db: Db, chatId: string): boolean {
  return firstReplyAtOf(db, chatId) !== null;
}

export function slaClock(db: Db, chat: ChatRow): SlaClock | null {
  const policy = slaPolicyFor(slaPolicies(db), chat.department_id, chat.priority);
  if (!policy) return null;
  const due = (sec: number | null) => (sec === null ? null : chat.started_at + Math.round(sec * 1000));
  return {
    firstResponseDueAt: due(policy.firstResponseSec),
    resolutionDueAt: due(policy.resolutionSec),
    firstResponseAt: firstReplyAtOf(db, chat.id),
  };
}

export interface SlaPolicyRow {
  departmentId: string | null;
  priority: string;
  firstResponseSec: number | null;
  resolutionSec: number | null;
}

export function slaPolicies(db: Db): SlaPolicyRow[] {
  return statement(
    db,
    `SELECT department_id AS departmentId, priority, first_response_sec AS firstResponseSec,
            resolution_sec AS resolutionSec FROM sla_policies`,
  ).all() as SlaPolicyRow[];
}

