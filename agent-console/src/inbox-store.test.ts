// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../../shared/protocol.ts';
import { loadDraft, saveDraft } from './drafts.ts';
import { myChatsOf, queueOf, recentlyClosedOf, unreadCount } from './inbox-state.ts';
import { InboxStore } from './inbox-store.ts';
import { chat, detail, inbox, me, message, mineChat } from './testing/chat-fixtures.ts';
import { FakeAgentSocket, NO_ANSWER } from './testing/fake-agent-socket.ts';
import { stubConsoleApi } from './testing/console-api-stub.ts';

let socket: FakeAgentSocket;
let store: InboxStore;

function startStore(opts: { onConnectionRefused?: () => void } = {}) {
  store = new InboxStore({
    socket: socket.asSocket(),
    agentId: me.id,
    requestTimeoutMs: 30,
    retryDelayMs: 10,
    typingExpiryMs: 50,
    ...opts,
  });
  store.start();
  return store;
}

/** A server that stores agent replies once per id, like the real one, after the `held` messages the chat has. */
function storingReplies(chatId: string, firstSeq = 100, held = 0) {
  const stored = new Map<string, MessageView>();
  let seq = firstSeq;
  let chatSeq = held;
  return (p: { id: string; text: string; chatId: string }) => {
    if (!stored.has(p.id)) {
      stored.set(p.id, message({ id: p.id, chatId, seq: ++seq, chatSeq: ++chatSeq, author: 'agent', agentId: me.id, text: p.text }));
    }
    return { ok: true as const, message: stored.get(p.id)! };
  };
}

beforeEach(() => stubConsoleApi());
afterEach(() => vi.unstubAllGlobals());

beforeEach(() => {
  localStorage.clear();
  socket = new FakeAgentSocket();
});

afterEach(() => store?.stop());

