// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatDetail, ChatSummary, InboxSnapshot, MessageView, VisitorContext } from '../../shared/protocol.ts';
import { useInboxState } from './inbox-context.ts';
import { InboxContext } from './inbox-context.ts';
import { unreadTotal } from './inbox-state.ts';
import { InboxPage } from './inbox-page.tsx';
import { InboxStore } from './inbox-store.ts';
import { useUnreadTitle } from './page-title.ts';
import { chat, detail, inbox, me, message, mineChat } from './testing/chat-fixtures.ts';
import { FakeAgentSocket } from './testing/fake-agent-socket.ts';
import { stubConsoleApi } from './testing/console-api-stub.ts';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

let socket: FakeAgentSocket;
let store: InboxStore;
let histories: Record<string, MessageView[]>;
let visitorFacts: Record<string, Partial<VisitorContext>>;

function UnreadTitle() {
  useUnreadTitle(unreadTotal(useInboxState()));
  return null;
}

async function renderInbox(snapshot: InboxSnapshot, chats: ChatSummary[] = [...snapshot.queue, ...snapshot.mine]) {
  const byId = new Map(chats.map((c) => [c.id, c]));
  const detailOf = (c: ChatSummary): ChatDetail => {
    const d = detail(c, histories[c.id] ?? []);
    return { ...d, visitor: { ...d.visitor, ...visitorFacts[c.id] } };
  };
  socket.answers['agent:hello'] = () => ({ ok: true, inbox: snapshot });
  socket.answers['chat:open'] = ({ chatId }) => ({ ok: true, chat: detailOf(byId.get(chatId)!) });
  socket.answers['chat:accept'] = ({ chatId }) => {
    const accepted: ChatSummary = { ...byId.get(chatId)!, status: 'active', agent: { id: me.id, name: me.name }, queuedAt: null };
    byId.set(chatId, accepted);
    return { ok: true, chat: detailOf(accepted) };
  };
  store = new InboxStore({ socket: socket.asSocket(), agentId: me.id, requestTimeoutMs: 50, retryDelayMs: 10 });
  store.start();
  render(
    <InboxContext.Provider value={store}>
      <UnreadTitle />
      <InboxPage />
    </InboxContext.Provider>,
  );
  await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
}

beforeEach(() => stubConsoleApi());
afterEach(() => vi.unstubAllGlobals());

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  localStorage.clear();
  socket = new FakeAgentSocket();
  histories = {};
  visitorFacts = {};
});

afterEach(() => {
  cleanup();
  store?.stop();
  vi.useRealTimers();
});

