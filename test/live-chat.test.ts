import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { newId } from '../shared/ids.ts';
import { getAgent } from '../server/store/agents.ts';

let server: TestServer | undefined;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
  server = undefined;
});

async function setup(config = {}) {
  server = await startTestServer({ config });
  const ownerToken = await loginToken(server.url);
  const agent = track(await connectAgent(server.url, ownerToken));
  return { server, ownerToken, agent };
}

const count = async (table: string) => (await server!.store.value<number>(`SELECT count(*) FROM ${table}`))!;

describe('a whole chat', () => {
  it('goes visitor → queue → accept → reply → close, every step stored with the server time', async () => {
    const { agent } = await setup();
    expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
    const visitor = track(await connectVisitor(server!.url));
    const hello = await visitor.call('visitor:hello', { locale: 'en', page: { url: 'https://shop.example/p/1' } });
    expect(hello.ok).toBe(true);
    expect(hello.state.agentsOnline).toBe(true);
    expect(hello.state.chat).toBeNull();

    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Hello, is my order shipped?' });
    expect(sent.ok).toBe(true);
    const chatId = sent.message.chatId;
    const queued = await visitor.waitFor('chat:update', (c) => c.id === chatId && c.status === 'queued');
    expect(queued.queuePosition).toBe(1);
    const upsert = await agent.waitFor('chat:upsert', (c) => c.id === chatId && c.status === 'queued');
    expect(upsert.lastMessage?.text ?? 'Hello, is my order shipped?').toBe('Hello, is my order shipped?');

    const accepted = await agent.call('chat:accept', { chatId });
    expect(accepted.ok).toBe(true);
    expect(accepted.chat.messages.map((m: any) => m.author)).toEqual(['visitor', 'system']);
    expect(accepted.chat.visitor.currentUrl).toBe('https://shop.example/p/1');
    const active = await visitor.waitFor('chat:update', (c) => c.status === 'active');
    expect(active.agent.name).toBe('Owner');

    agent.socket.emit('typing:set', { chatId, typing: true });
    expect((await visitor.waitFor('typing:update', (t) => t.typing)).name).toBe('Owner');
    visitor.socket.emit('typing:set', { typing: true });
    expect((await agent.waitFor('typing:update', (t) => t.chatId === chatId && t.typing)).typing).toBe(true);

    const reply = await agent.call('message:send', { chatId, id: newId('m_'), text: 'Yes, it left today.' });
    expect(reply.ok).toBe(true);
    const got = await visitor.waitFor('message:new', (m) => m.id === reply.message.id);
    expect(got.authorName).toBe('Owner');

    const closed = await agent.call('chat:close', { chatId });
    expect(closed.ok).toBe(true);
    expect(closed.chat.status).toBe('closed');
    await visitor.waitFor('chat:update', (c) => c.status === 'closed');

    const row = (await server!.store.get('SELECT * FROM chats WHERE id = ?', [chatId])) as any;
    expect(row.closed_by).toBe('agent');
    expect(row.closed_at).toBeGreaterThanOrEqual(row.started_at);
    const events = await server!.store.column('SELECT kind FROM chat_events WHERE chat_id = ? ORDER BY seq', [chatId]);
    expect(events).toEqual(['queued', 'assigned', 'closed']);
    const assignments = await server!.store.column('SELECT agent_id FROM assignments WHERE chat_id = ?', [chatId]);
    expect(assignments).toHaveLength(1);
  });

  it('a message sent twice with the same id is stored once and acked with the same row', async () => {
    await setup();
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const id = newId('m_');
    const first = await visitor.call('message:send', { id, text: 'once' });
    const second = await visitor.call('message:send', { id, text: 'once' });
    expect(second).toEqual(first);
    expect(await count('messages')).toBe(1);
  });

  it('a new tab or a reload continues the same conversation', async () => {
    await setup();
    const tab1 = track(await connectVisitor(server!.url));
    await tab1.call('visitor:hello', {});
    await tab1.call('message:send', { id: newId('m_'), text: 'first tab' });
    const tab2 = track(await connectVisitor(server!.url, tab1.token));
    expect(tab2.visitorId).toBe(tab1.visitorId);
    const hello = await tab2.call('visitor:hello', {});
    expect(hello.state.messages.map((m: any) => m.text)).toEqual(['first tab']);
    await tab2.call('message:send', { id: newId('m_'), text: 'second tab' });
    await tab1.waitFor('message:new', (m) => m.text === 'second tab');
  });
});

