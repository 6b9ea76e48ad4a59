import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../shared/protocol.ts';
import { ACK_TIMEOUT_MS, ChatSession, RETRY_INTERVAL_MS, TYPING_IDLE_MS } from './chat-session.ts';
import { memoryStore, type KeyValueStore } from './local-store.ts';
import { OUTBOX_KEY } from './outbox.ts';
import { chatView, message, visitorState } from './testing/chat-fixtures.ts';
import { FakeVisitorSocket } from './testing/fake-visitor-socket.ts';

interface Setup {
  store?: KeyValueStore;
  watching?: () => boolean;
  server?: (socket: FakeVisitorSocket) => void;
  /** Answers the REST calls other than the token's. */
  api?: (url: string, init?: RequestInit) => Response;
}

const sessions: ChatSession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.stop();
  vi.useRealTimers();
});

/** A session whose socket answers hello with `visitorState()` unless `server` says otherwise. */
async function connectedSession(setup: Setup = {}) {
  const sockets: FakeVisitorSocket[] = [];
  const store = setup.store ?? memoryStore();
  const session = new ChatSession({
    serverUrl: 'http://chat.test',
    store,
    connect(token) {
      const socket = new FakeVisitorSocket(token);
      socket.answer('visitor:hello', () => ({ ok: true, state: visitorState() }));
      setup.server?.(socket);
      sockets.push(socket);
      return socket.asSocket();
    },
    page: async () => ({ url: 'https://shop.test/shoes', title: 'Shoes', referrer: '', lang: 'en' }),
    watching: setup.watching ?? (() => true),
    locale: 'en-US',
    timeZone: 'Europe/Berlin',
    fetch: async (url, init) =>
      String(url).endsWith('/api/visitor/session') || !setup.api
        ? new Response(JSON.stringify({ visitorId: 'vis_1', token: 'tok_1' }), { status: 201 })
        : setup.api(String(url), init),
  });
  sessions.push(session);
  await session.start();
  const socket = sockets[0];
  socket.fire('connect');
  await vi.waitFor(() => expect(session.state.phase).toBe('live'));
  return { session, socket, store };
}