describe('InboxPage', () => {
  it('lists waiting chats first in line first, with waiting time, preview and an offline marker', async () => {
    await renderInbox(
      inbox({
        queue: [
          chat({
            id: 'q1',
            visitorName: 'Ann',
            queuedAt: NOW - 130_000,
            lastMessage: message({ id: 'v1', chatId: 'q1', seq: 1, text: 'Where is my order?' }),
          }),
          chat({ id: 'q2', visitorName: 'Ben', visitorEmail: 'ben@example.com', channel: 'offline', queuedAt: NOW - 5_000 }),
        ],
      }),
    );
    const queue = screen.getByRole('list', { name: /Queue/ });
    const items = within(queue).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('aria-label'))).toEqual(['Ann', 'Ben']);
    expect(items[0].textContent).toContain('Where is my order?');
    expect(items[0].textContent).toContain('waiting 2m 10s');
    expect(within(items[1]).getByText('Offline message')).toBeTruthy();
    expect(within(items[1]).getByRole('button', { name: 'Accept' })).toBeTruthy();
  });

  it('accepts a chat, shows its history with the visitor context, and replies with Enter', async () => {
    histories.q1 = [message({ id: 'v1', chatId: 'q1', seq: 1, text: 'Hello, anyone?' })];
    await renderInbox(inbox({ queue: [chat({ id: 'q1', visitorName: 'Ann' })] }));
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));

    const log = await screen.findByRole('log');
    expect(within(log).getByText('Hello, anyone?')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
    const visitor = screen.getByRole('complementary', { name: 'Visitor' });
    expect(visitor.textContent).toContain('https://shop.example/pricing');
    expect(visitor.textContent).toContain('Europe/Berlin');
    expect(visitor.textContent).toContain('Chrome 131 on Linux');

    socket.answers['message:send'] = (p) => ({
      ok: true,
      message: message({ id: p.id, chatId: p.chatId, seq: 2, author: 'agent', agentId: me.id, authorName: me.name, text: p.text }),
    });
    const reply = screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement;
    fireEvent.input(reply, { target: { value: 'Hi Ann' } });
    fireEvent.keyDown(reply, { key: 'Enter', shiftKey: true });
    expect(socket.emitted('message:send')).toEqual([]);
    fireEvent.keyDown(reply, { key: 'Enter' });
    expect(socket.emitted('message:send')).toMatchObject([{ chatId: 'q1', text: 'Hi Ann' }]);
    expect(reply.value).toBe('');
    await vi.waitFor(() => expect(within(log).getByText('Sent')).toBeTruthy());
    expect(within(log).getByText('Hi Ann')).toBeTruthy();
  });

  it('shows what the site told about the visitor, as text', async () => {
    visitorFacts.m1 = { verified: true, attributes: { plan: 'Pro <script>', seats: 12, trial: null } };
    await renderInbox(inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' })] }));
    fireEvent.click(screen.getByRole('button', { name: 'Ann' }));
    const visitor = await screen.findByRole('complementary', { name: 'Visitor' });
    await vi.waitFor(() => expect(within(visitor).getByText('Verified')).toBeTruthy());
    expect(within(visitor).getByText('Pro <script>')).toBeTruthy();
    expect(within(visitor).getByText('12')).toBeTruthy();
    expect(visitor.querySelector('script')).toBeNull();
  });

  it('shows a reply as sending until the server acknowledges it', async () => {
    await renderInbox(inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' })] }));
    fireEvent.click(screen.getByRole('button', { name: 'Ann' }));
    await screen.findByRole('log');
    fireEvent.input(screen.getByRole('textbox', { name: 'Reply' }), { target: { value: 'One moment' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByText('Sending…')).toBeTruthy();
  });

  it('keeps each chat’s draft when switching between chats', async () => {
    await renderInbox(
      inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' }), mineChat({ id: 'm2', visitorName: 'Ben', startedAt: 2_000 })] }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ann' }));
    fireEvent.input(await screen.findByRole('textbox', { name: 'Reply' }), { target: { value: 'Draft for Ann' } });
    fireEvent.click(screen.getByRole('button', { name: 'Ben' }));
    await vi.waitFor(() => expect(screen.getByRole('heading', { name: 'Ben' })).toBeTruthy());
    expect((screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement).value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Ann' }));
    await vi.waitFor(() =>
      expect((screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement).value).toBe('Draft for Ann'),
    );
  });

  it('renders message text as text and system messages as notices', async () => {
    histories.m1 = [
      message({ id: 'v1', chatId: 'm1', seq: 1, text: '<img src=x onerror="alert(1)"><b>bold</b>' }),
      message({ id: 's1', chatId: 'm1', seq: 2, author: 'system', text: 'Chat closed by visitor' }),
    ];
    await renderInbox(inbox({ mine: [mineChat({ id: 'm1', visitorName: '<i>Ann</i>' })] }));
    fireEvent.click(screen.getByRole('button', { name: /^<i>Ann<\/i>/ }));
    const log = await screen.findByRole('log');
    await vi.waitFor(() => expect(log.textContent).toContain('<img src=x onerror="alert(1)"><b>bold</b>'));
    expect(document.querySelector('img, b, i')).toBeNull();
    expect(within(log).getByText('Chat closed by visitor').closest('.system-message')).toBeTruthy();
  });

  it('counts unread visitor messages per chat and in the page title, and clears them when read', async () => {
    histories.m1 = [message({ id: 'v1', chatId: 'm1', seq: 1 }), message({ id: 'v2', chatId: 'm1', seq: 2 })];
    histories.m2 = [message({ id: 'w1', chatId: 'm2', seq: 3 })];
    await renderInbox(
      inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' }), mineChat({ id: 'm2', visitorName: 'Ben', startedAt: 2_000 })] }),
    );
    await vi.waitFor(() => expect(document.title).toBe('(3) Parley'));
    expect(screen.getByRole('button', { name: 'Ann, 2 unread' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ann, 2 unread' }));
    await vi.waitFor(() => expect(document.title).toBe('(1) Parley'));
    expect(screen.getByRole('button', { name: 'Ann' })).toBeTruthy();
    socket.serverEmit('message:new', message({ id: 'v3', chatId: 'm1', seq: 4 }));
    // Seen at once: the chat is on screen.
    await vi.waitFor(() => expect(document.title).toBe('(1) Parley'));
    socket.serverEmit('message:new', message({ id: 'w2', chatId: 'm2', seq: 5 }));
    await vi.waitFor(() => expect(document.title).toBe('(2) Parley'));
  });

  it('shows how long a visitor has waited for an answer in my chats', async () => {
    histories.m1 = [message({ id: 'v1', chatId: 'm1', seq: 1, at: NOW - 45_000 })];
    await renderInbox(inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' })] }));
    const mine = screen.getByRole('list', { name: /My chats/ });
    await vi.waitFor(() => expect(mine.textContent).toContain('waiting 45s'));
  });

  it('shows the visitor typing and closes the chat', async () => {
    await renderInbox(inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' })] }));
    fireEvent.click(screen.getByRole('button', { name: 'Ann' }));
    await screen.findByRole('log');
    socket.serverEmit('typing:update', { chatId: 'm1', typing: true });
    await vi.waitFor(() => expect(screen.getByText('Ann is typing…')).toBeTruthy());

    socket.answers['chat:close'] = ({ chatId }) => ({ ok: true, chat: mineChat({ id: chatId, visitorName: 'Ann', status: 'closed', closedAt: NOW }) });
    fireEvent.click(screen.getByRole('button', { name: 'Close chat' }));
    await vi.waitFor(() => expect(screen.getByText('This chat is closed.')).toBeTruthy());
    expect(socket.emitted('chat:close')).toEqual([{ chatId: 'm1' }]);
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    expect(within(screen.getByRole('list', { name: /Recently closed/ })).getByRole('button', { name: 'Ann' })).toBeTruthy();
  });

  it('tells the visitor when I am typing, without sending a signal per key', async () => {
    await renderInbox(inbox({ mine: [mineChat({ id: 'm1', visitorName: 'Ann' })] }));
    fireEvent.click(screen.getByRole('button', { name: 'Ann' }));
    const reply = await screen.findByRole('textbox', { name: 'Reply' });
    for (const text of ['H', 'He', 'Hel', 'Hell', 'Hello']) fireEvent.input(reply, { target: { value: text } });
    expect(socket.emitted('typing:set')).toEqual([{ chatId: 'm1', typing: true }]);
    fireEvent.input(reply, { target: { value: '' } });
    expect(socket.emitted('typing:set')).toEqual([
      { chatId: 'm1', typing: true },
      { chatId: 'm1', typing: false },
    ]);
  });
});
