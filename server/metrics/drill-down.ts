import type { Sql } from '../store/sql.ts';
import { listedChats } from '../store/chat-listing.ts';
import { Names } from './blocks.ts';
import { usedCanned } from './canned.ts';
import type { ChatBlock } from './chat-blocks.ts';
import { isMissed, isOpen, isTransferred } from './chat-volume.ts';
import { scopedBlocks, type ChatJudge, type ChatScopeQuery } from './chat-scope.ts';
import { converted } from './conversion.ts';
import { firstContactResolved } from './fcr.ts';
import { refreshChatFacts } from './facts.ts';
import { formatHistoryTime } from './history-records.ts';
import { reviewsInScope } from './iqs.ts';
import { ScopeFilter } from './scope.ts';
import { ahtSec, frtSec, resolutionSec, waitSec } from './response-times.ts';
import { frtOutcome, resolutionOutcome, SlaOutcome } from './sla.ts';

/**
 * GET /api/metrics/chats (METRICS.md §3): the chats behind a figure, with their values. Each
 * key's rule is the function the figure itself counts with, so the two cannot drift. `iqs` is
 * the one key of reviews rather than chats: a row per review, by the reviews the figure reads.
 */

/** A chat's value under a key: undefined when the chat is not one of the figure's chats. */
type ChatValue = (b: ChatBlock, i: number, judge: ChatJudge) => number | boolean | null | undefined;

const duration = (seconds: (b: ChatBlock, i: number) => number): ChatValue => (b, i) => {
  const s = seconds(b, i);
  return Number.isNaN(s) ? undefined : s;
};
const counted = (isCounted: (b: ChatBlock, i: number, judge: ChatJudge) => boolean): ChatValue => (b, i, judge) =>
  isCounted(b, i, judge) ? null : undefined;
const sla = (outcome: typeof frtOutcome, wanted: SlaOutcome): ChatValue =>
  counted((b, i, judge) => {
    const targets = judge.policies.of(b.department[i]!, b.priority[i]!);
    return targets !== null && outcome(targets, b, i, judge.openEnd) === wanted;
  });

const CHAT_VALUES = {
  'chats.total': counted(() => true),
  'chats.missed': counted(isMissed),
  'chats.open': counted(isOpen),
  'chats.transferred': counted(isTransferred),
  wait: duration(waitSec),
  frt: duration(frtSec),
  resolution: duration(resolutionSec),
  aht: duration(ahtSec),
  'sla.frt.met': sla(frtOutcome, SlaOutcome.Met),
  'sla.frt.breached': sla(frtOutcome, SlaOutcome.Breached),
  'sla.resolution.met': sla(resolutionOutcome, SlaOutcome.Met),
  'sla.resolution.breached': sla(resolutionOutcome, SlaOutcome.Breached),
  fcr: (b, i, judge) => firstContactResolved(b, i, judge.fcrWindowMs) ?? undefined,
  conversion: counted(converted),
  canned: counted(usedCanned),
} satisfies Record<string, ChatValue>;

/** The keys of GET /api/metrics/chats. */
export type ChatKey = keyof typeof CHAT_VALUES | 'iqs';
export const CHAT_KEYS = [...Object.keys(CHAT_VALUES), 'iqs'] as ChatKey[];

export interface ChatBehind {
  chatId: string;
  visitorId: string;
  agentId: string | null;
  startedAt: string;
  value: number | boolean | null;
}

export interface ChatsBehind {
  key: ChatKey;
  total: number;
  chats: ChatBehind[];
}

/** The chats behind `key` in scope: `total` of them, and those from `offset`, at most `limit`. */
export async function chatsBehind(
  db: Sql,
  key: ChatKey,
  q: ChatScopeQuery,
  page: { limit: number; offset: number },
): Promise<ChatsBehind> {
  if (key === 'iqs') return reviewsBehind(db, q, page);
  const value = CHAT_VALUES[key] as ChatValue;
  const end = page.offset + page.limit;
  let total = 0;
  const chats: ChatBehind[] = [];
  const blocks = scopedBlocks(db, q, {
    select: (b, i, judge) => value(b, i, judge) !== undefined,
    read: listedChats,
    wants: (rows) => total < end && total + rows > page.offset,
  });
  for await (const { b, rows, listed, names, judge } of blocks) {
    if (listed) {
      rows.forEach((i, k) => {
        if (total + k < page.offset || total + k >= end) return;
        const agent = b.agent[i]!;
        chats.push({
          chatId: listed[i]!.chat_id,
          visitorId: listed[i]!.visitor_id,
          agentId: agent >= 0 ? names.name(agent) : null,
          startedAt: formatHistoryTime(b.startedAt[i]!),
          value: value(b, i, judge)!,
        });
      });
    }
    total += rows.length;
  }
  return { key, total, chats };
}

/**
 * `iqs`: a row per review in scope (a chat reviewed twice is listed twice), in order of the
 * reviews' `at`, then review id, with the review's score as the value.
 */
async function reviewsBehind(db: Sql, q: ChatScopeQuery, page: { limit: number; offset: number }): Promise<ChatsBehind> {
  await refreshChatFacts(db);
  const names = new Names();
  const reviews = await reviewsInScope(db, q.from, q.to, new ScopeFilter(q.filters, names), names);
  return {
    key: 'iqs',
    total: reviews.length,
    chats: reviews.slice(page.offset, page.offset + page.limit).map(({ review: r }) => ({
      chatId: r.chat_id,
      visitorId: r.visitor_id,
      agentId: r.agent_id,
      startedAt: formatHistoryTime(r.started_at),
      value: r.score,
    })),
  };
}