describe('messages that arrive together', () => {
  it('an agent sending more messages at once than the store has connections: all stored, in order, acked', async () => {
    const { agent } = await setup();
    await agent.call('status:set', { status: 'online' });
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'hello' });
    await agent.call('chat:accept', { chatId: message.chatId });
    // 25 at once: more than the Postgres pool's 10 connections (each waits for its sender's
    // lookup before it takes one, never while holding one).
    const texts = Array.from({ length: 25 }, (_, i) => `reply ${i}`);
    const acks = await Promise.all(texts.map((text) => agent.call('message:send', { chatId: message.chatId, id: newId('m_'), text })));
    expect(acks.every((a) => a.ok)).toBe(true);
    const stored = await server!.store.column("SELECT text FROM messages WHERE chat_id = ? AND author = 'agent' ORDER BY chat_seq", [message.chatId]);
    expect(stored).toEqual(texts);
  });

  it('share one commit: each acked with its row, a retry in the same turn gets the stored row, a refusal fails alone', async () => {
    const { agent } = await setup();
    await agent.call('status:set', { status: 'online' });
    const anna = track(await connectVisitor(server!.url));
    const ben = track(await connectVisitor(server!.url));
    for (const v of [anna, ben]) await v.call('visitor:hello', {});
    const open = (await anna.call('message:send', { id: newId('m_'), text: 'hello' })).message.chatId;
    await agent.call('chat:accept', { chatId: open });
    const closed = (await ben.call('message:send', { id: newId('m_'), text: 'bye' })).message.chatId;
    await agent.call('chat:accept', { chatId: closed });
    await agent.call('chat:close', { chatId: closed });

    const { lifecycle } = server!.parley.realtime;
    const ownerId = (await server!.store.value<string>("SELECT id FROM agents WHERE email = 'owner@example.com'"))!;
    const owner = (await getAgent(server!.store, ownerId))!;
    const id = newId('m_');
    // Called in one go, as the messages of the sockets read in one event-loop turn are.
    const results = await Promise.allSettled([
      lifecycle.visitorMessage(anna.visitorId, { id, text: 'one' }, null),
      lifecycle.visitorMessage(anna.visitorId, { id, text: 'one' }, null),
      lifecycle.agentMessage(owner, { chatId: closed, id: newId('m_'), text: 'too late' }),
      lifecycle.agentMessage(owner, { chatId: open, id: newId('m_'), text: 'two' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const [one, retry, refused, two] = results as any[];
    expect(retry.value).toEqual(one.value);
    expect(refused.reason.message).toBe('chatId: this chat is closed');
    expect(two.value.chatSeq).toBe(one.value.chatSeq + 1);
    const texts = await server!.store.column('SELECT text FROM messages WHERE chat_id = ? ORDER BY seq', [open]);
    expect(texts).toEqual(['hello', 'Owner joined the chat', 'one', 'two']);
    expect(await count('messages')).toBe(7);
    await anna.waitFor('message:new', (m) => m.text === 'two');
    expect(anna.pushed('message:new').filter((m) => m.id === id)).toHaveLength(1);
  });

  it('the same id sent twice at once from a socket is stored once, both acked with the stored row', async () => {
    await setup();
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const id = newId('m_');
    const [first, second] = await Promise.all([
      visitor.call('message:send', { id, text: 'twice' }),
      visitor.call('message:send', { id, text: 'twice' }),
    ]);
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    expect(await count('messages')).toBe(1);
  });
});

describe('reconnects', () => {
  it('a reconnecting visitor and agent get every message they missed, in order, none doubled', async () => {
    const { agent, ownerToken } = await setup();
    await agent.call('status:set', { status: 'online' });
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const first = await visitor.call('message:send', { id: newId('m_'), text: 'v1' });
    const chatId = first.message.chatId;
    await agent.call('chat:accept', { chatId });
    const seen = (await visitor.call('messages:sync', { chatId, afterSeq: 0 })).messages;
    const lastSeq = seen[seen.length - 1].seq;

    visitor.socket.disconnect();
    for (const text of ['a1', 'a2', 'a3']) await agent.call('message:send', { chatId, id: newId('m_'), text });
    agent.socket.disconnect();

    // The visitor comes back; a message it had sent without an ack is retried with its id.
    const back = track(await connectVisitor(server!.url, visitor.token));
    const pendingId = newId('m_');
    await back.call('message:send', { id: pendingId, text: 'v2' });
    await back.call('message:send', { id: pendingId, text: 'v2' });
    const missed = (await back.call('messages:sync', { chatId, afterSeq: lastSeq })).messages;
    expect(missed.map((m: any) => m.text)).toEqual(['a1', 'a2', 'a3', 'v2']);

    const agentBack = track(await connectAgent(server!.url, ownerToken));
    const all = (await agentBack.call('messages:sync', { chatId, afterSeq: 0 })).messages;
    expect(all.filter((m: any) => m.author !== 'system').map((m: any) => m.text)).toEqual(['v1', 'a1', 'a2', 'a3', 'v2']);
    const seqs = all.map((m: any) => m.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(all.map((m: any) => m.id)).size).toBe(all.length);
  });

  it('history and open chats survive a server restart on the same file', async () => {
    const { agent, ownerToken } = await setup();
    await agent.call('status:set', { status: 'online' });
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'before restart' });
    await agent.call('chat:accept', { chatId: message.chatId });
    await agent.call('message:send', { chatId: message.chatId, id: newId('m_'), text: 'reply before restart' });
    for (const c of clients.splice(0)) c.close();

    const { dbPath, databaseUrl } = server!;
    await server!.close();
    server = await startTestServer({ dbPath, databaseUrl });

    const visitorBack = track(await connectVisitor(server.url, visitor.token));
    const hello = await visitorBack.call('visitor:hello', {});
    expect(hello.state.chat.id).toBe(message.chatId);
    expect(hello.state.chat.status).toBe('active');
    expect(hello.state.messages.filter((m: any) => m.author !== 'system').map((m: any) => m.text)).toEqual([
      'before restart',
      'reply before restart',
    ]);
    const agentBack = track(await connectAgent(server.url, ownerToken));
    const inbox = (await agentBack.call('agent:hello', {})).inbox;
    expect(inbox.mine.map((c: any) => c.id)).toEqual([message.chatId]);
    expect(inbox.me.status).toBe('online');
    const after = await visitorBack.call('message:send', { id: newId('m_'), text: 'after restart' });
    expect(after.ok).toBe(true);
    await agentBack.waitFor('message:new', (m) => m.text === 'after restart');
  });
});

