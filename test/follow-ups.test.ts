import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { newId } from '../shared/ids.ts';
import { FakeClock } from '../server/clock.ts';
import { insertDepartment } from '../server/store/departments.ts';
import { updateAgent } from '../server/store/agents.ts';

const servers: TestServer[] = [];
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close(true);
});

async function api(server: TestServer, path: string, token: string | undefined, init: RequestInit = {}) {
  const res = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as any };
}
const done = (server: TestServer, id: string, token: string, body: unknown) =>
  api(server, `/api/follow-ups/${id}/done`, token, { method: 'POST', body: JSON.stringify(body) });

async function start(clock?: FakeClock, surveySettings: Record<string, unknown> = {}) {
  const server = await startTestServer({ clock });
  servers.push(server);
  const ownerToken = await loginToken(server.url);
  await api(server, '/api/surveys/settings', ownerToken, { method: 'PATCH', body: JSON.stringify(surveySettings) });
  return { server, ownerToken };
}

/** A visitor (in `department`) chats with `agent`, who replies and closes; the visitor rates the CSAT. */
async function ratedChat(server: TestServer, agent: TestClient, csat: number, opts: { department?: string; clock?: FakeClock } = {}) {
  const visitor = track(await connectVisitor(server.url));
  await visitor.call('visitor:hello', { department: opts.department });
  expect((await visitor.call('visitor:identify', { name: 'Ivan Petrov', email: 'ivan@example.com' })).ok).toBe(true);
  const sent = await visitor.call('message:send', { id: newId('m_'), text: 'My order never came' });
  const chatId = sent.message.chatId as string;
  opts.clock?.advance(20_000);
  expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
  opts.clock?.advance(15_000);
  expect((await agent.call('message:send', { chatId, id: newId('m_'), text: 'Let me look.' })).ok).toBe(true);
  opts.clock?.advance(60_000);
  expect((await agent.call('chat:close', { chatId })).ok).toBe(true);
  const { surveys } = await visitor.waitFor('survey:offer', () => true, 20_000);
  const csatSurvey = surveys.find((s: any) => s.kind === 'csat');
  await visitor.call('survey:shown', { surveyId: csatSurvey.id });
  opts.clock?.advance(5_000);
  const answer = await visitor.call('survey:answer', { surveyId: csatSurvey.id, kind: 'csat', score: csat, comment: 'Nobody helped' });
  expect(answer.ok).toBe(true);
  return { chatId, visitor };
}

