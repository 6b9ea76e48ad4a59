import { afterEach, describe, expect, it } from 'vitest';
import { surveyKit, type SurveyKit } from './testing/survey-kit.ts';
import { DAY_MS, HOUR_MS } from './rules.ts';

let kit: SurveyKit;
afterEach(() => kit?.close());

const rows = (chatId: string) => kit.db.prepare('SELECT * FROM surveys WHERE chat_id = ? ORDER BY rowid').all(chatId) as any[];
const expectRefusal = (fn: () => Promise<unknown>, message: RegExp) => expect(fn()).rejects.toThrow(message);

describe('scheduling at close', () => {
  it('a chat with a reply gets CSAT, CES and NPS rows, none of them sent yet, with the agent at close', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    const scheduled = rows(chat.id);
    expect(scheduled.map((r) => [r.kind, r.scale])).toEqual([
      ['csat', 5],
      ['ces', 7],
      ['nps', 10],
    ]);
    for (const r of scheduled) {
      expect(r.sent_at).toBeNull();
      expect(r.agent_id).toBe(kit.agentId);
      expect(r.visitor_id).toBe(visitorId);
    }
    expect(scheduled[2].due_at).toBe(chat.closed_at! + 168 * HOUR_MS);
    // The visitor's open tabs are offered the post-chat pair, CSAT first; never the NPS.
    expect(kit.notifier.offers).toHaveLength(1);
    expect(kit.notifier.offers[0]!.surveys.map((s) => s.kind)).toEqual(['csat', 'ces']);
  });

  it('a missed chat, or one with only a greeting before the visitor spoke, gets no survey', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const missed = await kit.closedChat(visitorId, { reply: false });
    const greeted = await kit.closedChat(visitorId, { greetingOnly: true });
    expect(rows(missed.id)).toEqual([]);
    expect(rows(greeted.id)).toEqual([]);
    expect(kit.notifier.offers).toEqual([]);
  });

  it('closing twice schedules once', async () => {
    kit = await surveyKit();
    const chat = await kit.closedChat(await kit.visitor());
    await kit.service.chatClosed(chat);
    expect(rows(chat.id)).toHaveLength(3);
  });

  it('follows the settings: surveys turned off, a 5-point CES', async () => {
    kit = await surveyKit();
    await kit.settings({ csatEnabled: false, npsEnabled: false, cesScale: 5 });
    const chat = await kit.closedChat(await kit.visitor());
    expect(rows(chat.id).map((r) => [r.kind, r.scale])).toEqual([['ces', 5]]);
  });
});

describe('post-chat validity', () => {
  it('a visitor who left sees CSAT then CES on a page load within postChatValidHours, then never', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    kit.clock.advance(23 * HOUR_MS);
    expect((await kit.service.pendingFor(visitorId)).map((s) => s.kind)).toEqual(['csat', 'ces']);
    kit.clock.advance(HOUR_MS);
    expect(await kit.service.pendingFor(visitorId)).toEqual([]);
    const csat = rows(chat.id)[0];
    expect((await kit.service.recordsOfChat(chat.id))[0]!.status).toBe('expired');
    expect(csat.sent_at).toBeNull();
    await expectRefusal(() => kit.service.shown(visitorId, csat.id), /expired/);
    await expectRefusal(() => kit.service.answer(visitorId, { surveyId: csat.id, kind: 'csat', score: 5 }), /expired/);
    expect(rows(chat.id)[0].answered_at).toBeNull();
  });

  it('is sent when first shown; showing again (reload, second tab) changes nothing', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    const [csat] = await kit.service.pendingFor(visitorId);
    kit.clock.advance(20 * HOUR_MS);
    const shown = await kit.service.shown(visitorId, csat!.id);
    expect(shown.status).toBe('sent');
    expect(shown.sentAt).toBe(kit.clock.now());
    // Once sent it can be answered for postChatValidHours from then.
    expect(shown.expiresAt).toBe(kit.clock.now() + 24 * HOUR_MS);
    kit.clock.advance(HOUR_MS);
    const again = await kit.service.shown(visitorId, csat!.id);
    expect(again.sentAt).toBe(shown.sentAt);
    expect(again.expiresAt).toBe(shown.expiresAt);
    // Sent but unanswered, it is still offered on the next page load of the chat.
    expect((await kit.service.pendingFor(visitorId)).map((s) => s.id)).toContain(csat!.id);
    kit.clock.advance(22 * HOUR_MS);
    expect((await kit.service.answer(visitorId, { surveyId: csat!.id, kind: 'csat', score: 4 })).survey.score).toBe(4);
    expect(rows(chat.id)[0].sent_at).toBe(shown.sentAt);
  });

  it('only the latest chat’s surveys are offered, and none while a chat is open', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const first = await kit.closedChat(visitorId);
    kit.clock.advance(HOUR_MS);
    const second = await kit.closedChat(visitorId);
    expect(new Set((await kit.service.pendingFor(visitorId)).map((s) => s.chatId))).toEqual(new Set([second.id]));
    expect(first.id).not.toBe(second.id);
  });

  it('a skipped survey counts as sent and is not offered again', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    const [csat, ces] = await kit.service.pendingFor(visitorId);
    const skipped = await kit.service.skip(visitorId, csat!.id);
    expect(skipped.status).toBe('skipped');
    expect(rows(chat.id)[0].sent_at).toBe(kit.clock.now());
    expect((await kit.service.pendingFor(visitorId)).map((s) => s.id)).toEqual([ces!.id]);
    expect(kit.notifier.updates.at(-1)!.survey.status).toBe('skipped');
  });
});