describe('isolation and authentication', () => {
  it('one visitor can never read or end another visitor’s chat', async () => {
    await setup();
    const alice = track(await connectVisitor(server!.url));
    const mallory = track(await connectVisitor(server!.url));
    await alice.call('visitor:hello', {});
    await mallory.call('visitor:hello', {});
    const { message } = await alice.call('message:send', { id: newId('m_'), text: 'my address is 1 Secret St' });
    const sync = await mallory.call('messages:sync', { chatId: message.chatId, afterSeq: 0 });
    expect(sync).toEqual({ ok: false, error: 'chatId: no such chat', field: 'chatId' });
    const end = await mallory.call('chat:end', { chatId: message.chatId });
    expect(end.ok).toBe(false);
    // Reusing Alice's message id does not move her message into Mallory's hands.
    const steal = await mallory.call('message:send', { id: message.id, text: 'x' });
    expect(steal.ok).toBe(false);
    expect(mallory.pushed('message:new')).toEqual([]);
    expect(await server!.store.value('SELECT closed_at FROM chats')).toBeNull();
  });

  it('refuses sockets without a valid token', async () => {
    await setup();
    const { io } = await import('socket.io-client');
    for (const [nsp, auth] of [
      ['/agent', {}],
      ['/agent', { token: 'forged' }],
      ['/visitor', {}],
      ['/visitor', { token: 'forged' }],
    ] as const) {
      const socket = io(`${server!.url}${nsp}`, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
      const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(error.message).toMatch(/unauthorized|invalid visitor token/);
      socket.disconnect();
    }
  });
});

describe('bad input', () => {
  it('every event answers a malformed payload with an error naming the field and writes nothing', async () => {
    const { agent } = await setup();
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'real one' });
    const tables = ['messages', 'chats', 'assignments', 'agent_status_changes', 'chat_events'];
    const before = await Promise.all(tables.map(count));

    const bad: Array<[TestClient, string, unknown, string]> = [
      [visitor, 'visitor:hello', null, 'payload'],
      [visitor, 'visitor:hello', { locale: 5 }, 'locale'],
      [visitor, 'visitor:hello', { department: 'nope' }, 'department'],
      [visitor, 'message:send', 'hi', 'payload'],
      [visitor, 'message:send', { id: newId('m_') }, 'text'],
      [visitor, 'message:send', { id: newId('m_'), text: '   ' }, 'text'],
      [visitor, 'message:send', { id: newId('m_'), text: 'x'.repeat(5001) }, 'text'],
      [visitor, 'message:send', { id: 'x', text: 'short id' }, 'id'],
      [visitor, 'message:send', { id: newId('m_'), text: 'hi', extra: 1 }, 'payload'],
      [visitor, 'messages:sync', { chatId: message.chatId, afterSeq: -1 }, 'afterSeq'],
      [visitor, 'chat:end', {}, 'chatId'],
      [visitor, 'offline:submit', { id: newId('m_'), name: 'A', email: 'not-an-email', text: 'hi' }, 'email'],
      [visitor, 'offline:submit', { id: newId('m_'), name: '', email: 'a@b.co', text: 'hi' }, 'name'],
      [agent, 'agent:hello', [], 'payload'],
      [agent, 'status:set', { status: 'sleeping' }, 'status'],
      [agent, 'chat:accept', { chatId: 42 }, 'chatId'],
      [agent, 'chat:accept', { chatId: 'no-such-chat' }, 'chatId'],
      [agent, 'chat:open', undefined, 'payload'],
      [agent, 'message:send', { chatId: message.chatId, id: newId('m_'), text: 'not assigned yet' }, 'chatId'],
      [agent, 'message:send', { chatId: message.chatId, id: newId('m_'), text: '<b>x</b>', cannedId: 7 }, 'cannedId'],
      [agent, 'messages:sync', { chatId: message.chatId }, 'afterSeq'],
      [agent, 'chat:close', { chatId: ['x'] }, 'chatId'],
    ];
    for (const [client, event, payload, field] of bad) {
      const res = await client.call(event, payload);
      expect(res.ok, `${event} ${JSON.stringify(payload)}`).toBe(false);
      expect(res.field, `${event} ${JSON.stringify(payload)}`).toBe(field);
      expect(res.error).toContain(field);
    }
    // Events without an ack callback and typing with garbage are ignored without a crash.
    visitor.socket.emit('typing:set', 'garbage');
    agent.socket.emit('typing:set', { chatId: 1 });
    visitor.socket.emit('message:send', { id: newId('m_') });
    expect(await Promise.all(tables.map(count))).toEqual(before);
    expect((await visitor.call('visitor:hello', {})).ok).toBe(true);
  });

  it('HTML in a message is stored and relayed as the text it is', async () => {
    await setup();
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const text = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const { message } = await visitor.call('message:send', { id: newId('m_'), text });
    expect(message.text).toBe(text);
  });
});

