import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import type { LiveVisitor } from '../shared/protocol.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { testBackend } from './helpers/postgres.ts';

// Visitors now (README): who is on the site, live to every console (on any node), and an
// agent who writes first, on a real server with real sockets, on SQLite and on Postgres.

const servers: TestServer[] = [];
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  const all = servers.splice(0);
  for (const s of all.slice(1)) await s.close();
  await all[0]?.close(true);
});

async function visitorOn(url: string, page: { url: string; title: string }) {
  const visitor = track(await connectVisitor(url));
  expect((await visitor.call('visitor:hello', { locale: 'bg-BG', timeZone: 'Europe/Sofia' })).ok).toBe(true);
  expect((await visitor.call('page:view', { id: newId('pv_'), ...page })).ok).toBe(true);
  return visitor;
}

const liveRow = (agent: TestClient, visitorId: string, match: (v: LiveVisitor) => boolean = () => true) =>
  agent.waitFor<LiveVisitor>('visitors:live', (v: LiveVisitor) => v.visitorId === visitorId && match(v));

describe('visitors now', () => {
  it('lists who is on the site with their page, visit and country, and tells the consoles as it changes', async () => {
    const server = await startTestServer();
    servers.push(server);
    const owner = await loginToken(server.url);
    const agent = track(await connectAgent(server.url, owner));
    const visitor = await visitorOn(server.url, { url: 'https://shop.example/shoes', title: 'Shoes' });

    const row = await liveRow(agent, visitor.visitorId, (v) => v.pagesThisVisit === 1);
    expect(row).toMatchObject({
      url: 'https://shop.example/shoes',
      title: 'Shoes',
      pagesThisVisit: 1,
      returning: false,
      country: 'BG',
      locale: 'bg-BG',
      timeZone: 'Europe/Sofia',
      chatId: null,
    });
    const listed = await apiCall(server.url, owner, '/visitors/live');
    expect(listed.status).toBe(200);
    expect(listed.body.visitors).toEqual([expect.objectContaining({ visitorId: visitor.visitorId, pagesThisVisit: 1, title: 'Shoes' })]);

    expect((await visitor.call('page:view', { id: newId('pv_'), url: 'https://shop.example/boots', title: 'Boots' })).ok).toBe(true);
    expect(await liveRow(agent, visitor.visitorId, (v) => v.pagesThisVisit === 2)).toMatchObject({ url: 'https://shop.example/boots', title: 'Boots' });

    // Any agent sees who is on the site; a stranger does not.
    const carol = await createAgentAccount(server.url, server.store, { name: 'Carol', email: 'carol@example.com' });
    expect((await apiCall(server.url, carol, '/visitors/live')).body.visitors).toHaveLength(1);
    expect((await fetch(`${server.url}/api/visitors/live`)).status).toBe(401);

    visitor.close();
    await agent.waitFor('visitors:gone', (g) => g.visitorId === visitor.visitorId);
    expect((await apiCall(server.url, owner, '/visitors/live')).body.visitors).toEqual([]);
  });

  it('Start chat: the agent writes first, the visitor gets the chat and the message, and can answer', async () => {
    const server = await startTestServer();
    servers.push(server);
    const owner = await loginToken(server.url);
    const agent = track(await connectAgent(server.url, owner));
    const visitor = await visitorOn(server.url, { url: 'https://shop.example/sizes', title: 'Sizes' });
    await liveRow(agent, visitor.visitorId);

    const start = (body: unknown, visitorId = visitor.visitorId) => apiCall(server.url, owner, `/visitors/${visitorId}/chats`, { method: 'POST', body });
    expect((await start({ id: newId('m_'), text: '' })).body.field).toBe('text');
    expect((await start({ id: 'short', text: 'Hi' })).body.field).toBe('id');
    expect((await start({ id: newId('m_'), text: 'Hi' }, 'v_nobody')).status).toBe(404);

    const id = newId('m_');
    const started = await start({ id, text: 'Hello! Can I help you find a size?' });
    expect(started.status).toBe(201);
    const chatId = started.body.chatId as string;
    // The widget hears of the chat and of the agent's message.
    const update = await visitor.waitFor('chat:update', (c) => c.id === chatId);
    expect(update.status).toBe('active');
    const first = await visitor.waitFor('message:new', (m) => m.chatId === chatId);
    expect(first).toMatchObject({ id, author: 'agent', text: 'Hello! Can I help you find a size?' });
    // Consoles see them chatting, with whom; the chat is the agent's.
    const me = (await apiCall(server.url, owner, '/auth/me')).body.agent;
    expect(await liveRow(agent, visitor.visitorId, (v) => v.chatId === chatId)).toMatchObject({ chatAgentId: me.id });
    await agent.waitFor('chat:upsert', (c) => c.id === chatId && c.status === 'active');
    // A repeat of the same call is the same message; a second chat while this one is open is refused.
    expect((await start({ id, text: 'Hello! Can I help you find a size?' })).body.chatId).toBe(chatId);
    expect((await start({ id: newId('m_'), text: 'Hello again' })).status).toBe(409);

    // The visitor answers in that chat; the greeting alone was no reply (METRICS.md).
    const day = new Date(Date.now() - 3600_000).toISOString().slice(0, 10);
    const range = `from=${day}T00:00:00Z&to=${new Date(Date.now() + 86400_000).toISOString()}`;
    expect((await apiCall(server.url, owner, `/metrics?${range}`)).body.frt.count).toBe(0);
    const answer = await visitor.call('message:send', { id: newId('m_'), text: 'Yes, size 42 please' });
    expect(answer.ok).toBe(true);
    expect(answer.message.chatId).toBe(chatId);
    expect((await agent.call('message:send', { chatId, id: newId('m_'), text: 'Size 42 is in stock' })).ok).toBe(true);
    const metrics = (await apiCall(server.url, owner, `/metrics?${range}`)).body;
    expect(metrics.frt.count).toBe(1);
    expect(metrics.wait.count).toBe(1);
    expect(metrics.wait.mean).toBe(0);
  });

  // Several nodes share a Postgres database (README "Run on several machines"); SQLite is one node.
  it.skipIf(testBackend !== 'postgres')('works across nodes: a visitor on one node is live in a console on the other', async () => {
    const a = await startTestServer({ config: { nodeId: 'node-a' } });
    servers.push(a);
    const b = await startTestServer({ dbPath: a.dbPath, databaseUrl: a.databaseUrl, config: { nodeId: 'node-b' } });
    servers.push(b);
    const owner = await loginToken(a.url);
    const agentOnB = track(await connectAgent(b.url, owner));
    const visitor = await visitorOn(a.url, { url: 'https://shop.example/', title: 'Home' });
    expect(await liveRow(agentOnB, visitor.visitorId, (v) => v.pagesThisVisit === 1)).toMatchObject({ title: 'Home' });
    expect((await apiCall(b.url, owner, '/visitors/live')).body.visitors.map((v: LiveVisitor) => v.visitorId)).toEqual([visitor.visitorId]);
    const started = await apiCall(b.url, owner, `/visitors/${visitor.visitorId}/chats`, { method: 'POST', body: { id: newId('m_'), text: 'Hi from node B' } });
    expect(started.status).toBe(201);
    expect(await visitor.waitFor('message:new', (m) => m.chatId === started.body.chatId)).toMatchObject({ text: 'Hi from node B' });
    visitor.close();
    await agentOnB.waitFor('visitors:gone', (g) => g.visitorId === visitor.visitorId);
  });
});
