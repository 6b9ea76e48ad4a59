import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { newId } from '../shared/ids.ts';
import { startSmtpInbox } from './helpers/smtp.ts';

let server: TestServer | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>> | undefined;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
  server = undefined;
  await smtp?.close();
  smtp = undefined;
});

async function setup(config = {}) {
  server = await startTestServer({ config });
  const ownerToken = await loginToken(server.url);
  const agent = track(await connectAgent(server.url, ownerToken));
  expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
  return { ownerToken, agent };
}

async function api(path: string, token: string | undefined, init: RequestInit = {}) {
  const res = await fetch(`${server!.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A visitor chats, the agent replies and closes: the chat has a reply. */
async function chatWithReply(agent: TestClient, visitor: TestClient) {
  const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Where is my parcel?' });
  const chatId = sent.message.chatId;
  expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
  expect((await agent.call('message:send', { chatId, id: newId('m_'), text: 'On its way.' })).ok).toBe(true);
  expect((await agent.call('chat:close', { chatId })).ok).toBe(true);
  return chatId;
}

const surveyRows = async (chatId: string) =>
  (await server!.store.all('SELECT * FROM surveys WHERE chat_id = ? ORDER BY rowid', [chatId])) as any[];

describe('post-chat surveys over real sockets', () => {
  it('CSAT then CES show when the chat closes; answers are saved at once and pushed to the agent', async () => {
    const { agent, ownerToken } = await setup();
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', { locale: 'en-GB' });
    const chatId = await chatWithReply(agent, visitor);

    const offer = await visitor.waitFor('survey:offer');
    expect(offer.surveys.map((s: any) => [s.kind, s.min, s.max])).toEqual([
      ['csat', 1, 5],
      ['ces', 1, 7],
    ]);
    const [csat, ces] = offer.surveys;
    expect(csat.question).toBe('How satisfied are you with the support you received?');
    expect(ces.question).toBe('The company made it easy for me to handle my issue.');
    // Not sent until the widget shows it.
    expect((await surveyRows(chatId)).every((r) => r.sent_at === null)).toBe(true);

    const shown = await visitor.call('survey:shown', { surveyId: csat.id });
    expect(shown.ok).toBe(true);
    expect(shown.survey.status).toBe('sent');
    const answered = await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score: 5, comment: 'Fast and friendly' });
    expect(answered).toMatchObject({ ok: true, duplicate: false, survey: { status: 'answered', score: 5 } });
    const pushed = await agent.waitFor('survey:answered', (a) => a.survey.id === csat.id);
    expect(pushed).toMatchObject({ chatId, survey: { kind: 'csat', score: 5, comment: 'Fast and friendly', agent: { name: 'Owner' } } });

    // A double click, a second tab, a replayed packet: nothing changes.
    const again = await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score: 1, comment: 'oops' });
    expect(again).toMatchObject({ ok: true, duplicate: true, survey: { score: 5, comment: 'Fast and friendly' } });

    await visitor.call('survey:shown', { surveyId: ces.id });
    expect((await visitor.call('survey:skip', { surveyId: ces.id })).survey.status).toBe('skipped');

    const rows = await surveyRows(chatId);
    expect(rows.map((r) => [r.kind, r.score, r.sent_at !== null, r.answered_at !== null])).toEqual([
      ['csat', 5, true, true],
      ['ces', null, true, false],
      ['nps', null, false, false],
    ]);
    const owner = await server!.store.value("SELECT id FROM agents WHERE role = 'owner'");
    expect(rows.every((r) => r.agent_id === owner)).toBe(true);

    const ratings = await api(`/api/chats/${chatId}/surveys`, ownerToken);
    expect(ratings.status).toBe(200);
    expect(ratings.body.surveys.map((s: any) => [s.kind, s.status])).toEqual([
      ['csat', 'answered'],
      ['ces', 'skipped'],
      ['nps', 'scheduled'],
    ]);
    expect((await api('/api/chats/ch_nope/surveys', ownerToken)).status).toBe(404);
    expect((await api(`/api/chats/${chatId}/surveys`, undefined)).status).toBe(401);
  });

  it('a visitor who left before the close sees the surveys on the next page load; a missed chat gets none', async () => {
    const { agent } = await setup();
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'hello?' });
    const chatId = sent.message.chatId;
    await agent.call('chat:accept', { chatId });
    await agent.call('message:send', { chatId, id: newId('m_'), text: 'Hi!' });
    visitor.close();
    await agent.call('chat:close', { chatId });

    const back = track(await connectVisitor(server!.url, visitor.token));
    await back.call('visitor:hello', {});
    const pending = await back.call('survey:pending', {});
    expect(pending.surveys.map((s: any) => s.kind)).toEqual(['csat', 'ces']);

    // The same visitor starts a chat nobody answers: no survey for it, and while it is open or
    // after it, the earlier chat's surveys are no longer offered.
    const missed = await back.call('message:send', { id: newId('m_'), text: 'one more thing' });
    expect(missed.message.chatId).not.toBe(chatId);
    expect((await back.call('survey:pending', {})).surveys).toEqual([]);
    await back.call('chat:end', { chatId: missed.message.chatId });
    expect(await surveyRows(missed.message.chatId)).toEqual([]);
    expect((await back.call('survey:pending', {})).surveys).toEqual([]);
  });

  it('bad answers get a clear error and save nothing', async () => {
    const { agent } = await setup();
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const chatId = await chatWithReply(agent, visitor);
    const { surveys } = await visitor.waitFor('survey:offer');
    const stranger = track(await connectVisitor(server!.url));
    const csatId = surveys[0].id;

    const refusals = [
      [visitor, { surveyId: csatId, kind: 'csat', score: 6 }, /score: must be a whole number from 1 to 5/],
      [visitor, { surveyId: csatId, kind: 'csat', score: 2.5 }, /score: must be a whole number/],
      [visitor, { surveyId: csatId, kind: 'csat', score: '5' }, /score:/],
      [visitor, { surveyId: csatId, kind: 'ces', score: 5 }, /kind: this is a csat survey/],
      [visitor, { surveyId: csatId, kind: 'csat', score: 5, comment: 'x'.repeat(2001) }, /comment: is too long/],
      [visitor, { surveyId: csatId, kind: 'csat', score: 5, extra: 1 }, /payload|extra/],
      [stranger, { surveyId: csatId, kind: 'csat', score: 5 }, /surveyId: no such survey/],
    ] as const;
    for (const [client, payload, error] of refusals) {
      const res = await client.call('survey:answer', payload);
      expect(res.ok).toBe(false);
      expect(res.error).toMatch(error);
    }
    expect((await stranger.call('survey:shown', { surveyId: csatId })).error).toMatch(/no such survey/);
    expect((await surveyRows(chatId)).some((r) => r.sent_at !== null || r.answered_at !== null)).toBe(false);
  });
});

describe('delayed NPS over real sockets', () => {
  it('with npsDelayHours 0 the NPS card shows on the next page load, once, and is answered', async () => {
    const { agent, ownerToken } = await setup();
    expect((await api('/api/surveys/settings', ownerToken, { method: 'PATCH', body: JSON.stringify({ npsDelayHours: 0 }) })).status).toBe(200);
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', { locale: 'bg' });
    const chatId = await chatWithReply(agent, visitor);
    const offer = await visitor.waitFor('survey:offer');
    expect(offer.surveys.map((s: any) => s.kind)).toEqual(['csat', 'ces']);
    for (const s of offer.surveys) await visitor.call('survey:skip', { surveyId: s.id });
    visitor.close();

    const nextPage = track(await connectVisitor(server!.url, visitor.token));
    await nextPage.call('visitor:hello', { locale: 'bg' });
    const { surveys } = await nextPage.call('survey:pending', {});
    expect(surveys).toHaveLength(1);
    const [nps] = surveys;
    expect(nps).toMatchObject({ kind: 'nps', chatId, min: 0, max: 10, language: 'bg' });
    expect(nps.question).toBe('Колко вероятно е да препоръчате Parley demo shop на приятел или колега?');
    await nextPage.call('survey:shown', { surveyId: nps.id });

    const another = track(await connectVisitor(server!.url, visitor.token));
    await another.call('visitor:hello', {});
    expect((await another.call('survey:pending', {})).surveys).toEqual([]);

    const answered = await nextPage.call('survey:answer', { surveyId: nps.id, kind: 'nps', score: 9, comment: 'Helpful' });
    expect(answered.survey).toMatchObject({ status: 'answered', score: 9 });
    // The other tab hears of it and drops the card.
    expect((await another.waitFor('survey:update', (s) => s.id === nps.id)).status).toBe('answered');
    await agent.waitFor('survey:answered', (a) => a.survey.id === nps.id);

    const comments = await api('/api/surveys/comments?kind=nps&score=9', ownerToken);
    expect(comments.body.comments.map((c: any) => [c.kind, c.score, c.comment, c.chatId])).toEqual([['nps', 9, 'Helpful', chatId]]);
    expect((await api('/api/surveys/comments?kind=csat', ownerToken)).body.comments).toEqual([]);
    // The metrics' filters and range narrow the comments the same way.
    const ownerId = await server!.store.value("SELECT id FROM agents WHERE role = 'owner'");
    const count = async (query: string) => (await api(`/api/surveys/comments?${query}`, ownerToken)).body.comments.length;
    expect(await count(`agent=${ownerId}&channel=widget&priority=normal`)).toBe(1);
    expect(await count('agent=someone-else')).toBe(0);
    expect(await count('tag=vip')).toBe(0);
    expect(await count('department=sales')).toBe(0);
    expect(await count(`from=${answered.survey.answeredAt + 1}`)).toBe(0);
    expect((await api('/api/surveys/comments?channel=phone', ownerToken)).body.field).toBe('channel');
  });
});

describe('NPS by email', () => {
  it('the emailed link works once and only once; the widget card is then void', async () => {
    const mail = (smtp = await startSmtpInbox());
    const { agent, ownerToken } = await setup({ smtpUrl: mail.url });
    await api('/api/surveys/settings', ownerToken, { method: 'PATCH', body: JSON.stringify({ npsDelayHours: 0 }) });
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const offline = await visitor.call('offline:submit', { id: newId('m_'), name: 'Ann', email: 'ann@example.com', text: 'Call me back' });
    const chatId = offline.chat.id;
    await agent.call('chat:accept', { chatId });
    await agent.call('message:send', { chatId, id: newId('m_'), text: 'Calling now.' });
    await agent.call('chat:close', { chatId });

    await expect.poll(() => mail.inbox.length, { timeout: 10_000 }).toBe(1);
    expect(mail.inbox[0]!.to).toBe('ann@example.com');
    const raw = mail.inbox[0]!.raw.replace(/=\r?\n/g, '');
    const path = /https?:\/\/[^/\s]+(\/survey\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(raw)![1]!;
    expect(raw).toMatch(/Subject: How likely are you to recommend Parley demo shop/);

    const page = await fetch(`${server!.url}${path}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<legend>How likely are you to recommend Parley demo shop to a friend or colleague?</legend>');
    expect(html).toContain('What is the main reason for your score?');

    const post = (body: string, at = path) =>
      fetch(`${server!.url}${at}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const noScore = await post('comment=hmm');
    expect(noScore.status).toBe(400);
    expect(await noScore.text()).toContain('Choose a score from 0 to 10.');
    const outOfRange = await post('score=11');
    expect(outOfRange.status).toBe(400);
    expect((await surveyRows(chatId))[2].answered_at).toBeNull();

    const answered = await post('score=10&comment=%3Cb%3ESuper%3C%2Fb%3E');
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain('Thank you! Your answer has been recorded.');
    const pushed = await agent.waitFor('survey:answered', (a) => a.survey.kind === 'nps');
    expect(pushed.survey).toMatchObject({ score: 10, comment: '<b>Super</b>', answeredVia: 'email' });

    const reused = await post('score=0');
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain('This link has already been used');
    expect((await fetch(`${server!.url}${path}`)).status).toBe(410);
    const forged = await post('score=0', path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('This survey link is not valid.');

    // The widget channel is void now.
    const { surveys } = await visitor.call('survey:pending', {});
    expect(surveys.find((s: any) => s.kind === 'nps')).toBeUndefined();
    const npsId = (await surveyRows(chatId))[2].id;
    const late = await visitor.call('survey:answer', { surveyId: npsId, kind: 'nps', score: 1 });
    expect(late.ok).toBe(false);
    expect(late.error).toMatch(/already answered by email/);
    expect((await surveyRows(chatId))[2]).toMatchObject({ score: 10, answered_via: 'email' });
    expect(mail.inbox).toHaveLength(1);
  });
});

describe('survey settings and comments over REST', () => {
  it('owners and admins only; bad input is a 400 naming the field', async () => {
    const { ownerToken } = await setup();
    const agentToken = await createAgentAccount(server!.url, server!.store, { name: 'Bob', email: 'bob@example.com' });
    const adminToken = await createAgentAccount(server!.url, server!.store, { name: 'Ada', email: 'ada@example.com', role: 'admin' });

    const view = await api('/api/surveys/settings', ownerToken);
    expect(view.status).toBe(200);
    expect(view.body.settings).toMatchObject({ cesScale: 7, npsDelayHours: 168, npsThrottleDays: 90, npsExpireDays: 30, postChatValidHours: 24 });
    expect(view.body.builtInLanguages).toEqual(['en', 'ru', 'bg']);
    expect(view.body.effectiveTexts.ru.nps).toContain('{site}');
    expect(view.body.emailConfigured).toBe(false);

    expect((await api('/api/surveys/settings', agentToken)).status).toBe(403);
    expect((await api('/api/surveys/settings', undefined)).status).toBe(401);
    expect((await api('/api/surveys/comments', agentToken)).status).toBe(403);

    const patch = (body: unknown, token = adminToken) => api('/api/surveys/settings', token, { method: 'PATCH', body: JSON.stringify(body) });
    const saved = await patch({ cesScale: 5, texts: { bg: { csat: 'Доволни ли сте?' } } });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.cesScale).toBe(5);
    expect(saved.body.effectiveTexts.bg.csat).toBe('Доволни ли сте?');
    const bad = await patch({ cesScale: 6 });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('cesScale');
    expect((await patch({ npsExpireDays: 0 })).body.field).toBe('npsExpireDays');
    expect((await patch({ cesScale: 7 }, agentToken)).status).toBe(403);
    expect((await api('/api/surveys/settings', ownerToken)).body.settings.cesScale).toBe(5);

    const badQuery = await api('/api/surveys/comments?kind=csat&score=9', ownerToken);
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.field).toBe('score');
    expect((await api('/api/surveys/comments?kind=stars', ownerToken)).body.field).toBe('kind');
    expect((await api('/api/surveys/comments?page=2', ownerToken)).status).toBe(400);
  });
});
