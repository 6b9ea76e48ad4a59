import { afterEach, describe, expect, it } from 'vitest';
import { apiCall, startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { newId } from '../shared/ids.ts';

let server: TestServer;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
});

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) => apiCall(server.url, token, path, init);

/** An owner with an active chat from a connected visitor, and a second agent, Bob. */
async function activeChat() {
  server = await startTestServer();
  const ownerToken = await loginToken(server.url);
  const bobToken = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
  const owner = track(await connectAgent(server.url, ownerToken));
  const bob = track(await connectAgent(server.url, bobToken));
  await owner.call('status:set', { status: 'online' });
  await bob.call('status:set', { status: 'online' });
  const visitor = track(await connectVisitor(server.url));
  await visitor.call('visitor:hello', {});
  const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'I need help with billing' });
  const chatId: string = message.chatId;
  await owner.call('chat:accept', { chatId });
  return { ownerToken, bobToken, owner, bob, visitor, chatId };
}

describe('transfers', () => {
  it('to an online agent: a new assignment, the visitor is told, the new agent sees the whole history', async () => {
    const { owner, bob, visitor, chatId } = await activeChat();
    await owner.call('message:send', { chatId, id: newId('m_'), text: 'Let me find a billing expert.' });
    const bobId = (await bob.call('agent:hello', {})).inbox.me.id;
    const res = await owner.call('chat:transfer', { chatId, agentId: bobId, note: 'VIP customer, refund approved' });
    expect(res.ok).toBe(true);
    expect(res.chat.agent.name).toBe('Bob');
    const update = await visitor.waitFor('chat:update', (c) => c.agent?.name === 'Bob');
    expect(update.status).toBe('active');
    await visitor.waitFor('message:new', (m) => m.author === 'system' && /transferred the chat to Bob/.test(m.text));

    const detail = (await bob.call('chat:open', { chatId })).chat;
    expect(detail.messages.filter((m: any) => m.author !== 'system').map((m: any) => m.text)).toEqual([
      'I need help with billing',
      'Let me find a billing expert.',
    ]);
    expect(detail.notes.map((n: any) => n.text)).toEqual(['VIP customer, refund approved']);
    expect((await bob.call('agent:hello', {})).inbox.mine.map((c: any) => c.id)).toEqual([chatId]);
    expect(await server.store.value('SELECT count(*) FROM assignments WHERE chat_id = ?', [chatId])).toBe(2);
    // The note never reached the visitor.
    expect(JSON.stringify(visitor.received)).not.toContain('refund approved');

    const reply = await bob.call('message:send', { chatId, id: newId('m_'), text: 'Hi, Bob here.' });
    expect(reply.ok).toBe(true);
    const stale = await owner.call('message:send', { chatId, id: newId('m_'), text: 'still mine?' });
    expect(stale.ok).toBe(false);
  });

  it('refuses a transfer to an agent who is not online, and to nobody', async () => {
    const { owner, bob, chatId } = await activeChat();
    const bobId = (await bob.call('agent:hello', {})).inbox.me.id;
    await bob.call('status:set', { status: 'away' });
    expect((await owner.call('chat:transfer', { chatId, agentId: bobId })).error).toMatch(/agentId: Bob is not online/);
    expect((await owner.call('chat:transfer', { chatId })).field).toBe('agentId');
    expect(await server.store.value('SELECT count(*) FROM assignments')).toBe(1);
  });

  it('to a department: back in that department’s queue, keeping its place', async () => {
    const { ownerToken, owner, visitor, chatId } = await activeChat();
    expect((await api('/departments', ownerToken, { method: 'POST', body: { id: 'billing', name: 'Billing' } })).status).toBe(201);
    const res = await owner.call('chat:transfer', { chatId, departmentId: 'billing' });
    expect(res.chat.status).toBe('queued');
    expect(res.chat.departmentId).toBe('billing');
    expect((await visitor.waitFor('chat:update', (c) => c.status === 'queued')).queuePosition).toBe(1);
  });
});