describe('ChatSession', () => {
  it('says hello with the locale, time zone and page, and shows the state it gets back', async () => {
    const { session, socket } = await connectedSession({
      server: (s) =>
        s.answer('visitor:hello', () => ({
          ok: true,
          state: visitorState({ chat: chatView({ queuePosition: 3 }), messages: [message({ id: 'msg_a', seq: 4 })] }),
        })),
    });
    expect(socket.auth).toEqual({ token: 'tok_1' });
    expect(socket.sent('visitor:hello')).toEqual([
      { locale: 'en-US', timeZone: 'Europe/Berlin', page: { url: 'https://shop.test/shoes', title: 'Shoes', referrer: '' } },
    ]);
    expect(session.state).toMatchObject({ siteName: 'Acme Shoes', agentsOnline: true, connected: true });
    expect(session.state.chat?.queuePosition).toBe(3);
    expect(session.state.messages.map((m) => m.id)).toEqual(['msg_a']);
  });

  it('shows a sent message at once as pending, then as stored when acked', async () => {
    let ack: ((res: any) => void) | null = null;
    const { session, socket } = await connectedSession({
      server: (s) => s.answer('message:send', () => undefined),
    });
    const origEmit = socket.timeout.bind(socket);
    socket.timeout = (ms: number) => ({
      emit: (event: string, payload: any, cb: any) => {
        if (event === 'message:send') ack = (res) => cb(null, res);
        return origEmit(ms).emit(event, payload, cb);
      },
    });
    expect(session.send('  Hello, do you ship to Norway?  ')).toBeNull();
    expect(session.state.pending).toHaveLength(1);
    const [pending] = session.state.pending;
    expect(pending.text).toBe('Hello, do you ship to Norway?');
    expect(socket.sent('message:send')).toEqual([{ id: pending.id, text: 'Hello, do you ship to Norway?' }]);
    ack!({ ok: true, message: message({ id: pending.id, seq: 7, text: pending.text }) });
    expect(session.state.pending).toEqual([]);
    expect(session.state.messages.map((m) => m.id)).toEqual([pending.id]);
  });

  it('keeps unacked messages across a reload and sends them again with the same id', async () => {
    const store = memoryStore();
    const first = await connectedSession({ store, server: (s) => s.answer('message:send', () => undefined) });
    first.session.send('Is anyone there?');
    const { id } = first.session.state.pending[0];
    first.session.stop();
    expect(JSON.parse(store.get(OUTBOX_KEY)!)).toMatchObject([{ id, text: 'Is anyone there?' }]);

    const second = await connectedSession({
      store,
      server: (s) => s.answer('message:send', (m) => ({ ok: true, message: message({ id: m.id, seq: 9, text: m.text }) })),
    });
    expect(second.socket.sent('message:send')).toEqual([{ id, text: 'Is anyone there?' }]);
    await vi.waitFor(() => expect(second.session.state.pending).toEqual([]));
    expect(store.get(OUTBOX_KEY)).toBeNull();
  });

  it('retries an unanswered message periodically and after a reconnect, never with a new id', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'Date'] });
    const { session, socket } = await connectedSession({ server: (s) => s.answer('message:send', () => undefined) });
    session.send('Hello?');
    expect(socket.sent('message:send')).toHaveLength(1);
    // Still waiting for the first ack: no second copy in flight.
    vi.advanceTimersByTime(RETRY_INTERVAL_MS);
    expect(socket.sent('message:send')).toHaveLength(1);
    vi.advanceTimersByTime(ACK_TIMEOUT_MS);
    expect(socket.sent('message:send').length).toBeGreaterThanOrEqual(2);

    socket.fire('disconnect', 'transport close');
    const before = socket.sent('message:send').length;
    vi.advanceTimersByTime(RETRY_INTERVAL_MS * 3);
    expect(socket.sent('message:send')).toHaveLength(before);
    socket.answer('message:send', (m) => ({ ok: true, message: message({ id: m.id, seq: 3, text: m.text }) }));
    socket.fire('connect');
    await vi.waitFor(() => expect(session.state.pending).toEqual([]));
    const ids = new Set(socket.sent('message:send').map((m) => m.id));
    expect(ids.size).toBe(1);
    expect(session.state.messages).toHaveLength(1);
  });

  it('shows the error of a refused message and stops sending it until the visitor retries', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const { session, socket } = await connectedSession({
      server: (s) => s.answer('message:send', () => ({ ok: false, error: 'text: is too long', field: 'text' })),
    });
    session.send('Hello');
    await vi.waitFor(() => expect(session.state.pending[0].error).toBe('text: is too long'));
    vi.advanceTimersByTime(RETRY_INTERVAL_MS * 3);
    expect(socket.sent('message:send')).toHaveLength(1);
    session.retry(session.state.pending[0].id);
    expect(socket.sent('message:send')).toHaveLength(2);
    await vi.waitFor(() => expect(session.state.pending[0].error).toBeDefined());
    session.discard(session.state.pending[0].id);
    expect(session.state.pending).toEqual([]);
  });

  it('keeps a message refused for sending too fast, tells the visitor, and sends it after the wait', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    let refusals = 1;
    const { session, socket } = await connectedSession({
      server: (s) =>
        s.answer('message:send', (m) =>
          refusals-- > 0
            ? { ok: false, error: 'too many messages: try again in 1 s', retryAfterMs: 1000 }
            : { ok: true, message: message({ id: m.id, seq: 5, text: m.text }) },
        ),
    });
    session.send('Hello');
    await vi.waitFor(() => expect(session.state.notice).toBe("You're sending messages too quickly. We'll send yours in a moment."));
    expect(session.state.pending[0].error).toBeUndefined();
    // Not before the wait is over.
    vi.advanceTimersByTime(RETRY_INTERVAL_MS);
    expect(socket.sent('message:send')).toHaveLength(1);
    // The wait is on the real clock (timers here are fake): let the second pass.
    const over = Date.now() + 1010;
    while (Date.now() < over);
    vi.advanceTimersByTime(RETRY_INTERVAL_MS);
    expect(socket.sent('message:send')).toHaveLength(2);
    await vi.waitFor(() => expect(session.state.pending).toEqual([]));
    expect(session.state.messages.map((m) => m.text)).toContain('Hello');
    expect(session.state.notice).toBeNull();
  });

  it('refuses a message over the length limit before sending it', async () => {
    const { session, socket } = await connectedSession();
    expect(session.send('x'.repeat(MAX_MESSAGE_LENGTH + 1))).toMatch(/too long: 5,001 characters, the limit is 5,000/);
    expect(session.send('   ')).toBeNull();
    expect(socket.sent('message:send')).toEqual([]);
    expect(session.state.pending).toEqual([]);
  });

  it('merges messages from acks, live events and replays without doubles, in seq order', async () => {
    const { session, socket } = await connectedSession({
      server: (s) =>
        s.answer('visitor:hello', () => ({ ok: true, state: visitorState({ chat: chatView(), messages: [message({ id: 'msg_b', seq: 2 })] }) })),
    });
    socket.fire('message:new', message({ id: 'msg_c', seq: 5, author: 'agent', authorName: 'Anna' }));
    socket.fire('message:new', message({ id: 'msg_a', seq: 1 }));
    socket.fire('message:new', message({ id: 'msg_c', seq: 5, author: 'agent', authorName: 'Anna' }));
    expect(session.state.messages.map((m) => m.id)).toEqual(['msg_a', 'msg_b', 'msg_c']);
  });

  it('replays what it missed of its chat when, after a reconnect, another chat is current', async () => {
    let current = chatView({ id: 'chat_1', status: 'active' });
    const { session, socket } = await connectedSession({
      server: (s) => {
        s.answer('visitor:hello', () => ({ ok: true, state: visitorState({ chat: current, messages: [] }) }));
        s.answer('messages:sync', () => ({
          ok: true,
          messages: [message({ id: 'msg_reply', seq: 11, chatSeq: 2, author: 'agent', chatId: 'chat_1' })],
        }));
      },
    });
    socket.fire('message:new', message({ id: 'msg_1', seq: 10, chatSeq: 1, chatId: 'chat_1' }));
    socket.fire('disconnect', 'transport close');
    expect(session.state.connected).toBe(false);
    current = chatView({ id: 'chat_2', status: 'queued' });
    socket.fire('connect');
    await vi.waitFor(() => expect(session.state.messages.map((m) => m.id)).toEqual(['msg_1', 'msg_reply']));
    expect(socket.sent('messages:sync')).toEqual([{ chatId: 'chat_1', afterSeq: 10 }]);
    expect(session.state.chat?.id).toBe('chat_2');
  });

  it('a message whose number in the chat skips one asks for what is missing and shows it in order', async () => {
    const held = [message({ id: 'msg_1', seq: 10, chatSeq: 1 }), message({ id: 'msg_2', seq: 12, chatSeq: 2 })];
    const { session, socket } = await connectedSession({
      server: (s) => {
        s.answer('visitor:hello', () => ({ ok: true, state: visitorState({ chat: chatView({ status: 'active' }), messages: held }) }));
        s.answer('messages:sync', () => ({
          ok: true,
          messages: [message({ id: 'msg_requeued', seq: 15, chatSeq: 3, author: 'system' }), message({ id: 'msg_4', seq: 20, chatSeq: 4 })],
        }));
      },
    });
    // Numbers of other chats (seq 11, 13, 14) are no hole; chatSeq 3 never came.
    expect(socket.sent('messages:sync')).toEqual([]);
    socket.fire('message:new', message({ id: 'msg_4', seq: 20, chatSeq: 4 }));
    expect(socket.sent('messages:sync')).toEqual([{ chatId: 'chat_1', afterSeq: 12 }]);
    await vi.waitFor(() => expect(session.state.messages.map((m) => m.id)).toEqual(['msg_1', 'msg_2', 'msg_requeued', 'msg_4']));
    // The hole is filled: the next message asks for nothing.
    socket.fire('message:new', message({ id: 'msg_5', seq: 21, chatSeq: 5 }));
    expect(socket.sent('messages:sync')).toHaveLength(1);
  });

  it('notices a hole from its own message’s ack too; asks once at a time, and not again for a hole the replay cannot fill', async () => {
    let answerSync: ((res: any) => void) | null = null;
    const { session, socket } = await connectedSession({
      server: (s) => {
        s.answer('visitor:hello', () => ({ ok: true, state: visitorState({ chat: chatView(), messages: [message({ id: 'msg_1', seq: 1, chatSeq: 1 })] }) }));
        s.answer('message:send', (p) => ({ ok: true, message: message({ id: p.id, seq: 9, chatSeq: 3, text: p.text }) }));
        s.answer('messages:sync', () => undefined);
      },
    });
    const origEmit = socket.timeout.bind(socket);
    socket.timeout = (ms: number) => ({
      emit: (event: string, payload: any, cb: any) => {
        if (event === 'messages:sync') answerSync = (res) => cb(null, res);
        return origEmit(ms).emit(event, payload, cb);
      },
    });
    session.send('Is anyone there?');
    await vi.waitFor(() => expect(socket.sent('messages:sync')).toEqual([{ chatId: 'chat_1', afterSeq: 1 }]));
    socket.fire('message:new', message({ id: 'msg_4', seq: 10, chatSeq: 4 }));
    expect(socket.sent('messages:sync')).toHaveLength(1);
    // The server has nothing more (whatever the reason): no new request for the same hole.
    answerSync!({ ok: true, messages: [] });
    await Promise.resolve();
    expect(socket.sent('messages:sync')).toHaveLength(1);
    expect(session.state.messages.map((m) => m.chatSeq)).toEqual([1, 3, 4]);
  });

  it('follows chat updates, availability and the agent typing', async () => {
    const { session, socket } = await connectedSession({
      server: (s) => s.answer('visitor:hello', () => ({ ok: true, state: visitorState({ chat: chatView() }) })),
    });
    socket.fire('chat:update', chatView({ queuePosition: 2 }));
    expect(session.state.chat?.queuePosition).toBe(2);
    socket.fire('chat:update', chatView({ status: 'active', queuePosition: null, agent: { id: 'agt_1', name: 'Anna' } }));
    expect(session.state.chat?.agent?.name).toBe('Anna');
    socket.fire('typing:update', { typing: true, name: 'Anna' });
    expect(session.state.agentTyping).toEqual({ name: 'Anna' });
    // A reply ends the typing indicator even if the server's "stopped" never arrives.
    socket.fire('message:new', message({ id: 'msg_r', seq: 3, author: 'agent', authorName: 'Anna' }));
    expect(session.state.agentTyping).toBeNull();
    socket.fire('availability:update', { agentsOnline: false });
    expect(session.state.agentsOnline).toBe(false);
  });

  it('keeps showing the newer chat when a late update about an older one arrives', async () => {
    const { session, socket } = await connectedSession({
      server: (s) => s.answer('visitor:hello', () => ({ ok: true, state: visitorState({ chat: chatView({ id: 'chat_2', startedAt: 2000 }) }) })),
    });
    socket.fire('chat:update', chatView({ id: 'chat_1', startedAt: 1000, status: 'closed', closedAt: 3000 }));
    expect(session.state.chat?.id).toBe('chat_2');
    socket.fire('chat:update', chatView({ id: 'chat_3', startedAt: 4000 }));
    expect(session.state.chat?.id).toBe('chat_3');
  });

  it('counts agent messages that arrive while the window is not watched as unread', async () => {
    let watching = false;
    const { session, socket } = await connectedSession({ watching: () => watching });
    socket.fire('message:new', message({ id: 'msg_1', seq: 1, author: 'agent' }));
    socket.fire('message:new', message({ id: 'msg_2', seq: 2, author: 'system' }));
    socket.fire('message:new', message({ id: 'msg_3', seq: 3, author: 'agent' }));
    socket.fire('message:new', message({ id: 'msg_3', seq: 3, author: 'agent' }));
    expect(session.state.unread).toBe(2);
    session.markRead();
    watching = true;
    socket.fire('message:new', message({ id: 'msg_4', seq: 4, author: 'agent' }));
    expect(session.state.unread).toBe(0);
  });

  it('tells the server the visitor is typing at most every few seconds, and when they stop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', 'Date'] });
    const { session, socket } = await connectedSession({
      server: (s) => s.answer('visitor:hello', () => ({ ok: true, state: visitorState({ chat: chatView() }) })),
    });
    session.noteTyping('H');
    session.noteTyping('He');
    session.noteTyping('Hel');
    expect(socket.sent('typing:set')).toEqual([{ typing: true }]);
    vi.advanceTimersByTime(TYPING_IDLE_MS);
    expect(socket.sent('typing:set')).toEqual([{ typing: true }, { typing: false }]);
    session.noteTyping('Hello');
    session.send('Hello');
    expect(socket.sent('typing:set')).toEqual([{ typing: true }, { typing: false }, { typing: true }, { typing: false }]);
  });

  it('does not send typing when there is no open chat', async () => {
    const { session, socket } = await connectedSession();
    session.noteTyping('Hi');
    expect(socket.sent('typing:set')).toEqual([]);
  });

  it('ends the chat, and says so when the server refuses', async () => {
    const { session, socket } = await connectedSession({
      server: (s) => {
        s.answer('visitor:hello', () => ({ ok: true, state: visitorState({ chat: chatView({ status: 'active' }) }) }));
        s.answer('chat:end', () => ({ ok: false, error: 'chatId: no such chat' }));
      },
    });
    session.endChat();
    await vi.waitFor(() => expect(session.state.notice).toBe("Couldn't end the chat: chatId: no such chat"));
    socket.answer('chat:end', () => ({ ok: true, chat: chatView({ status: 'closed', closedAt: 1 }) }));
    session.endChat();
    expect(socket.sent('chat:end')).toEqual([{ chatId: 'chat_1' }, { chatId: 'chat_1' }]);
    await vi.waitFor(() => expect(session.state.chat?.status).toBe('closed'));
  });

  it('checks the offline form, then submits it under one id until it succeeds', async () => {
    let answer: any = undefined;
    const { session, socket } = await connectedSession({
      server: (s) => s.answer('offline:submit', () => answer),
    });
    expect(await session.submitOffline({ name: ' ', email: 'a@b.co', text: 'Hi' })).toMatchObject({ ok: false, field: 'name' });
    expect(await session.submitOffline({ name: 'Jo', email: 'not an email', text: 'Hi' })).toMatchObject({ ok: false, field: 'email' });
    expect(await session.submitOffline({ name: 'Jo', email: 'jo@example.com', text: '' })).toMatchObject({ ok: false, field: 'text' });
    expect(socket.sent('offline:submit')).toEqual([]);

    answer = { ok: false, error: 'email: must be an email address', field: 'email' };
    const form = { name: 'Jo', email: 'jo@example.com', text: 'Call me back please' };
    expect(await session.submitOffline(form)).toEqual({ ok: false, error: 'email: must be an email address', field: 'email' });
    answer = { ok: true, chat: chatView({ channel: 'offline' }), message: message({ id: 'x', seq: 1 }) };
    expect(await session.submitOffline(form)).toEqual({ ok: true });
    const [a, b] = socket.sent('offline:submit');
    expect(a.id).toBe(b.id);
    expect(b).toEqual({ id: a.id, name: 'Jo', email: 'jo@example.com', text: 'Call me back please' });
    expect(session.state).toMatchObject({ offlineSent: true, chat: { channel: 'offline' } });
  });

  it('offers the transcript to the address the server names, and words its refusals', async () => {
    const json = (status: number, body: object, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
    let offer = json(200, { to: 'ann@example.com' });
    let answer = json(200, { ok: true, to: 'ann@example.com' });
    const calls: Array<[string, RequestInit | undefined]> = [];
    const { session } = await connectedSession({
      api: (url, init) => (calls.push([url, init]), init?.method === 'POST' ? answer : offer),
    });
    expect(await session.transcriptOffer('chat_1')).toEqual({ to: 'ann@example.com' });
    expect(calls[0]).toEqual(['http://chat.test/api/widget/transcript?chatId=chat_1', { headers: { authorization: 'Bearer tok_1' } }]);
    offer = json(409, { error: 'email: …', field: 'email', reason: 'no-address' });
    expect(await session.transcriptOffer('chat_1')).toEqual({ to: null });
    offer = json(409, { error: 'chatId: …', field: 'chatId', reason: 'no-reply' });
    expect(await session.transcriptOffer('chat_1')).toBeNull();

    expect(await session.emailTranscript('chat_1', 'ann@example.com')).toEqual({ ok: true });
    expect(JSON.parse(String(calls.at(-1)![1]!.body))).toEqual({ chatId: 'chat_1', email: 'ann@example.com' });
    answer = json(403, { error: 'email: …', field: 'email', reason: 'other-address' });
    expect(await session.emailTranscript('chat_1', 'ann@example.com')).toEqual({
      ok: false,
      field: 'email',
      error: 'Your email address has changed. Check it and send again.',
    });
    answer = json(429, { error: '…', field: 'email', reason: 'limit-recipient' }, { 'retry-after': '1500' });
    expect(await session.emailTranscript('chat_1', 'ann@example.com')).toEqual({
      ok: false,
      error: 'Too many emails have been sent lately. Please try again in 25 minutes.',
    });
    answer = json(429, { error: '…', field: 'email', reason: 'limit-hourly' }, { 'retry-after': String(22 * 3600) });
    expect(await session.emailTranscript('chat_1', 'ann@example.com')).toMatchObject({ error: expect.stringContaining('in 22 hours') });
    answer = json(429, { error: '…', field: 'email', reason: 'limit-chat' });
    expect(await session.emailTranscript('chat_1', 'ann@example.com')).toMatchObject({ error: 'This conversation has been emailed several times already.' });
  });

  it('gets a new token and reconnects when the server refuses the handshake', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const { session, socket } = await connectedSession();
    socket.fire('disconnect', 'io server disconnect');
    socket.active = false;
    socket.fire('connect_error', new Error('invalid visitor token'));
    await vi.advanceTimersByTimeAsync(2000);
    await vi.waitFor(() => expect(session.state.connected).toBe(true));
    expect(socket.sent('visitor:hello')).toHaveLength(2);
  });
});