describe('routing', () => {
  it('auto-assigns to the online agent with the fewest open chats, ties to the one idle longest', async () => {
    server = await startTestServer({ config: { routingMode: 'auto' } });
    const annaToken = await createAgentAccount(server.url, server.store, { name: 'Anna', email: 'anna@example.com', maxChats: 2 });
    const bobToken = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com', maxChats: 2 });
    const anna = track(await connectAgent(server.url, annaToken));
    const bob = track(await connectAgent(server.url, bobToken));
    await anna.call('status:set', { status: 'online' });
    await new Promise((r) => setTimeout(r, 5));
    await bob.call('status:set', { status: 'online' });

    const agentsOf: string[] = [];
    for (let i = 0; i < 5; i++) {
      const v = track(await connectVisitor(server.url));
      await v.call('visitor:hello', {});
      const { message } = await v.call('message:send', { id: newId('m_'), text: `chat ${i}` });
      const row = (await server.store.get('SELECT agent_id, queued_at FROM chats WHERE id = ?', [message.chatId])) as any;
      agentsOf.push(row.queued_at === null ? row.agent_id : 'queue');
    }
    const names: string[] = [];
    for (const id of agentsOf) names.push(id === 'queue' ? 'queue' : (await server.store.value<string>('SELECT name FROM agents WHERE id = ?', [id]))!);
    // Anna went online first, so she has been idle longest; then they alternate; the 5th waits (both at maxChats).
    expect(names).toEqual(['Anna', 'Bob', 'Anna', 'Bob', 'queue']);
    // Closing a chat frees a place and the waiting chat is assigned at once.
    const annaChat = (await anna.call('agent:hello', {})).inbox.mine[0].id;
    await anna.call('chat:close', { chatId: annaChat });
    const mine = (await anna.call('agent:hello', {})).inbox.mine.map((c: any) => c.lastMessage);
    // The English words for transcripts and the export; the notice for readers of other languages.
    expect(mine).toContainEqual(expect.objectContaining({ author: 'system', text: 'Anna joined the chat', notice: { kind: 'joined', agent: 'Anna' } }));
    expect(await server.store.value('SELECT count(*) FROM chats WHERE queued_at IS NOT NULL')).toBe(0);
  });

  it('outside the opening hours a message is kept as an offline message: no place in line, not assigned, not missed', async () => {
    // Saturday 21 November 2026, noon in Sofia; open Monday to Friday 9–18 there.
    const clock = new FakeClock(Date.parse('2026-11-21T10:00:00Z'));
    server = await startTestServer({ clock, config: { routingMode: 'auto', visitorGraceMs: 200 } });
    const ownerToken = await loginToken(server.url);
    const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ from: '09:00', to: '18:00' }]]));
    const patched = await fetch(`${server.url}/api/settings`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ businessHours: { '*': { timeZone: 'Europe/Sofia', days: weekdays } } }),
    });
    expect(patched.status).toBe(200);
    const agent = track(await connectAgent(server.url, ownerToken));
    await agent.call('status:set', { status: 'online' });

    const late = track(await connectVisitor(server.url));
    await late.call('visitor:hello', {});
    const { message } = await late.call('message:send', { id: newId('m_'), text: 'Are you open on Sunday?' });
    const row = async () => (await server!.store.get('SELECT channel, agent_id, closed_at FROM chats WHERE id = ?', [message.chatId])) as any;
    expect(await row()).toEqual({ channel: 'offline', agent_id: null, closed_at: null });
    const view = (await late.call('visitor:hello', {})).state.chat;
    expect(view).toMatchObject({ channel: 'offline', status: 'queued', queuePosition: null });
    // Leaving does not make it a missed chat: it waits for an agent's answer.
    late.socket.disconnect();
    await new Promise((r) => setTimeout(r, 600));
    expect((await row()).closed_at).toBeNull();

    // Monday 10:00 in Sofia: a live chat again, assigned at once.
    clock.set(Date.parse('2026-11-23T08:00:00Z'));
    const early = track(await connectVisitor(server.url));
    await early.call('visitor:hello', {});
    const { message: m2 } = await early.call('message:send', { id: newId('m_'), text: 'Hello' });
    const assigned = 'SELECT channel, CASE WHEN agent_id IS NOT NULL THEN 1 ELSE 0 END AS assigned FROM chats WHERE id = ?';
    expect(await server.store.get(assigned, [m2.chatId])).toEqual({ channel: 'widget', assigned: 1 });
  });

  it('an agent who goes offline hands their chats back to the queue, first in line', async () => {
    const { agent } = await setup();
    await agent.call('status:set', { status: 'online' });
    const early = track(await connectVisitor(server!.url));
    await early.call('visitor:hello', {});
    const { message: m1 } = await early.call('message:send', { id: newId('m_'), text: 'early' });
    await agent.call('chat:accept', { chatId: m1.chatId });
    const late = track(await connectVisitor(server!.url));
    await late.call('visitor:hello', {});
    const { message: m2 } = await late.call('message:send', { id: newId('m_'), text: 'late' });
    await late.waitFor('chat:update', (c) => c.queuePosition === 1);

    await agent.call('status:set', { status: 'offline' });
    const back = await early.waitFor('chat:update', (c) => c.status === 'queued');
    expect(back.queuePosition).toBe(1);
    await late.waitFor('chat:update', (c) => c.id === m2.chatId && c.queuePosition === 2);
    const events = await server!.store.column('SELECT kind FROM chat_events WHERE chat_id = ? ORDER BY seq', [m1.chatId]);
    expect(events).toEqual(['queued', 'assigned', 'requeued']);
  });

  it('an agent disconnected past the grace period goes offline and their chats return to the queue', async () => {
    const { agent } = await setup({ agentGraceMs: 150 });
    await agent.call('status:set', { status: 'online' });
    const v = track(await connectVisitor(server!.url));
    await v.call('visitor:hello', {});
    const { message } = await v.call('message:send', { id: newId('m_'), text: 'hi' });
    await agent.call('chat:accept', { chatId: message.chatId });
    agent.socket.disconnect();
    await v.waitFor('chat:update', (c) => c.status === 'queued', 3000);
    await v.waitFor('availability:update', (a) => a.agentsOnline === false, 3000);
  });

  it('a visitor who leaves before any reply makes a missed chat; no agent online offers the offline form', async () => {
    await setup({ visitorGraceMs: 150 });
    const v = track(await connectVisitor(server!.url));
    const hello = await v.call('visitor:hello', {});
    expect(hello.state.agentsOnline).toBe(false);
    const { message } = await v.call('message:send', { id: newId('m_'), text: 'anyone?' });
    v.socket.disconnect();
    await new Promise((r) => setTimeout(r, 400));
    const row = (await server!.store.get('SELECT closed_by, closed_at FROM chats WHERE id = ?', [message.chatId])) as any;
    expect(row.closed_by).toBe('system');

    const w = track(await connectVisitor(server!.url));
    await w.call('visitor:hello', {});
    const form = await w.call('offline:submit', { id: newId('m_'), name: 'Dana', email: 'dana@example.com', text: 'Call me back' });
    expect(form.ok).toBe(true);
    expect(form.chat.channel).toBe('offline');
    expect(form.chat.status).toBe('queued');
  });
});