describe('answers', () => {
  it('are saved at once with the agent at close, pushed to agents and to the visitor’s tabs', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    const [csat, ces] = await kit.service.pendingFor(visitorId);
    await kit.service.shown(visitorId, csat!.id);
    const { survey, duplicate } = await kit.service.answer(visitorId, { surveyId: csat!.id, kind: 'csat', score: 5, comment: '  quick and kind  ' });
    expect(duplicate).toBe(false);
    expect(survey).toMatchObject({ status: 'answered', score: 5, comment: 'quick and kind', answeredVia: 'widget' });
    expect(kit.notifier.answers).toHaveLength(1);
    expect(kit.notifier.answers[0]).toMatchObject({ chatId: chat.id, kind: 'csat', score: 5, agent: { id: kit.agentId, name: 'Anna' } });
    // Answering without a `shown` report (the widget skipped it) still makes it sent.
    await kit.service.answer(visitorId, { surveyId: ces!.id, kind: 'ces', score: 6 });
    const [csatRow, cesRow] = rows(chat.id);
    expect(csatRow.answered_at).toBe(kit.clock.now());
    expect(cesRow.sent_at).toBe(kit.clock.now());
    expect(cesRow.score).toBe(6);
  });

  it('a second submit changes nothing and returns the answer recorded', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    const [csat] = await kit.service.pendingFor(visitorId);
    await kit.service.answer(visitorId, { surveyId: csat!.id, kind: 'csat', score: 2, comment: 'slow' });
    kit.clock.advance(1000);
    const second = await kit.service.answer(visitorId, { surveyId: csat!.id, kind: 'csat', score: 5, comment: 'changed my mind' });
    expect(second.duplicate).toBe(true);
    expect(second.survey).toMatchObject({ score: 2, comment: 'slow' });
    expect(rows(chat.id)[0]).toMatchObject({ score: 2, comment: 'slow', answered_at: kit.clock.now() - 1000 });
    expect(kit.notifier.answers).toHaveLength(1);
  });

  it('refuses scores out of range or of the wrong kind, other visitors’ surveys, and saves nothing', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const other = await kit.visitor();
    await kit.settings({ npsDelayHours: 0 });
    const chat = await kit.closedChat(visitorId);
    const [csat, ces, nps] = rows(chat.id);
    const answer = (surveyId: string, kind: any, score: number, who = visitorId) => () =>
      kit.service.answer(who, { surveyId, kind, score });
    await expectRefusal(answer(csat.id, 'csat', 6), /score: must be a whole number from 1 to 5/);
    await expectRefusal(answer(csat.id, 'csat', 0), /from 1 to 5/);
    await expectRefusal(answer(csat.id, 'csat', 4.5), /whole number/);
    await expectRefusal(answer(ces.id, 'ces', 8), /from 1 to 7/);
    await expectRefusal(answer(nps.id, 'nps', 11), /from 0 to 10/);
    await expectRefusal(answer(nps.id, 'nps', -1), /from 0 to 10/);
    await expectRefusal(answer(csat.id, 'nps', 9), /kind: this is a csat survey/);
    await expectRefusal(answer(csat.id, 'csat', 5, other), /surveyId: no such survey/);
    await expectRefusal(answer('sv_nope', 'csat', 5), /surveyId: no such survey/);
    await expectRefusal(() => kit.service.shown(other, csat.id), /no such survey/);
    await expectRefusal(() => kit.service.skip(other, csat.id), /no such survey/);
    expect(kit.count('SELECT count(*) FROM surveys WHERE sent_at IS NOT NULL OR answered_at IS NOT NULL OR skipped_at IS NOT NULL')).toBe(0);
    expect(kit.notifier.answers).toEqual([]);
  });

  it('a 5-point CES takes 1..5 only', async () => {
    kit = await surveyKit();
    await kit.settings({ cesScale: 5 });
    const visitorId = await kit.visitor();
    await kit.closedChat(visitorId);
    const ces = (await kit.service.pendingFor(visitorId)).find((s) => s.kind === 'ces')!;
    expect([ces.min, ces.max]).toEqual([1, 5]);
    await expectRefusal(() => kit.service.answer(visitorId, { surveyId: ces.id, kind: 'ces', score: 6 }), /from 1 to 5/);
  });
});

