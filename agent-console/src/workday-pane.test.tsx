// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CannedReply, InboxSnapshot } from '../../shared/protocol.ts';
import { InboxContext } from './inbox-context.ts';
import { InboxPage } from './inbox-page.tsx';
import { InboxStore } from './inbox-store.ts';
import { timeline } from './message-log.tsx';
import { detail, inbox, me, message, mineChat } from './testing/chat-fixtures.ts';
import { FakeAgentSocket } from './testing/fake-agent-socket.ts';

// The chat pane's working-day tools with a fake socket: canned replies by keyboard, the tag
// rule before closing, internal notes in the timeline.

const canned: CannedReply[] = [
  { id: 'cn_hello', shortcut: 'hello', text: 'Hello {visitor.name}, welcome to {site}!', departmentId: null, ownerAgentId: null },
  { id: 'cn_help', shortcut: 'help', text: 'How can I help?', departmentId: null, ownerAgentId: null },
];

let socket: FakeAgentSocket;
let store: InboxStore;

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

async function openChat(snapshot: InboxSnapshot) {
  const chat = snapshot.mine[0];
  socket.answers['agent:hello'] = () => ({ ok: true, inbox: snapshot });
  socket.answers['chat:open'] = () => ({
    ok: true,
    chat: {
      ...detail(chat, [message({ id: 'v1', chatId: chat.id, seq: 1, at: 1_000, text: 'Hi' })]),
      notes: [{ id: 'n1', chatId: chat.id, agent: { id: me.id, name: me.name }, text: 'Paid by card', at: 2_000 }],
    },
  });
  socket.answers['canned:list'] = () => ({ ok: true, canned });
  store = new InboxStore({ socket: socket.asSocket(), agentId: me.id, requestTimeoutMs: 50, retryDelayMs: 10 });
  store.start();
  render(
    <InboxContext.Provider value={store}>
      <InboxPage />
    </InboxContext.Provider>,
  );
  await vi.waitFor(() => expect(store.getState().threads[chat.id]).toBeDefined());
  fireEvent.click(screen.getByRole('button', { name: new RegExp(`^${chat.visitorName}`) }));
  return (await screen.findByRole('textbox', { name: 'Reply' })) as HTMLTextAreaElement;
}

beforeEach(() => {
  localStorage.clear();
  socket = new FakeAgentSocket();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => (url === '/api/widget/config' ? json({ siteName: 'Kettle World' }) : json({ surveys: [], departments: [] }))),
  );
});

afterEach(() => {
  cleanup();
  store?.stop();
  vi.unstubAllGlobals();
});

function type(box: HTMLTextAreaElement, value: string) {
  box.value = value;
  box.setSelectionRange(value.length, value.length);
  fireEvent.input(box);
}

describe('chat pane for the working day', () => {
  it('completes "/he" from the canned replies by keyboard and sends it with its cannedId', async () => {
    const reply = await openChat(inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' })] }));
    type(reply, '/he');
    const list = await screen.findByRole('listbox', { name: 'Canned replies' });
    expect(within(list).getAllByRole('option').map((o) => o.textContent)).toEqual([
      '/helloHello Ann, welcome to Kettle World!',
      '/helpHow can I help?',
    ]);
    expect(reply.getAttribute('aria-activedescendant')).toBe('canned-option-0');
    fireEvent.keyDown(reply, { key: 'ArrowDown' });
    expect(reply.getAttribute('aria-activedescendant')).toBe('canned-option-1');
    fireEvent.keyDown(reply, { key: 'ArrowDown' });
    expect(reply.getAttribute('aria-activedescendant')).toBe('canned-option-0');
    fireEvent.keyDown(reply, { key: 'Enter' });
    expect(reply.value).toBe('Hello Ann, welcome to Kettle World!');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(socket.emitted('message:send')).toEqual([]);

    type(reply, 'Hello Ann, welcome to Kettle World! Edited.');
    fireEvent.keyDown(reply, { key: 'Enter' });
    expect(socket.emitted('message:send')).toMatchObject([{ text: 'Hello Ann, welcome to Kettle World! Edited.', cannedId: 'cn_hello' }]);
  });

  it('explains the tag needed before closing, without asking the server, and points at Add tag', async () => {
    await openChat(inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' })], requireTagToClose: true }));
    expect(screen.getByText('A tag is needed before closing.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close chat' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Add a tag before closing this chat: type one in Add tag.');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Add tag' }));
    expect(socket.emitted('chat:close')).toEqual([]);
  });

  it('shows internal notes in the timeline, apart from messages', async () => {
    await openChat(inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' })] }));
    const log = screen.getByRole('log');
    const notes = within(log).getAllByRole('note');
    expect(notes.map((n) => n.getAttribute('aria-label'))).toEqual([`Internal note by ${me.name}`]);
    expect(notes[0].textContent).toContain('Paid by card');
    expect(screen.getByRole('textbox', { name: 'Internal note' })).toBeTruthy();
  });
});

describe('timeline', () => {
  it('places notes and answered ratings among messages by time, a note after a message of the same moment', () => {
    const m = (id: string, seq: number, at: number) => message({ id, chatId: 'c', seq, at });
    const n = (id: string, at: number) => ({ id, chatId: 'c', agent: { id: 'a', name: 'A' }, text: id, at });
    const rated = { id: 's1', kind: 'csat' as const, chatId: 'c', visitorId: 'v', scale: 5 as const, status: 'answered' as const, dueAt: null, expiresAt: null, sentAt: 1, answeredAt: 35, score: 5, comment: null, answeredVia: 'widget' as const, language: 'en', agent: null, emailedAt: null };
    const entries = timeline([m('m1', 1, 10), m('m2', 2, 30)], [n('late', 40), n('same', 30), n('early', 5)], [rated, { ...rated, id: 's2', status: 'sent', score: null, answeredAt: null }]);
    expect(entries.map((e) => (e.kind === 'message' ? e.message.id : e.kind === 'note' ? e.note.id : e.survey.id))).toEqual([
      'early',
      'm1',
      'm2',
      'same',
      's1',
      'late',
    ]);
  });
});