describe('every stored message reaches the chat', () => {
  /** A chat Owner has accepted, with its visitor's socket. */
  async function acceptedChat(config = {}) {
    const { agent } = await setup(config);
    await agent.call('status:set', { status: 'online' });
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'Where is my parcel?' });
    await agent.call('chat:accept', { chatId: message.chatId });
    await visitor.waitFor('message:new', (m) => m.notice?.kind === 'joined');
    return { agent, visitor, chatId: message.chatId as string };
  }

  /** What the visitor's socket got of the chat, as per-chat numbers: 1, 2, 3… with no hole. */
  const numbersSeen = (visitor: TestClient, chatId: string) =>
    visitor.pushed('message:new').filter((m) => m.chatId === chatId).map((m) => m.chatSeq);

  it('the agent sets their status offline: the visitor gets "back in the queue" live', async () => {
    const { agent, visitor, chatId } = await acceptedChat();
    await agent.call('status:set', { status: 'offline' });
    const requeued = await visitor.waitFor('message:new', (m) => m.chatId === chatId && m.notice?.kind === 'requeued');
    expect(requeued).toMatchObject({ author: 'system', chatSeq: 3 });
    expect(numbersSeen(visitor, chatId)).toEqual([1, 2, 3]);
  });

  it('the agent’s grace period ends: the visitor gets "back in the queue" live', async () => {
    const { agent, visitor, chatId } = await acceptedChat({ agentGraceMs: 150 });
    agent.socket.disconnect();
    await visitor.waitFor('message:new', (m) => m.chatId === chatId && m.notice?.kind === 'requeued', 3000);
    expect(numbersSeen(visitor, chatId)).toEqual([1, 2, 3]);
  });

  it('numbers each chat’s messages 1, 2, 3… however other chats interleave, from the insert’s transaction', async () => {
    const { agent } = await setup();
    await agent.call('status:set', { status: 'online' });
    const [anna, ben] = [track(await connectVisitor(server!.url)), track(await connectVisitor(server!.url))];
    for (const v of [anna, ben]) await v.call('visitor:hello', {});
    const sent: any[] = [];
    for (let i = 0; i < 3; i++) {
      for (const v of [anna, ben]) sent.push((await v.call('message:send', { id: newId('m_'), text: `message ${i}` })).message);
    }
    const annaChat = sent[0].chatId;
    const ofAnna = sent.filter((m) => m.chatId === annaChat);
    // seq leaves holes where Ben's chat wrote; chatSeq does not.
    expect(ofAnna.map((m) => m.seq)).toEqual([ofAnna[0].seq, ofAnna[0].seq + 2, ofAnna[0].seq + 4]);
    expect(ofAnna.map((m) => m.chatSeq)).toEqual([1, 2, 3]);
    await agent.call('chat:accept', { chatId: annaChat });
    const all = (await anna.call('messages:sync', { chatId: annaChat, afterSeq: 0 })).messages;
    expect(all.map((m: any) => m.chatSeq)).toEqual([1, 2, 3, 4]);
    expect(all[3].notice).toEqual({ kind: 'joined', agent: 'Owner' });
  });
});