describe('delayed NPS', () => {
  it('is due npsDelayHours after the close, on the first page load from then, and shown once', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    kit.clock.advance(168 * HOUR_MS - 1);
    expect((await kit.service.pendingFor(visitorId)).map((s) => s.kind)).toEqual([]);
    const early = rows(chat.id)[2];
    await expectRefusal(() => kit.service.shown(visitorId, early.id), /not due yet/);
    kit.clock.advance(1);
    const [nps] = await kit.service.pendingFor(visitorId);
    expect(nps).toMatchObject({ kind: 'nps', min: 0, max: 10, question: 'How likely are you to recommend Acme Shop to a friend or colleague?' });
    expect(nps!.commentPrompt).toBe('What is the main reason for your score?');
    expect(nps!.sentAt).toBeNull();
    await kit.service.shown(visitorId, nps!.id);
    expect(await kit.service.pendingFor(visitorId)).toEqual([]);
    kit.clock.advance(2 * DAY_MS);
    // Not offered again, but still answerable (the card of that page, the email link).
    expect(await kit.service.pendingFor(visitorId)).toEqual([]);
    expect((await kit.service.answer(visitorId, { surveyId: nps!.id, kind: 'nps', score: 9 })).survey.status).toBe('answered');
  });

  it('with npsDelayHours 0 it is due at the close', async () => {
    kit = await surveyKit();
    await kit.settings({ npsDelayHours: 0 });
    const visitorId = await kit.visitor();
    await kit.closedChat(visitorId);
    expect((await kit.service.pendingFor(visitorId)).map((s) => s.kind)).toEqual(['csat', 'ces', 'nps']);
  });

  it('expires unshown after npsExpireDays, never counting as sent', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    kit.clock.advance(168 * HOUR_MS + 30 * DAY_MS - 1);
    expect((await kit.service.pendingFor(visitorId)).map((s) => s.kind)).toEqual(['nps']);
    kit.clock.advance(1);
    expect(await kit.service.pendingFor(visitorId)).toEqual([]);
    const nps = rows(chat.id)[2];
    expect(nps.sent_at).toBeNull();
    expect((await kit.service.recordsOfChat(chat.id))[2]!.status).toBe('expired');
    await expectRefusal(() => kit.service.answer(visitorId, { surveyId: nps.id, kind: 'nps', score: 10 }), /expired/);
  });

  it('throttle: one NPS shown per visitor per npsThrottleDays; a blocked one expires unsent', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const first = await kit.closedChat(visitorId);
    kit.clock.advance(3 * DAY_MS);
    const second = await kit.closedChat(visitorId);
    kit.clock.advance(7 * DAY_MS);
    // Both are due: only the latest is offered, and once it is shown the other is held back.
    const offered = (await kit.service.pendingFor(visitorId)).filter((s) => s.kind === 'nps');
    expect(offered.map((s) => s.chatId)).toEqual([second.id]);
    await kit.service.shown(visitorId, offered[0]!.id);
    const older = rows(first.id)[2];
    expect(await kit.service.pendingFor(visitorId)).toEqual([]);
    await expectRefusal(() => kit.service.shown(visitorId, older.id), /another NPS survey was shown recently/);
    await expectRefusal(() => kit.service.answer(visitorId, { surveyId: older.id, kind: 'nps', score: 3 }), /shown recently/);
    kit.clock.advance(40 * DAY_MS);
    expect(rows(first.id)[2].sent_at).toBeNull();
    expect((await kit.service.recordsOfChat(first.id))[2]!.status).toBe('expired');

    // 80 days later the throttle still holds; after 90 days a new NPS may be shown.
    kit.clock.advance(40 * DAY_MS);
    await kit.closedChat(visitorId);
    kit.clock.advance(7 * DAY_MS);
    expect((await kit.service.pendingFor(visitorId)).filter((s) => s.kind === 'nps')).toEqual([]);
    kit.clock.advance(3 * DAY_MS);
    expect((await kit.service.pendingFor(visitorId)).filter((s) => s.kind === 'nps')).toHaveLength(1);
  });

  it('a restart in between loses nothing and shows nothing twice', async () => {
    kit = await surveyKit();
    const visitorId = await kit.visitor();
    const chat = await kit.closedChat(visitorId);
    await kit.restart();
    kit.clock.advance(168 * HOUR_MS);
    const [nps] = await kit.service.pendingFor(visitorId);
    expect(nps!.chatId).toBe(chat.id);
    await kit.service.shown(visitorId, nps!.id);
    await kit.restart();
    expect(await kit.service.pendingFor(visitorId)).toEqual([]);
    kit.clock.advance(DAY_MS);
    await kit.restart();
    expect(await kit.service.pendingFor(visitorId)).toEqual([]);
    expect((await kit.service.answer(visitorId, { surveyId: nps!.id, kind: 'nps', score: 8 })).survey.score).toBe(8);
  });

  it('turning NPS off holds back the ones already scheduled', async () => {
    kit = await surveyKit();
    await kit.settings({ npsDelayHours: 0 });
    const visitorId = await kit.visitor();
    await kit.closedChat(visitorId);
    await kit.settings({ npsEnabled: false, csatEnabled: false });
    expect((await kit.service.pendingFor(visitorId)).map((s) => s.kind)).toEqual(['ces']);
  });
});

