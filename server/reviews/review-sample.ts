import { createHash } from 'node:crypto';
import type { ReviewCandidate } from '../store/reviews.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** The start (Monday 00:00 UTC) of the ISO week holding `at`. */
export function isoWeekStart(at: number): number {
  const d = new Date(at);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return midnight - ((d.getUTCDay() + 6) % 7) * DAY_MS;
}

/** `2026-W49`: the ISO week-numbering year is the year of the week's Thursday. */
export function isoWeekLabel(weekStart: number): string {
  const thursday = new Date(weekStart + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The weeks the to-review list samples: the one before (to finish it) and the current one. */
export function sampledWeeks(now: number): { from: number; to: number; weeks: number[] } {
  const current = isoWeekStart(now);
  return { from: current - WEEK_MS, to: current + WEEK_MS, weeks: [current - WEEK_MS, current] };
}

/** The rank of a chat in every sample: the same on every node and every reload. */
const sampleRank = (chatId: string) => createHash('sha256').update(chatId).digest('hex');

/**
 * Each agent's sample of a week: their closed chats with the smallest ranks, `perAgentWeek` of
 * them. What the reviewer has already reviewed of that agent's week counts towards it and is
 * not listed again, so a chat closed later that outranks a reviewed one does not ask for more
 * reviews than the setting says. The reviewer's own chats are not theirs to review.
 */
export function chatsToReview(
  candidates: readonly ReviewCandidate[],
  perAgentWeek: number,
  reviewerId: string,
  reviewed: ReadonlySet<string>,
): (ReviewCandidate & { weekStart: number })[] {
  const groups = new Map<string, (ReviewCandidate & { weekStart: number; rank: string })[]>();
  for (const c of candidates) {
    if (c.agentId === reviewerId) continue;
    const weekStart = isoWeekStart(c.startedAt);
    const key = `${c.agentId}\u0000${weekStart}`;
    const group = groups.get(key) ?? [];
    group.push({ ...c, weekStart, rank: sampleRank(c.chatId) });
    groups.set(key, group);
  }
  const picked: (ReviewCandidate & { weekStart: number })[] = [];
  for (const group of groups.values()) {
    const left = perAgentWeek - group.filter((c) => reviewed.has(c.chatId)).length;
    if (left <= 0) continue;
    const unreviewed = group.filter((c) => !reviewed.has(c.chatId)).sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
    for (const { rank: _rank, ...c } of unreviewed.slice(0, left)) picked.push(c);
  }
  return picked.sort((a, b) => a.agentName.localeCompare(b.agentName) || a.agentId.localeCompare(b.agentId) || a.startedAt - b.startedAt);
}