describe('InboxStore', () => {
  it('loads the inbox on connect and opens my chats so their unread counts are exact', async () => {
    const m1 = mineChat({ id: 'm1' });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ queue: [chat({ id: 'q1' })], mine: [m1] }) });
    socket.answers['chat:open'] = ({ chatId }) => ({
      ok: true,
      chat: detail(m1, [message({ id: 'v1', chatId, seq: 1 }), message({ id: 'v2', chatId, seq: 2 })]),
    });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    const state = store.getState();
    expect(state.connection).toBe('connected');
    expect(queueOf(state).map((c) => c.id)).toEqual(['q1']);
    expect(myChatsOf(state).map((c) => c.id)).toEqual(['m1']);
    expect(unreadCount(state, 'm1')).toBe(2);
    expect(socket.emitted('chat:open')).toEqual([{ chatId: 'm1' }]);
  });

  it('applies chat:upsert and message:new from the server', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox() });
    startStore();
    await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
    socket.serverEmit('chat:upsert', chat({ id: 'q1' }));
    socket.serverEmit('message:new', message({ id: 'v1', chatId: 'q1', seq: 4, text: 'Hello?' }));
    expect(queueOf(store.getState())[0].lastMessage?.text).toBe('Hello?');
  });

  it('chat:remove drops a chat that left this agent’s view from the queue and the selection', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox() });
    startStore();
    await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
    socket.serverEmit('chat:upsert', chat({ id: 'q2' }));
    expect(queueOf(store.getState()).map((c) => c.id)).toContain('q2');
    socket.serverEmit('chat:remove', { chatId: 'q2' });
    expect(queueOf(store.getState()).map((c) => c.id)).not.toContain('q2');
    expect(store.getState().chats.q2).toBeUndefined();
  });

  it('a live message whose number in the chat skips one fetches what is missing, in order', async () => {
    const m1 = mineChat({ id: 'm1' });
    // Seqs count every chat; the chat's own numbers are 1, 2, then 4: its 3rd never came.
    const v = (seq: number, chatSeq: number) => message({ id: `v${chatSeq}`, chatId: 'm1', seq, chatSeq });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(m1, [v(10, 1), v(12, 2)]) });
    socket.answers['messages:sync'] = ({ afterSeq }) => ({ ok: true, messages: [v(15, 3), v(20, 4)].filter((m) => m.seq > afterSeq) });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    socket.serverEmit('message:new', v(20, 4));
    expect(socket.emitted('messages:sync')).toEqual([{ chatId: 'm1', afterSeq: 12 }]);
    await vi.waitFor(() => expect(store.getState().threads.m1.messages.map((m) => m.chatSeq)).toEqual([1, 2, 3, 4]));
    // Filled: the next one asks for nothing.
    socket.serverEmit('message:new', v(21, 5));
    expect(socket.emitted('messages:sync')).toHaveLength(1);
  });

  it('asks once at a time, not for chats it has not loaded, and not again for a hole the replay cannot fill', async () => {
    const m1 = mineChat({ id: 'm1' });
    const v = (chatSeq: number) => message({ id: `v${chatSeq}`, chatId: 'm1', seq: chatSeq, chatSeq });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(m1, [v(1)]) });
    socket.answers['messages:sync'] = () => ({ ok: true, messages: [] });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    // A queued chat's summary only: opening it loads its whole history anyway.
    socket.serverEmit('chat:upsert', chat({ id: 'q1' }));
    socket.serverEmit('message:new', message({ id: 'q7', chatId: 'q1', seq: 7, chatSeq: 7 }));
    expect(socket.emitted('messages:sync')).toEqual([]);

    socket.serverEmit('message:new', v(3));
    socket.serverEmit('message:new', v(4));
    expect(socket.emitted('messages:sync')).toEqual([{ chatId: 'm1', afterSeq: 1 }]);
    // The server has nothing to fill it with (whatever the reason): it does not ask again.
    await new Promise((r) => setTimeout(r, 20));
    expect(socket.emitted('messages:sync')).toHaveLength(1);
    expect(store.getState().threads.m1.messages.map((m) => m.chatSeq)).toEqual([1, 3, 4]);
  });

  it('follows the owner’s settings pushed while it runs', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox() });
    startStore();
    await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
    socket.serverEmit('settings:update', { routingMode: 'auto', autoAwayMinutes: 5, requireTagToClose: true });
    expect(store.getState()).toMatchObject({ routingMode: 'auto', autoAwayMinutes: 5, requireTagToClose: true });
  });

  it('shows what the visitor of an open chat tells, as they tell it', async () => {
    const m1 = mineChat({ id: 'm1' });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(m1) });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    const visitor = { ...store.getState().threads.m1!.visitor, name: 'Maria', currentUrl: 'https://shop.example/checkout' };
    const pages = [{ url: 'https://shop.example/checkout', title: 'Checkout', at: 5 }];
    socket.serverEmit('visitor:update', { chatId: 'm1', visitor, pages });
    expect(store.getState().threads.m1).toMatchObject({ visitor: { name: 'Maria' }, pages });
    // Not a chat on screen here: nothing to update, nothing made up.
    socket.serverEmit('visitor:update', { chatId: 'other', visitor, pages });
    expect(store.getState().threads.other).toBeUndefined();
  });

  it('accepts a chat, selects it and loads its history', async () => {
    const q1 = chat({ id: 'q1' });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ queue: [q1] }) });
    socket.answers['chat:accept'] = ({ chatId }) => ({
      ok: true,
      chat: detail(mineChat({ id: chatId }), [message({ id: 'v1', chatId, seq: 1 })]),
    });
    startStore();
    await vi.waitFor(() => expect(queueOf(store.getState())).toHaveLength(1));
    await store.accept('q1');
    const state = store.getState();
    expect(state.selectedChatId).toBe('q1');
    expect(queueOf(state)).toEqual([]);
    expect(myChatsOf(state).map((c) => c.id)).toEqual(['q1']);
    expect(state.threads.q1.messages.map((m) => m.id)).toEqual(['v1']);
  });

  it('asks again for a chat on screen whose history did not come', async () => {
    const q1 = chat({ id: 'q1' });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ queue: [q1] }) });
    let calls = 0;
    socket.answers['chat:open'] = () => (++calls === 1 ? NO_ANSWER : { ok: true, chat: detail(q1) });
    startStore();
    await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
    store.select('q1');
    await vi.waitFor(() => expect(store.getState().threads.q1).toBeDefined());
    expect(calls).toBe(2);
  });

  it('shows why an accept failed', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ queue: [chat({ id: 'q1' })] }) });
    socket.answers['chat:accept'] = () => ({ ok: false, error: 'chat already taken' });
    startStore();
    await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
    await store.accept('q1');
    expect(store.getState().notice).toBe('Could not accept the chat: chat already taken');
  });

  it('shows a reply as sending, then as the stored message once acked', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [mineChat({ id: 'm1' })] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(mineChat({ id: 'm1' })) });
    socket.answers['message:send'] = () => NO_ANSWER;
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    expect(store.send('m1', '  Hi there \n')).toBe(true);
    expect(store.getState().outbox).toMatchObject([{ chatId: 'm1', text: 'Hi there', state: 'sending' }]);
    socket.answers['message:send'] = storingReplies('m1');
    await vi.waitFor(() => expect(store.getState().outbox).toEqual([]));
    expect(store.getState().threads.m1.messages.map((m) => m.text)).toEqual(['Hi there']);
  });

  it('retries a reply with the same id until it is acked, and keeps one copy', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [mineChat({ id: 'm1' })] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(mineChat({ id: 'm1' })) });
    const server = storingReplies('m1');
    let attempts = 0;
    // The first two attempts are stored but their acks are lost.
    socket.answers['message:send'] = (p) => {
      const answer = server(p);
      return ++attempts <= 2 ? NO_ANSWER : answer;
    };
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    store.send('m1', 'Are you still there?');
    await vi.waitFor(() => expect(store.getState().outbox).toEqual([]));
    const ids = socket.emitted('message:send').map((p) => p.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(store.getState().threads.m1.messages).toHaveLength(1);
    // The room echo of the same message changes nothing.
    const stored = store.getState().threads.m1.messages[0];
    socket.serverEmit('message:new', stored);
    expect(store.getState().threads.m1.messages).toHaveLength(1);
  });

  it('keeps replies in the order typed across a reconnect: one lost in the drop goes before one typed meanwhile', async () => {
    const m1 = mineChat({ id: 'm1' });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(m1) });
    socket.answers['messages:sync'] = () => ({ ok: true, messages: [] });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    // The first reply is on its way when the connection drops: it never reaches the server.
    socket.answers['message:send'] = () => NO_ANSWER;
    store.send('m1', 'first');
    socket.drop();
    const server = storingReplies('m1');
    const arrived: string[] = [];
    socket.answers['message:send'] = (p) => (arrived.push(p.text), server(p));
    // Back, and a second reply typed before the hello has been answered.
    socket.reconnect();
    store.send('m1', 'second');
    await vi.waitFor(() => expect(store.getState().outbox).toEqual([]));
    expect(arrived).toEqual(['first', 'second']);
    expect(store.getState().threads.m1.messages.map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('sends a reply that was not acked before a reload after it, with the same id', async () => {
    const m1 = mineChat({ id: 'm1' });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(m1) });
    socket.answers['message:send'] = () => NO_ANSWER;
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    store.send('m1', 'typed just before the reload');
    const id = store.getState().outbox[0].id;
    store.stop();

    socket = new FakeAgentSocket();
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(m1) });
    socket.answers['message:send'] = storingReplies('m1');
    startStore();
    expect(store.getState().outbox).toMatchObject([{ id, state: 'sending' }]);
    await vi.waitFor(() => expect(store.getState().outbox).toEqual([]));
    expect(socket.emitted('message:send')).toEqual([{ chatId: 'm1', id, text: 'typed just before the reload' }]);
    store.stop();
    startStore();
    expect(store.getState().outbox).toEqual([]);
  });

  it('marks a refused reply as failed with the reason, and sends it again on retry', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [mineChat({ id: 'm1' })] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(mineChat({ id: 'm1' })) });
    socket.answers['message:send'] = () => ({ ok: false, error: 'the chat is closed', field: 'chatId' });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    store.send('m1', 'late reply');
    await vi.waitFor(() => expect(store.getState().outbox[0]?.state).toBe('failed'));
    expect(store.getState().outbox[0].error).toBe('the chat is closed');
    socket.answers['message:send'] = storingReplies('m1');
    store.retry(store.getState().outbox[0].id);
    await vi.waitFor(() => expect(store.getState().outbox).toEqual([]));
  });

  it('refuses an empty or too long reply without sending', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox() });
    startStore();
    expect(store.send('m1', '   ')).toBe(false);
    expect(store.send('m1', 'x'.repeat(5001))).toBe(false);
    expect(store.getState().notice).toMatch(/at most 5000 characters/);
    expect(socket.emitted('message:send')).toEqual([]);
  });

  it('on reconnect runs agent:hello again, syncs open chats from the last seq, then sends what waited', async () => {
    const m1 = mineChat({ id: 'm1' });
    let helloCount = 0;
    socket.answers['agent:hello'] = () => {
      helloCount++;
      return { ok: true, inbox: inbox({ mine: [m1] }) };
    };
    socket.answers['chat:open'] = ({ chatId }) => ({
      ok: true,
      chat: detail(m1, [message({ id: 'v1', chatId, seq: 1 }), message({ id: 'v2', chatId, seq: 2 })]),
    });
    const server = storingReplies('m1', 10, 4);
    socket.answers['message:send'] = (p) => server(p);
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());

    socket.drop();
    expect(store.getState().connection).toBe('disconnected');
    store.send('m1', 'written while offline');
    expect(socket.emitted('message:send')).toEqual([]);

    // Missed meanwhile: seq 3 and 4; seq 2 comes again and must not be doubled.
    socket.answers['messages:sync'] = ({ chatId, afterSeq }) => ({
      ok: true,
      messages: [2, 3, 4].filter((s) => s > afterSeq - 1).map((seq) => message({ id: `v${seq}`, chatId, seq })),
    });
    socket.reconnect();
    await vi.waitFor(() => expect(store.getState().outbox).toEqual([]));
    await vi.waitFor(() => expect(store.getState().threads.m1.messages).toHaveLength(5));
    expect(helloCount).toBe(2);
    expect(socket.emitted('messages:sync')).toEqual([{ chatId: 'm1', afterSeq: 2 }]);
    expect(store.getState().threads.m1.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 11]);
  });

  it('catches up from the seq known before the drop even when a live message arrives first', async () => {
    const m1 = mineChat({ id: 'm1' });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    // Other chats' messages took the seqs between: the chat's own numbers are 1, 2, 3, 4.
    const numbered = (seq: number) => message({ id: `v${seq}`, chatId: 'm1', seq, chatSeq: [2, 3, 4, 9].indexOf(seq) + 1 });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(m1, [numbered(2)]) });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    socket.drop();
    socket.answers['messages:sync'] = ({ afterSeq }) => ({ ok: true, messages: [3, 4, 9].filter((seq) => seq > afterSeq).map(numbered) });
    socket.reconnect();
    socket.serverEmit('message:new', numbered(9));
    await vi.waitFor(() => expect(store.getState().threads.m1.messages.map((m) => m.seq)).toEqual([2, 3, 4, 9]));
    expect(socket.emitted('messages:sync')).toEqual([{ chatId: 'm1', afterSeq: 2 }]);
  });

  it('refreshes a chat I was looking at that left my list while disconnected', async () => {
    const m1 = mineChat({ id: 'm1' });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(m1) });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    store.select('m1');
    socket.drop();
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox() });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail({ ...m1, status: 'closed', closedAt: 9 }) });
    socket.reconnect();
    await vi.waitFor(() => expect(store.getState().chats.m1.status).toBe('closed'));
    expect(myChatsOf(store.getState())).toEqual([]);
  });

  it('puts a chat auto-assigned to me among my chats without Accept', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ routingMode: 'auto' }) });
    socket.answers['chat:open'] = ({ chatId }) => ({ ok: true, chat: detail(mineChat({ id: chatId })) });
    startStore();
    await vi.waitFor(() => expect(store.getState().routingMode).toBe('auto'));
    socket.serverEmit('chat:upsert', mineChat({ id: 'a1' }));
    expect(myChatsOf(store.getState()).map((c) => c.id)).toEqual(['a1']);
    await vi.waitFor(() => expect(store.getState().threads.a1).toBeDefined());
    expect(socket.emitted('chat:accept')).toEqual([]);
  });

  it('drops a chat the visitor closed from my chats, keeps it as recently closed and forgets its draft', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [mineChat({ id: 'm1' })] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(mineChat({ id: 'm1' })) });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    saveDraft('m1', { text: 'half a sentence', cannedId: 'cn_1' });
    socket.serverEmit('chat:upsert', mineChat({ id: 'm1', status: 'closed', closedAt: 50 }));
    expect(myChatsOf(store.getState())).toEqual([]);
    expect(recentlyClosedOf(store.getState()).map((c) => c.id)).toEqual(['m1']);
    expect(loadDraft('m1')).toEqual({ text: '', cannedId: null });
  });

  it('closes a chat', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [mineChat({ id: 'm1' })] }) });
    socket.answers['chat:open'] = () => ({ ok: true, chat: detail(mineChat({ id: 'm1' })) });
    socket.answers['chat:close'] = ({ chatId }) => ({ ok: true, chat: mineChat({ id: chatId, status: 'closed', closedAt: 7 }) });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    await store.closeChat('m1');
    expect(socket.emitted('chat:close')).toEqual([{ chatId: 'm1' }]);
    expect(store.getState().chats.m1.status).toBe('closed');
  });

  it('remembers what I have seen per chat across a reload', async () => {
    const m1 = mineChat({ id: 'm1' });
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    socket.answers['chat:open'] = ({ chatId }) => ({ ok: true, chat: detail(m1, [message({ id: 'v1', chatId, seq: 1 })]) });
    startStore();
    await vi.waitFor(() => expect(unreadCount(store.getState(), 'm1')).toBe(1));
    store.markSeen('m1');
    expect(unreadCount(store.getState(), 'm1')).toBe(0);
    store.stop();

    socket = new FakeAgentSocket();
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [m1] }) });
    socket.answers['chat:open'] = ({ chatId }) => ({
      ok: true,
      chat: detail(m1, [message({ id: 'v1', chatId, seq: 1 }), message({ id: 'v2', chatId, seq: 2 })]),
    });
    startStore();
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    expect(unreadCount(store.getState(), 'm1')).toBe(1);
  });

  it('shows the visitor typing until they stop or go quiet', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [mineChat({ id: 'm1' })] }) });
    startStore();
    socket.serverEmit('typing:update', { chatId: 'm1', typing: true });
    expect(store.getState().visitorTyping.m1).toBe(true);
    socket.serverEmit('typing:update', { chatId: 'm1', typing: false });
    expect(store.getState().visitorTyping.m1).toBe(false);
    socket.serverEmit('typing:update', { chatId: 'm1', typing: true });
    await vi.waitFor(() => expect(store.getState().visitorTyping.m1).toBe(false));
  });

  it('sets my status and takes it back when the server refuses', async () => {
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox() });
    socket.answers['status:set'] = ({ status }) => ({ ok: true, status });
    startStore();
    await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
    await store.setStatus('away');
    expect(store.getState().me?.status).toBe('away');
    socket.answers['status:set'] = () => ({ ok: false, error: 'nope' });
    await store.setStatus('offline');
    expect(store.getState().me?.status).toBe('away');
    expect(store.getState().notice).toMatch(/nope/);
  });

  it('tells the app when the server refuses the connection', () => {
    const refused = vi.fn();
    startStore({ onConnectionRefused: refused });
    socket.refuse();
    expect(refused).toHaveBeenCalledOnce();
    expect(store.getState().connection).toBe('disconnected');
  });
});
