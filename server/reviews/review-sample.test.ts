import { describe, expect, it } from 'vitest';
import type { ReviewCandidate } from '../store/reviews.ts';
import { chatsToReview, isoWeekLabel, isoWeekStart, sampledWeeks } from './review-sample.ts';

const MONDAY = Date.parse('2026-11-30T00:00:00Z');
const chat = (chatId: string, agentId: string, startedAt: number): ReviewCandidate => ({
  chatId, agentId, agentName: agentId, visitorId: `v-${chatId}`, visitorName: null, startedAt, closedAt: startedAt + 60_000, csat: null,
});
const ids = (cs: { chatId: string }[]) => cs.map((c) => c.chatId).sort();

describe('ISO weeks', () => {
  it('start on Monday 00:00 UTC and are named as ISO 8601 does, across a year end', () => {
    expect(isoWeekStart(Date.parse('2026-12-06T23:59:59Z'))).toBe(MONDAY);
    expect(isoWeekStart(MONDAY)).toBe(MONDAY);
    expect(isoWeekLabel(MONDAY)).toBe('2026-W49');
    expect(isoWeekLabel(isoWeekStart(Date.parse('2027-01-01T10:00:00Z')))).toBe('2026-W53');
    expect(isoWeekLabel(isoWeekStart(Date.parse('2025-12-29T00:00:00Z')))).toBe('2026-W01');
    expect(sampledWeeks(MONDAY + 1000).weeks.map(isoWeekLabel)).toEqual(['2026-W48', '2026-W49']);
  });
});

describe('the to-review sample', () => {
  const week = Array.from({ length: 10 }, (_, i) => chat(`c${i}`, 'anna', MONDAY + i * 3_600_000));

  it('takes N chats per agent and week, the same whatever order they come in', () => {
    const picked = chatsToReview(week, 3, 'owner', new Set());
    expect(picked).toHaveLength(3);
    expect(ids(chatsToReview([...week].reverse(), 3, 'owner', new Set()))).toEqual(ids(picked));
    const lastWeek = week.map((c) => ({ ...c, chatId: `l${c.chatId}`, startedAt: c.startedAt - 7 * 86_400_000 }));
    const bob = week.map((c) => ({ ...c, chatId: `b${c.chatId}`, agentId: 'bob' }));
    expect(chatsToReview([...week, ...lastWeek, ...bob], 3, 'owner', new Set())).toHaveLength(9);
  });

  it('counts what the reviewer reviewed towards the week and lists it no more; leaves out their own chats', () => {
    const picked = chatsToReview(week, 3, 'owner', new Set());
    const reviewed = new Set([picked[0]!.chatId]);
    expect(ids(chatsToReview(week, 3, 'owner', reviewed))).toEqual(ids(picked.slice(1)));
    // A chat reviewed outside the sample counts too: the week asks for no more than N.
    const outside = week.find((c) => !picked.some((p) => p.chatId === c.chatId))!;
    expect(chatsToReview(week, 3, 'owner', new Set([outside.chatId]))).toHaveLength(2);
    expect(chatsToReview(week, 3, 'anna', new Set())).toEqual([]);
    expect(chatsToReview(week, 0, 'owner', new Set())).toEqual([]);
  });
});
