// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NoteView, SurveyRecordView } from '../../shared/protocol.ts';
import { applyChatDetail, applyMessages, applyNote, applySnapshot, applySurveys, initialInboxState } from './inbox-state.ts';
import { InboxStore } from './inbox-store.ts';
import { detail, inbox, me, message, mineChat } from './testing/chat-fixtures.ts';
import { FakeAgentSocket, NO_ANSWER } from './testing/fake-agent-socket.ts';

// The store's part in issue 5: notes, tags, priority, transfers, canned use, ratings.

const note = (id: string, at: number, chatId = 'm1'): NoteView => ({ id, chatId, agent: { id: me.id, name: me.name }, text: `note ${id}`, at });

function survey(overrides: Partial<SurveyRecordView> & { id: string }): SurveyRecordView {
  return {
    kind: 'csat',
    chatId: 'm1',
    visitorId: 'v1',
    scale: 5,
    status: 'answered',
    dueAt: null,
    expiresAt: null,
    sentAt: 10,
    answeredAt: 20,
    score: 4,
    comment: null,
    answeredVia: 'widget',
    language: 'en',
    agent: null,
    emailedAt: null,
    ...overrides,
  };
}

describe('inbox state for the working day', () => {
  const loaded = () => applyChatDetail(applySnapshot(initialInboxState(), inbox({ mine: [mineChat({ id: 'm1' })] })), {
    ...detail(mineChat({ id: 'm1' })),
    notes: [note('n2', 20), note('n1', 10)],
  });

  it('keeps notes of loaded chats in time order, once each', () => {
    const state = loaded();
    expect(state.threads.m1.notes.map((n) => n.id)).toEqual(['n1', 'n2']);
    const next = applyNote(state, note('n3', 15));
    expect(next.threads.m1.notes.map((n) => n.id)).toEqual(['n1', 'n3', 'n2']);
    expect(applyNote(next, note('n3', 15))).toBe(next);
    expect(applyNote(next, note('x', 1, 'other'))).toBe(next);
  });

  it('replaces a survey by id when it changes and orders CSAT, CES, NPS', () => {
    let state = applySurveys(loaded(), 'm1', [survey({ id: 's3', kind: 'nps', status: 'scheduled' }), survey({ id: 's1', status: 'sent', score: null })]);
    state = applySurveys(state, 'm1', [survey({ id: 's1', score: 5, comment: 'Great' })]);
    expect(state.surveys.m1.map((s) => [s.id, s.score])).toEqual([
      ['s1', 5],
      ['s3', 4],
    ]);
  });

  it('stops the first-reply clock when my first reply comes (the server sends no chat update for it)', () => {
    const sla = { firstResponseDueAt: 5_000, resolutionDueAt: null, firstResponseAt: null };
    let state = applySnapshot(initialInboxState(), inbox({ mine: [mineChat({ id: 'm1', sla })] }));
    state = applyChatDetail(state, detail(mineChat({ id: 'm1', sla }), [message({ id: 'v1', chatId: 'm1', seq: 1 })]));
    state = applyMessages(state, 'm1', [message({ id: 'v2', chatId: 'm1', seq: 2 })]);
    expect(state.chats.m1.sla?.firstResponseAt).toBeNull();
    state = applyMessages(state, 'm1', [message({ id: 'a1', chatId: 'm1', seq: 3, author: 'agent', at: 4_321 })]);
    expect(state.chats.m1.sla?.firstResponseAt).toBe(4_321);
    state = applyMessages(state, 'm1', [message({ id: 'a2', chatId: 'm1', seq: 4, author: 'agent', at: 9_999 })]);
    expect(state.chats.m1.sla?.firstResponseAt).toBe(4_321);
  });
});