describe('the queue', () => {
  it('offline messages hold no place in the live queue', async () => {
    await setup();
    const left = track(await connectVisitor(server!.url));
    await left.call('offline:submit', { id: newId('m_'), name: 'Dana', email: 'dana@example.com', text: 'Call me back' });
    const live = track(await connectVisitor(server!.url));
    await live.call('visitor:hello', {});
    const { message } = await live.call('message:send', { id: newId('m_'), text: 'hello' });
    const update = await live.waitFor('chat:update', (c) => c.id === message.chatId);
    expect(update.queuePosition).toBe(1);
  });
});

describe('queue places', () => {
  it('a chat joining the end moves nobody: only visitors whose place changed are told', async () => {
    const { agent } = await setup();
    const waiting: Array<TestClient & { chatId?: string }> = [];
    for (let i = 0; i < 3; i++) {
      const v = track(await connectVisitor(server!.url));
      await v.call('visitor:hello', {});
      const { message } = await v.call('message:send', { id: newId('m_'), text: `visitor ${i}` });
      await v.waitFor('chat:update', (c) => c.queuePosition === i + 1);
      waiting.push(Object.assign(v, { chatId: message.chatId }));
    }
    const updates = () => waiting.map((v) => v.pushed('chat:update').length);
    expect(updates()).toEqual([1, 1, 1]);
    await agent.call('chat:accept', { chatId: waiting[0]!.chatId });
    await waiting[2]!.waitFor('chat:update', (c) => c.queuePosition === 2);
    await waiting[1]!.waitFor('chat:update', (c) => c.queuePosition === 1);
    // The accepted visitor hears it is active; each of the others hears its new place once.
    expect(updates()).toEqual([2, 2, 2]);
  });
});

describe('sign out', () => {
  it('disconnects the agent sockets of the signed-out session, and only those', async () => {
    const { agent, ownerToken } = await setup();
    const otherToken = await loginToken(server!.url);
    const other = track(await connectAgent(server!.url, otherToken));
    const gone = new Promise<string>((resolve) => agent.socket.once('disconnect', resolve));
    const res = await fetch(`${server!.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${ownerToken}` } });
    expect(res.status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    expect(other.socket.connected).toBe(true);
    expect((await other.call('agent:hello', {})).ok).toBe(true);
  });
});