describe('tags, notes, priority, SLA', () => {
  it('tags a chat, lists tags for autocomplete, and can require a tag before closing', async () => {
    const { ownerToken, owner, chatId } = await activeChat();
    expect((await api('/settings', ownerToken, { method: 'PATCH', body: { requireTagToClose: true } })).status).toBe(200);
    const refused = await owner.call('chat:close', { chatId });
    expect(refused).toMatchObject({ ok: false, field: 'tags' });
    expect((await owner.call('tag:add', { chatId, tag: 'billing' })).tags).toEqual(['billing']);
    expect((await owner.call('tag:add', { chatId, tag: 'billing' })).tags).toEqual(['billing']);
    expect((await owner.call('tag:add', { chatId, tag: 'refund' })).tags).toEqual(['billing', 'refund']);
    expect((await owner.call('tag:remove', { chatId, tag: 'refund' })).tags).toEqual(['billing']);
    expect((await owner.call('tag:add', { chatId, tag: '  ' })).field).toBe('tag');
    expect((await owner.call('tags:list', {})).tags).toEqual(['billing']);
    expect((await owner.call('chat:close', { chatId })).ok).toBe(true);
  });

  it('shows the SLA clock of the chat’s policy and changes with its priority', async () => {
    const { ownerToken, owner, bob, chatId } = await activeChat();
    await api('/sla-policies', ownerToken, {
      method: 'PUT',
      body: { departmentId: null, priority: 'urgent', firstResponseSec: 30, resolutionSec: 600 },
    });
    const bad = await api('/sla-policies', ownerToken, {
      method: 'PUT',
      body: { departmentId: null, priority: 'urgent', firstResponseSec: -1, resolutionSec: 600 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('firstResponseSec');
    expect((await owner.call('chat:open', { chatId })).chat.chat.sla).toBeNull();
    const res = await owner.call('chat:priority', { chatId, priority: 'urgent' });
    expect(res.chat.sla.firstResponseDueAt).toBe(res.chat.startedAt + 30_000);
    expect(res.chat.sla.resolutionDueAt).toBe(res.chat.startedAt + 600_000);
    expect(res.chat.sla.firstResponseAt).toBeNull();
    await owner.call('message:send', { chatId, id: newId('m_'), text: 'On it' });
    // Every console hears that the first-response clock has stopped.
    const pushed = await bob.waitFor('chat:upsert', (c) => c.id === chatId && c.sla?.firstResponseAt);
    expect(pushed.sla.firstResponseAt).toBeGreaterThanOrEqual(res.chat.startedAt);
    const after = (await owner.call('chat:open', { chatId })).chat.chat.sla;
    expect(after.firstResponseAt).toBeGreaterThanOrEqual(res.chat.startedAt);
  });

  it('canned replies: agents keep personal ones, admins shared ones; a reply records its cannedId', async () => {
    const { ownerToken, bobToken, owner, chatId } = await activeChat();
    const shared = await api('/canned', ownerToken, { method: 'POST', body: { shortcut: 'hello', text: 'Hello {visitor.name}!' } });
    expect(shared.status).toBe(201);
    expect(shared.body.canned.ownerAgentId).toBeNull();
    const mine = await api('/canned', bobToken, { method: 'POST', body: { shortcut: 'bye', text: 'Bye!' } });
    expect(mine.body.canned.ownerAgentId).not.toBeNull();
    expect((await api(`/canned/${shared.body.canned.id}`, bobToken, { method: 'DELETE' })).status).toBe(403);
    expect((await api('/canned', bobToken)).body.canned.map((c: any) => c.shortcut)).toEqual(['bye', 'hello']);
    expect((await owner.call('canned:list', {})).canned.map((c: any) => c.shortcut)).toEqual(['hello']);
    const sent = await owner.call('message:send', { chatId, id: newId('m_'), text: 'Hello there!', cannedId: shared.body.canned.id });
    expect(sent.message.cannedId).toBe(shared.body.canned.id);
    expect((await api(`/canned/${shared.body.canned.id}`, ownerToken, { method: 'DELETE' })).status).toBe(409);
  });
});

describe('roles', () => {
  it('an agent cannot reach settings, other agents, the metrics or the export', async () => {
    const { bobToken } = await activeChat();
    for (const path of ['/settings', '/agents', '/metrics?from=2026-01-01&to=2026-02-01', '/export']) {
      expect((await api(path, bobToken)).status, path).toBe(403);
    }
    expect((await api('/agents', bobToken, { method: 'POST', body: {} })).status).toBe(403);
    expect((await api('/settings', 'not-a-token')).status).toBe(401);
  });

  it('admins create agents with validation naming the field; only owners make owners', async () => {
    server = await startTestServer();
    const ownerToken = await loginToken(server.url);
    const created = await api('/agents', ownerToken, {
      method: 'POST',
      body: { name: 'Ann', email: 'ann@example.com', role: 'admin', password: 'long-enough', maxChats: 4 },
    });
    expect(created.status).toBe(201);
    const annToken = await loginToken(server.url, 'ann@example.com', 'long-enough');
    const owner = await api('/agents', annToken, {
      method: 'POST',
      body: { name: 'Eve', email: 'eve@example.com', role: 'owner', password: 'long-enough' },
    });
    expect(owner.status).toBe(400);
    expect(owner.body.field).toBe('role');
    const dup = await api('/agents', ownerToken, {
      method: 'POST',
      body: { name: 'Ann 2', email: 'ANN@example.com', password: 'long-enough' },
    });
    expect(dup.body.field).toBe('email');
    const bad = await api('/settings', ownerToken, { method: 'PATCH', body: { widget: { color: 'red' } } });
    expect(bad.status).toBe(400);
    const badOrigin = await api('/settings', ownerToken, { method: 'PATCH', body: { allowedOrigins: ['https://shop.example/path'] } });
    expect(badOrigin.body.field).toBe('allowedOrigins.0');
    // Disabling an agent ends their sessions.
    await api(`/agents/${created.body.agent.id}`, ownerToken, { method: 'PATCH', body: { disabled: true } });
    expect((await api('/settings', annToken)).status).toBe(401);
  });
});
