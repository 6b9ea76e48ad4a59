import { describe, expect, it } from 'vitest';
import { checkRecord, parseHistoryTime } from './history-records.ts';

describe('history times', () => {
  it('reads exactly YYYY-MM-DDTHH:MM:SS.mmmZ, real dates only', () => {
    expect(parseHistoryTime('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
    expect(parseHistoryTime('1969-12-31T23:59:59.000Z')).toBe(-1000);
    for (const bad of ['2026-02-29T00:00:00.000Z', '2026-03-23T00:00:00Z', '2026-03-23T24:00:00.000Z', '2026-03-23 00:00:00.000Z', 1_700_000_000_000, null]) {
      expect(parseHistoryTime(bad), String(bad)).toBeNull();
    }
  });
});

describe('checkRecord', () => {
  it('names each problem of a line', () => {
    const r = checkRecord({ type: 'agent', id: '', name: 'A', email: 'a@x', role: 'boss', departments: ['d', 'd'], maxChats: -1, x: 1 });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      'agent.x: unknown field',
      'agent.departments: lists a department twice',
      'agent.maxChats: must be a whole number ≥ 0',
      'agent.id: must be a non-empty string',
      'agent.role: must be one of agent, admin, owner',
    ]);
  });

  it('checks scores against kind and scale, and answeredAt with score', () => {
    const survey = (o: object) =>
      checkRecord({ type: 'survey', id: 's', kind: 'csat', chatId: 'c', visitorId: 'v', scale: 5, sentAt: '2026-01-01T00:00:00.000Z', answeredAt: '2026-01-01T00:01:00.000Z', score: 5, ...o });
    expect(survey({}).ok).toBe(true);
    expect(survey({ comment: null }).ok).toBe(true);
    expect(survey({ kind: 'nps', scale: 10, score: 0 }).ok).toBe(true);
    expect(survey({ score: 6 })).toEqual({ ok: false, errors: ['survey.score: must be a whole number from 1 to 5, or null'] });
    expect(survey({ score: 4.5 }).ok).toBe(false);
    expect(survey({ kind: 'ces', scale: 7, score: 7 }).ok).toBe(true);
    expect(survey({ score: null })).toEqual({ ok: false, errors: ['survey.score: must be null exactly when answeredAt is'] });
  });

  it('explains a malformed message that the fast path let through to the checks', () => {
    const r = checkRecord({
      type: 'chat', id: 'c', visitorId: 'v', department: null, priority: 'normal', channel: 'widget',
      startedAt: '2026-01-01T00:00:00.000Z', closedAt: null, closedBy: null, tags: [], assignments: [{ agentId: 'a', at: 'x' }],
      messages: [{ id: 'm', author: 'agent', at: '2026-01-01T00:00:00.000Z', text: 'hi' }],
    });
    expect(!r.ok && r.errors).toEqual([
      'chat.assignments[0].at: must be a real time written exactly as YYYY-MM-DDTHH:MM:SS.mmmZ',
      'chat.messages[0].agentId: must be a non-empty string',
    ]);
  });
});
