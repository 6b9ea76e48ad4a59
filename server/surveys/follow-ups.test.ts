import { afterEach, describe, expect, it } from 'vitest';
import { surveyKit, type SurveyKit } from './testing/survey-kit.ts';
import { needsFollowUp } from './follow-ups.ts';

let kit: SurveyKit;
afterEach(() => kit?.close());

describe('which answers ask for a follow-up', () => {
  it('a detractor NPS (0–6) and a CSAT of 1–2; never a CES, a passive or a promoter', () => {
    const nps = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((score) => needsFollowUp({ kind: 'nps', score }));
    const csat = [1, 2, 3, 4, 5].filter((score) => needsFollowUp({ kind: 'csat', score }));
    const ces = [1, 2, 3, 4, 5, 6, 7].filter((score) => needsFollowUp({ kind: 'ces', score }));
    expect([nps, csat, ces]).toEqual([[0, 1, 2, 3, 4, 5, 6], [1, 2], []]);
    expect(needsFollowUp({ kind: 'csat', score: null })).toBe(false);
  });

  it('is made with the answer, once, for the chat\'s agent; a repeated answer makes no second one', async () => {
    kit = await surveyKit();
    await kit.settings({ npsDelayHours: 0 });
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    const [csat, ces, nps] = await kit.service.pendingFor(visitorId);
    expect([csat?.kind, ces?.kind, nps?.kind]).toEqual(['csat', 'ces', 'nps']);
    await kit.service.answer(visitorId, { surveyId: ces!.id, kind: 'ces', score: 1 });
    await kit.service.answer(visitorId, { surveyId: nps!.id, kind: 'nps', score: 7 });
    expect(kit.count('SELECT count(*) FROM survey_follow_ups')).toBe(0);
    await kit.service.answer(visitorId, { surveyId: csat!.id, kind: 'csat', score: 2, comment: 'slow' });
    await kit.service.answer(visitorId, { surveyId: csat!.id, kind: 'csat', score: 2, comment: 'slow' });
    const rows = kit.db.prepare('SELECT * FROM survey_follow_ups').all() as any[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ survey_id: csat!.id, chat_id: chat.id, agent_id: kit.agentId, created_at: kit.clock.now(), done_at: null });
    expect(kit.notifier.followUps).toEqual([{ chatId: chat.id, agentId: kit.agentId }]);
  });

  it('a failing answer leaves no follow-up behind (same transaction)', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    await kit.closedChat(visitorId);
    const [csat] = await kit.service.pendingFor(visitorId);
    kit.db.exec('DROP TABLE survey_follow_ups');
    kit.db.exec('CREATE TABLE survey_follow_ups (id TEXT PRIMARY KEY, survey_id TEXT, chat_id TEXT, agent_id TEXT, department_id TEXT, created_at INTEGER CHECK (created_at < 0), done_at INTEGER, done_by TEXT, note TEXT)');
    await expect(kit.service.answer(visitorId, { surveyId: csat!.id, kind: 'csat', score: 1 })).rejects.toThrow();
    expect(kit.count('SELECT count(*) FROM surveys WHERE answered_at IS NOT NULL')).toBe(0);
  });
});
