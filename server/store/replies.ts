import type { Sql } from './sql.ts';
import type { ChatRow } from './chats.ts';
import type { SlaClock } from '../../shared/protocol.ts';
import { slaPolicyFor } from '../../shared/replies.ts';

/** A chat's first reply and SLA clock, by the rules of shared/replies.ts. */

/**
 * When the chat's first reply came (`shared/replies.ts`, here in SQL: the agent message after
 * the first visitor message, in order of `at` then `seq`); null before one. The unit test
 * checks it against `firstReplyAt` of shared/replies.ts on random chats.
 */
export async function firstReplyAtOf(db: Sql, chatId: string): Promise<number | null> {
  const at = (await db.value(`SELECT a.at FROM messages a, (
       SELECT at, seq FROM messages WHERE chat_id = @chatId AND author = 'visitor' ORDER BY at, seq LIMIT 1) v
     WHERE a.chat_id = @chatId AND a.author = 'agent' AND (a.at > v.at OR (a.at = v.at AND a.seq > v.seq))
     ORDER BY a.at, a.seq LIMIT 1`, { chatId })) as number | undefined;
  return at ?? null;
}

export async function chatHasReply(db: Sql, chatId: string): Promise<boolean> {
  return await firstReplyAtOf(db, chatId) !== null;
}

export async function slaClock(db: Sql, chat: ChatRow): Promise<SlaClock | null> {
  const policy = slaPolicyFor(await slaPolicies(db), chat.department_id, chat.priority);
  if (!policy) return null;
  const due = (sec: number | null) => (sec === null ? null : chat.started_at + Math.round(sec * 1000));
  return {
    firstResponseDueAt: due(policy.firstResponseSec),
    resolutionDueAt: due(policy.resolutionSec),
    firstResponseAt: await firstReplyAtOf(db, chat.id),
  };
}

export interface SlaPolicyRow {
  departmentId: string | null;
  priority: string;
  firstResponseSec: number | null;
  resolutionSec: number | null;
}

export async function slaPolicies(db: Sql): Promise<SlaPolicyRow[]> {
  // Quoted aliases: Postgres folds unquoted ones to lower case.
  return (await db.all(`SELECT department_id AS "departmentId", priority, first_response_sec AS "firstResponseSec",
            resolution_sec AS "resolutionSec" FROM sla_policies`)) as SlaPolicyRow[];
}