describe('survey follow-ups', () => {
  it('a CSAT of 1 makes a follow-up for the chat\'s agent, live; who sees the chat sees it; its agent marks it done', { timeout: 120_000 }, async () => {
    const { server, ownerToken } = await start();
    await insertDepartment(server.store, { id: 'sales', name: 'Sales' });
    await insertDepartment(server.store, { id: 'billing', name: 'Billing' });
    const annaToken = await createAgentAccount(server.url, server.store, { name: 'Anna', email: 'anna@example.com' });
    const bobToken = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    const colleagueToken = await createAgentAccount(server.url, server.store, { name: 'Cleo', email: 'cleo@example.com' });
    const id = async (email: string) => (await server.store.value('SELECT id FROM agents WHERE email = ?', [email])) as string;
    await updateAgent(server.store, await id('anna@example.com'), { departments: ['sales'] });
    await updateAgent(server.store, await id('cleo@example.com'), { departments: ['sales'] });
    await updateAgent(server.store, await id('bob@example.com'), { departments: ['billing'] });
    const anna = track(await connectAgent(server.url, annaToken));
    expect((await anna.call('status:set', { status: 'online' })).ok).toBe(true);
    const bob = track(await connectAgent(server.url, bobToken));

    const changed = anna.waitFor('followUps:changed', () => true, 20_000);
    const { chatId } = await ratedChat(server, anna, 1, { department: 'sales' });
    expect(await changed).toEqual({ chatId });

    const list = await api(server, '/api/follow-ups', annaToken);
    expect(list.status).toBe(200);
    expect(list.body.followUps).toHaveLength(1);
    const followUp = list.body.followUps[0];
    expect(followUp).toMatchObject({
      kind: 'csat',
      score: 1,
      comment: 'Nobody helped',
      chatId,
      visitor: { name: 'Ivan Petrov', email: 'ivan@example.com' },
      agent: { name: 'Anna' },
      departmentId: 'sales',
      doneAt: null,
      mayComplete: true,
    });
    expect((await api(server, '/api/follow-ups/count', annaToken)).body).toEqual({ open: 1 });
    expect((await api(server, '/api/follow-ups/count', ownerToken)).body).toEqual({ open: 1 });
    // A colleague in the department sees it but it is Anna's; an agent of another department does not see it.
    const seenByCleo = await api(server, '/api/follow-ups', colleagueToken);
    expect(seenByCleo.body.followUps.map((f: any) => [f.id, f.mayComplete])).toEqual([[followUp.id, false]]);
    expect((await done(server, followUp.id, colleagueToken, { note: 'Called him' })).status).toBe(403);
    expect((await api(server, '/api/follow-ups/count', bobToken)).body).toEqual({ open: 0 });
    expect((await api(server, '/api/follow-ups', bobToken)).body.followUps).toEqual([]);
    expect((await done(server, followUp.id, bobToken, { note: 'Called him' })).status).toBe(404);
    expect((await api(server, '/api/follow-ups', undefined)).status).toBe(401);
    expect(bob.pushed("followUps:changed")).toEqual([]);

    // Bad input: 400 naming the field, nothing changes.
    const blank = await done(server, followUp.id, annaToken, { note: '   ' });
    expect(blank).toMatchObject({ status: 400, body: { field: 'note' } });
    expect((await done(server, followUp.id, annaToken, { note: 'x', extra: 1 })).status).toBe(400);
    expect((await api(server, '/api/follow-ups?status=later', annaToken)).body.field).toBe('status');
    expect((await api(server, '/api/follow-ups/count', annaToken)).body).toEqual({ open: 1 });

    const doneChanged = anna.waitFor('followUps:changed', () => true, 20_000);
    const marked = await done(server, followUp.id, annaToken, { note: 'Called Ivan, parcel re-sent' });
    expect(marked.status).toBe(200);
    expect(marked.body.followUp).toMatchObject({ note: 'Called Ivan, parcel re-sent', doneBy: { name: 'Anna' }, mayComplete: false });
    await doneChanged;
    expect((await done(server, followUp.id, annaToken, { note: 'again' })).status).toBe(409);
    expect((await api(server, '/api/follow-ups/count', annaToken)).body).toEqual({ open: 0 });
    expect((await api(server, '/api/follow-ups?status=done', ownerToken)).body.followUps.map((f: any) => f.note)).toEqual([
      'Called Ivan, parcel re-sent',
    ]);
    const audit = await api(server, '/api/audit?action=follow_up.done', ownerToken);
    expect(audit.body.entries.map((e: any) => e.target)).toEqual([followUp.id]);

    // Follow-up time per agent: admins and owners only, not in the metrics.
    const range = `from=${Date.now() - 3600_000}&to=${Date.now() + 3600_000}`;
    expect((await api(server, `/api/follow-ups/times?${range}`, annaToken)).status).toBe(403);
    const times = await api(server, `/api/follow-ups/times?${range}`, ownerToken);
    expect(times.body.agents).toHaveLength(1);
    expect(times.body.agents[0]).toMatchObject({ agent: { name: 'Anna' }, done: 1, open: 0 });
    expect(times.body.agents[0].meanSec).toBeGreaterThanOrEqual(0);
    expect(times.body.agents[0].medianSec).toBe(times.body.agents[0].meanSec);
    expect((await api(server, '/api/follow-ups/times?from=5&to=1', ownerToken)).body.field).toBe('to');
  });

  it('a good answer makes none; the chat\'s agent disabled: the follow-up waits in the department\'s queue', { timeout: 120_000 }, async () => {
    const { server, ownerToken } = await start();
    await insertDepartment(server.store, { id: 'sales', name: 'Sales' });
    const annaToken = await createAgentAccount(server.url, server.store, { name: 'Anna', email: 'anna@example.com' });
    const cleoToken = await createAgentAccount(server.url, server.store, { name: 'Cleo', email: 'cleo@example.com' });
    const annaId = (await server.store.value("SELECT id FROM agents WHERE email = 'anna@example.com'")) as string;
    const cleoId = (await server.store.value("SELECT id FROM agents WHERE email = 'cleo@example.com'")) as string;
    await updateAgent(server.store, annaId, { departments: ['sales'] });
    await updateAgent(server.store, cleoId, { departments: ['sales'] });
    const anna = track(await connectAgent(server.url, annaToken));
    await anna.call('status:set', { status: 'online' });
    await ratedChat(server, anna, 3, { department: 'sales' });
    expect((await api(server, '/api/follow-ups/count', ownerToken)).body).toEqual({ open: 0 });

    const visitor = track(await connectVisitor(server.url));
    await visitor.call('visitor:hello', { department: 'sales' });
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Hello' });
    const chatId = sent.message.chatId;
    await anna.call('chat:accept', { chatId });
    await anna.call('message:send', { chatId, id: newId('m_'), text: 'Hi' });
    await anna.call('chat:close', { chatId });
    const { surveys } = await visitor.waitFor('survey:offer', () => true, 20_000);
    const csat = surveys.find((s: any) => s.kind === 'csat');
    await api(server, `/api/agents/${annaId}`, ownerToken, { method: 'PATCH', body: JSON.stringify({ disabled: true }) });
    const cleo = track(await connectAgent(server.url, cleoToken));
    const heard = cleo.waitFor('followUps:changed', () => true, 20_000);
    await visitor.call('survey:shown', { surveyId: csat.id });
    await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score: 2 });
    await heard;
    const list = (await api(server, '/api/follow-ups', cleoToken)).body.followUps;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ agent: null, departmentId: 'sales', score: 2, comment: null, mayComplete: true });
    expect((await done(server, list[0].id, cleoToken, { note: 'Wrote to the customer' })).status).toBe(200);
  });

  it('moves no chat metric: the same history with and without follow-ups gives byte-identical metrics', { timeout: 120_000 }, async () => {
    const at = Date.parse('2026-03-02T09:00:00Z');
    const runs = [];
    for (const followUpsEnabled of [true, false]) {
      const clock = new FakeClock(at);
      const { server, ownerToken } = await start(clock, { followUpsEnabled });
      const agent = track(await connectAgent(server.url, ownerToken));
      await agent.call('status:set', { status: 'online' });
      const { chatId } = await ratedChat(server, agent, 1, { clock });
      clock.advance(60_000);
      const followUps = (await api(server, '/api/follow-ups', ownerToken)).body.followUps;
      if (followUps.length) expect((await done(server, followUps[0].id, ownerToken, { note: 'Sorted' })).status).toBe(200);
      clock.advance(3600_000);
      const range = `from=2026-03-01&to=2026-03-03&tz=UTC`;
      const ownerId = (await server.store.value("SELECT id FROM agents WHERE role = 'owner'")) as string;
      const read = async (path: string) => {
        const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${ownerToken}` } });
        expect(res.status).toBe(200);
        return (await res.text()).replaceAll(chatId, 'CHAT').replaceAll(ownerId, 'OWNER');
      };
      runs.push({
        followUps: followUps.length,
        metrics: await read(`/api/metrics?${range}`),
        agents: await read(`/api/metrics/agents?${range}`),
        series: await read(`/api/metrics/series?${range}&bucket=hour`),
        csv: await read(`/api/metrics.csv?${range}`),
      });
    }
    expect(runs.map((r) => r.followUps)).toEqual([1, 0]);
    expect(runs[0]!.metrics).toContain('"csat"');
    expect(runs[0]!.metrics).toBe(runs[1]!.metrics);
    expect(runs[0]!.agents).toBe(runs[1]!.agents);
    expect(runs[0]!.series).toBe(runs[1]!.series);
    expect(runs[0]!.csv).toBe(runs[1]!.csv);
  });
});
