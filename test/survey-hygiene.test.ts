import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, type TestClient } from './helpers/clients.ts';
import { newId } from '../shared/ids.ts';
import { FakeClock } from '../server/clock.ts';

// Issue 13: the review link shown to promoters, the CSAT/CES throttle per visitor, and closing
// a chat "without survey".

let server: TestServer | undefined;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);
const HOUR = 3600_000;

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
  server = undefined;
});

async function api(path: string, token: string | undefined, init: RequestInit = {}) {
  const res = await fetch(`${server!.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as any };
}
const patchSettings = (token: string, body: unknown) => api('/api/surveys/settings', token, { method: 'PATCH', body: JSON.stringify(body) });

async function setup(clock?: FakeClock) {
  server = await startTestServer({ clock });
  const ownerToken = await loginToken(server.url);
  const agent = track(await connectAgent(server.url, ownerToken));
  expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
  return { ownerToken, agent };
}

async function chat(agent: TestClient, visitor: TestClient, close: Record<string, unknown> = {}) {
  const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Hello' });
  const chatId = sent.message.chatId as string;
  expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
  expect((await agent.call('message:send', { chatId, id: newId('m_'), text: 'Hi, how can I help?' })).ok).toBe(true);
  const closed = await agent.call('chat:close', { chatId, ...close });
  expect(closed.ok).toBe(true);
  return chatId;
}
const kindsOf = async (chatId: string) => (await server!.store.column('SELECT kind FROM surveys WHERE chat_id = ? ORDER BY kind', [chatId])) as string[];

describe('survey hygiene', () => {
  it('promoters get the owner\'s review link in their language; others and bad addresses do not', async () => {
    const { ownerToken, agent } = await setup();
    const bad = await patchSettings(ownerToken, { reviewLink: { url: 'javascript:alert(1)', texts: {} } });
    expect(bad).toMatchObject({ status: 400, body: { field: 'reviewLink.url' } });
    const saved = await patchSettings(ownerToken, { reviewLink: { url: 'https://reviews.example/acme', texts: { en: 'Review us on Example' } } });
    expect(saved.body.settings.reviewLink).toEqual({ url: 'https://reviews.example/acme', texts: { en: 'Review us on Example' } });

    const rate = async (locale: string, score: number) => {
      const visitor = track(await connectVisitor(server!.url));
      await visitor.call('visitor:hello', { locale });
      await chat(agent, visitor);
      const { surveys } = await visitor.waitFor('survey:offer');
      const csat = surveys.find((s: any) => s.kind === 'csat');
      expect(csat.reviewLink).toBeNull();
      await visitor.call('survey:shown', { surveyId: csat.id });
      return (await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score })).survey.reviewLink;
    };
    expect(await rate('en-US', 5)).toEqual({ url: 'https://reviews.example/acme', text: 'Review us on Example' });
    expect(await rate('ru-RU', 5)).toEqual({ url: 'https://reviews.example/acme', text: 'Расскажите о нас другим: оставьте отзыв' });
    expect(await rate('en-US', 4)).toBeNull();

    await patchSettings(ownerToken, { reviewLink: { url: null, texts: {} } });
    expect(await rate('en-US', 5)).toBeNull();
  });

  it('at most one CSAT/CES per visitor in postChatThrottleHours; the NPS is still planned', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T09:00:00Z'));
    const { ownerToken, agent } = await setup(clock);
    expect((await patchSettings(ownerToken, { postChatThrottleHours: -1 })).body.field).toBe('postChatThrottleHours');
    expect((await patchSettings(ownerToken, { postChatThrottleHours: 24 })).status).toBe(200);
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const first = await chat(agent, visitor);
    clock.advance(HOUR);
    const second = await chat(agent, visitor);
    clock.advance(23 * HOUR);
    const third = await chat(agent, visitor);
    expect(await kindsOf(first)).toEqual(['ces', 'csat', 'nps']);
    expect(await kindsOf(second)).toEqual(['nps']);
    expect(await kindsOf(third)).toEqual(['ces', 'csat', 'nps']);
    // Another visitor is not held back.
    const other = track(await connectVisitor(server!.url));
    await other.call('visitor:hello', {});
    expect(await kindsOf(await chat(agent, other))).toEqual(['ces', 'csat', 'nps']);
  });

  it('an agent closes a chat without survey: no survey, audited, counted as surveys.skipped', async () => {
    const { ownerToken, agent } = await setup();
    expect((await api('/api/surveys/settings', ownerToken)).body.surveysSkipped).toBe(0);
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'BUY CHEAP WATCHES' });
    const bad = await agent.call('chat:close', { chatId: sent.message.chatId, withoutSurvey: 'yes' });
    expect(bad).toMatchObject({ ok: false, field: 'withoutSurvey' });
    const chatId = await chat(agent, visitor, { withoutSurvey: true });
    expect(chatId).toBe(sent.message.chatId);
    expect(await kindsOf(chatId)).toEqual([]);
    expect(visitor.pushed('survey:offer')).toEqual([]);
    expect((await visitor.call('survey:pending', {})).surveys).toEqual([]);
    expect((await api('/api/surveys/settings', ownerToken)).body.surveysSkipped).toBe(1);
    const audit = await api('/api/audit?action=chat.closed_without_survey', ownerToken);
    expect(audit.body.entries.map((e: any) => e.target)).toEqual([chatId]);
    // A normal close still asks.
    const next = track(await connectVisitor(server!.url));
    await next.call('visitor:hello', {});
    expect(await kindsOf(await chat(agent, next))).toEqual(['ces', 'csat', 'nps']);
  });
});
