import { afterEach, describe, expect, it } from 'vitest';
import { apiCall, startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { newId } from '../shared/ids.ts';

/** What an admin changes over HTTP reaches the live side at once: sockets, routing, consoles. */
let server: TestServer;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
});

const patch = (path: string, token: string, body: unknown) => apiCall(server.url, token, path, { method: 'PATCH', body });

const statusOf = (agentId: string) =>
  server.store.value('SELECT status FROM agent_status_changes WHERE agent_id = ? ORDER BY at DESC, rowid DESC LIMIT 1', [agentId]);

describe('changes an admin makes', () => {
  it('disabling an online agent closes their console, takes them offline and puts their chats back in the queue', async () => {
    server = await startTestServer();
    const ownerToken = await loginToken(server.url);
    const bobToken = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    const bobId = (await server.store.value<string>("SELECT id FROM agents WHERE email = 'bob@example.com'"))!;
    const bob = track(await connectAgent(server.url, bobToken));
    await bob.call('status:set', { status: 'online' });
    const visitor = track(await connectVisitor(server.url));
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'Hello?' });
    expect((await bob.call('chat:accept', { chatId: message.chatId })).ok).toBe(true);

    const gone = new Promise<string>((resolve) => bob.socket.on('disconnect', (reason) => resolve(reason)));
    expect((await patch(`/agents/${bobId}`, ownerToken, { disabled: true })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    // Offline at once (not after a grace period), so their online time stops counting.
    expect(await statusOf(bobId)).toBe('offline');
    const chat = (await server.store.get('SELECT agent_id, queued_at FROM chats WHERE id = ?', [message.chatId])) as any;
    expect(chat.queued_at).not.toBeNull();
    const told = await visitor.waitFor('chat:update', (c) => c.id === message.chatId && c.status === 'queued');
    expect(told.queuePosition).toBe(1);
    // The "back in the queue" message it stored reaches the visitor too, with the next number.
    const requeued = await visitor.waitFor('message:new', (m) => m.chatId === message.chatId && m.notice?.kind === 'requeued');
    expect(requeued.chatSeq).toBe(3);
  });

  it('consoles follow the owner’s settings live; switching to auto routing assigns the waiting chats', async () => {
    server = await startTestServer();
    const ownerToken = await loginToken(server.url);
    const agentToken = await createAgentAccount(server.url, server.store, { name: 'Ann', email: 'ann@example.com' });
    const ann = track(await connectAgent(server.url, agentToken));
    await ann.call('status:set', { status: 'online' });
    const visitor = track(await connectVisitor(server.url));
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'Anyone?' });

    expect((await patch('/settings', ownerToken, { routingMode: 'auto', requireTagToClose: true, autoAwayMinutes: 7 })).status).toBe(200);
    expect(await ann.waitFor('settings:update')).toEqual({ routingMode: 'auto', autoAwayMinutes: 7, requireTagToClose: true });
    const assigned = await ann.waitFor('chat:upsert', (c) => c.id === message.chatId && c.status === 'active');
    expect(assigned.agent.name).toBe('Ann');
    // A refused change tells nobody anything.
    expect((await patch('/settings', ownerToken, { routingMode: 'sometimes' })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 100));
    expect(ann.received.filter((e) => e.event === 'settings:update')).toHaveLength(1);
  });
});

describe('what a visitor tells during a chat', () => {
  it('reaches the agents on the chat at once: identity, attributes, the page; a new name renames the chat everywhere', async () => {
    server = await startTestServer();
    const ownerToken = await loginToken(server.url);
    const owner = track(await connectAgent(server.url, ownerToken));
    await owner.call('status:set', { status: 'online' });
    const visitor = track(await connectVisitor(server.url));
    await visitor.call('visitor:hello', { page: { url: 'https://shop.example/' } });
    // Before any chat nobody is told anything.
    await visitor.call('visitor:identify', { name: 'Early Bird' });
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'Hi' });
    await owner.call('chat:accept', { chatId: message.chatId });
    expect(owner.received.filter((e) => e.event === 'visitor:update')).toEqual([]);

    expect((await visitor.call('visitor:identify', { name: 'Maria', email: 'maria@example.com' })).ok).toBe(true);
    const named = await owner.waitFor('visitor:update', (u) => u.visitor.name === 'Maria');
    expect(named).toMatchObject({ chatId: message.chatId, visitor: { name: 'Maria', email: 'maria@example.com' } });
    const renamed = await owner.waitFor('chat:upsert', (c) => c.id === message.chatId && c.visitorName === 'Maria');
    expect(renamed.status).toBe('active');

    expect((await visitor.call('visitor:attributes', { plan: 'pro' })).ok).toBe(true);
    await owner.waitFor('visitor:update', (u) => u.visitor.attributes?.plan === 'pro');
    expect((await visitor.call('page:view', { id: newId('pv_'), url: 'https://shop.example/checkout', title: 'Checkout' })).ok).toBe(true);
    const moved = await owner.waitFor('visitor:update', (u) => u.pages?.[0]?.url === 'https://shop.example/checkout');
    expect(moved.visitor.currentUrl).toBe('https://shop.example/checkout');
    // A refused call tells nobody.
    const before = owner.received.length;
    expect((await visitor.call('visitor:attributes', 'not an object')).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 100));
    expect(owner.received.slice(before).filter((e) => e.event === 'visitor:update')).toEqual([]);
  });
});