describe('InboxStore for the working day', () => {
  let socket: FakeAgentSocket;
  let store: InboxStore;
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    localStorage.clear();
    socket = new FakeAgentSocket();
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ mine: [mineChat({ id: 'm1' })], requireTagToClose: true, autoAwayMinutes: 5 }) });
    socket.answers['chat:open'] = ({ chatId }) => ({ ok: true, chat: detail(mineChat({ id: chatId })) });
    fetchMock = vi.fn(async () => new Response(JSON.stringify({ surveys: [survey({ id: 's1' })] }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    store = new InboxStore({ socket: socket.asSocket(), agentId: me.id, requestTimeoutMs: 30, retryDelayMs: 10 });
    store.start();
  });

  afterEach(() => {
    store.stop();
    vi.unstubAllGlobals();
  });

  it('takes the tag rule and auto-away minutes from the snapshot and loads a chat’s ratings with it', async () => {
    await vi.waitFor(() => expect(store.getState().surveys.m1).toHaveLength(1));
    expect(store.getState().requireTagToClose).toBe(true);
    expect(store.getState().autoAwayMinutes).toBe(5);
    expect(fetchMock).toHaveBeenCalledWith('/api/chats/m1/surveys', expect.objectContaining({ method: 'GET' }));
    socket.serverEmit('survey:answered', { chatId: 'm1', survey: survey({ id: 's2', kind: 'ces', scale: 7, score: 6 }) });
    expect(store.getState().surveys.m1.map((s) => s.kind)).toEqual(['csat', 'ces']);
  });

  it('sends the canned reply a message came from, and none for a typed one', async () => {
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    socket.answers['message:send'] = (p) => ({ ok: true, message: message({ id: p.id, chatId: p.chatId, seq: 9, author: 'agent', cannedId: p.cannedId ?? null }) });
    store.send('m1', 'Hello Ann!', 'cn_hello');
    store.send('m1', 'typed');
    await vi.waitFor(() => expect(store.getState().outbox).toEqual([]));
    expect(socket.emitted('message:send').map((p) => [p.text, p.cannedId])).toEqual([
      ['Hello Ann!', 'cn_hello'],
      ['typed', undefined],
    ]);
  });

  it('tells the caller when closing needs a tag, without a notice', async () => {
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    socket.answers['chat:close'] = () => ({ ok: false, error: 'tags: add a tag before closing this chat', field: 'tags' });
    expect(await store.closeChat('m1')).toEqual({ closed: false, needsTag: true });
    expect(store.getState().notice).toBeNull();
  });

  it('adds and removes tags as the server acknowledges them, and reports a refusal', async () => {
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    socket.answers['tag:add'] = ({ tag }) => ({ ok: true, tags: ['billing', tag].sort() });
    expect(await store.setTag('m1', 'vip', true)).toBeNull();
    expect(store.getState().chats.m1.tags).toEqual(['billing', 'vip']);
    socket.answers['tag:remove'] = () => ({ ok: false, error: 'tag: must not be empty', field: 'tag' });
    expect(await store.setTag('m1', ' ', false)).toBe('tag: must not be empty');
    socket.answers['tag:add'] = () => NO_ANSWER;
    expect(await store.setTag('m1', 'late', true)).toBe('the server did not answer. Try again.');
  });

  it('adds a note once per id, even when it is sent again, and merges notes from other agents', async () => {
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    socket.answers['note:add'] = (p) => ({ ok: true, note: { ...note(p.id, 50), text: p.text } });
    expect(await store.addNote('m1', '  Paid by card  ', 'note_1')).toBeNull();
    expect(await store.addNote('m1', 'Paid by card', 'note_1')).toBeNull();
    expect(socket.emitted('note:add')[0]).toEqual({ chatId: 'm1', id: 'note_1', text: 'Paid by card' });
    socket.serverEmit('note:new', note('note_2', 60));
    expect(store.getState().threads.m1.notes.map((n) => n.id)).toEqual(['note_1', 'note_2']);
    expect(await store.addNote('m1', '   ')).toBeNull();
    expect(socket.emitted('note:add')).toHaveLength(2);
  });

  it('transfers to an agent or a department with the note, and reloads the chat to show the note', async () => {
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    socket.answers['chat:transfer'] = (q) => ({ ok: true, chat: mineChat({ id: q.chatId, agent: { id: 'ag_bob', name: 'Bob' } }) });
    expect(await store.transfer('m1', { agentId: 'ag_bob' }, '  VIP  ')).toBeNull();
    expect(await store.transfer('m1', { departmentId: 'billing' }, '   ')).toBeNull();
    expect(socket.emitted('chat:transfer')).toEqual([
      { chatId: 'm1', agentId: 'ag_bob', note: 'VIP' },
      { chatId: 'm1', departmentId: 'billing' },
    ]);
    expect(store.getState().chats.m1.agent?.name).toBe('Bob');
    await vi.waitFor(() => expect(socket.emitted('chat:open').length).toBeGreaterThanOrEqual(2));
    socket.answers['chat:transfer'] = () => ({ ok: false, error: 'agentId: Bob is not online', field: 'agentId' });
    expect(await store.transfer('m1', { agentId: 'ag_bob' }, '')).toBe('agentId: Bob is not online');
  });

  it('changes the priority, and says so when the server refuses', async () => {
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    socket.answers['chat:priority'] = (q) => ({ ok: true, chat: mineChat({ id: q.chatId, priority: q.priority }) });
    await store.setPriority('m1', 'urgent');
    expect(store.getState().chats.m1.priority).toBe('urgent');
    socket.answers['chat:priority'] = () => ({ ok: false, error: 'this chat is closed', field: 'chatId' });
    await store.setPriority('m1', 'low');
    expect(store.getState().notice).toBe('Could not change the priority: this chat is closed');
  });

  it('reads an earlier chat without adding it to the inbox', async () => {
    await vi.waitFor(() => expect(store.getState().threads.m1).toBeDefined());
    socket.answers['chat:open'] = ({ chatId }) => ({ ok: true, chat: detail(mineChat({ id: chatId, status: 'closed', closedAt: 5 })) });
    const before = store.getState();
    expect((await store.transcript('old')).chat.id).toBe('old');
    expect(store.getState()).toBe(before);
  });
});