describe('languages', () => {
  it('asks in the visitor’s language, keeps the language it was shown in, falls back to English', async () => {
    kit = await surveyKit();
    await kit.settings({ npsDelayHours: 0 });
    const ru = await kit.visitor({ locale: 'ru-RU' });
    await kit.closedChat(ru);
    const [csat, , nps] = await kit.service.pendingFor(ru);
    expect(csat!.question).toBe('Насколько вы довольны полученной поддержкой?');
    expect(csat!.language).toBe('ru');
    expect(nps!.question).toContain('Acme Shop');
    await kit.service.shown(ru, csat!.id);
    kit.db.prepare('UPDATE visitors SET locale = ? WHERE id = ?').run('bg', ru);
    expect((await kit.service.pendingFor(ru))[0]!.language).toBe('ru');
    expect((await kit.service.pendingFor(ru))[1]!.question).toBe('Компанията ми улесни да реша проблема си.');

    const de = await kit.visitor({ locale: 'de-DE' });
    await kit.closedChat(de);
    expect((await kit.service.pendingFor(de))[0]!.question).toBe('How satisfied are you with the support you received?');
    await kit.settings({ texts: { de: { csat: 'Wie zufrieden sind Sie mit unserem Support?' } } });
    const german = await kit.service.pendingFor(de);
    expect(german[0]!.question).toBe('Wie zufrieden sind Sie mit unserem Support?');
    expect(german[1]!.question).toBe('The company made it easy for me to handle my issue.');
  });
});
