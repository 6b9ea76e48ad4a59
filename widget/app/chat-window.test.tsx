// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { render as renderPreact } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VisitorState } from '../../shared/protocol.ts';
import { ChatSession } from './chat-session.ts';
import { ChatWindow } from './chat-window.tsx';
import { memoryStore } from './local-store.ts';
import { chatView, message, visitorState } from './testing/chat-fixtures.ts';
import { FakeHostBridge } from './testing/fake-host-bridge.ts';
import { FakeVisitorSocket } from './testing/fake-visitor-socket.ts';
import { EN, type Words } from './words.ts';
import { WordsContext } from './words-context.ts';
import { RU } from './words-ru.ts';

const sessions: ChatSession[] = [];
afterEach(() => {
  cleanup();
  for (const s of sessions.splice(0)) s.stop();
});

async function renderWindow(state: Partial<VisitorState> = {}, server?: (socket: FakeVisitorSocket) => void, words: Words = EN) {
  let socket!: FakeVisitorSocket;
  const bridge = new FakeHostBridge();
  const session = new ChatSession({
    serverUrl: 'http://chat.test',
    store: memoryStore(),
    connect(token) {
      socket = new FakeVisitorSocket(token);
      socket.answer('visitor:hello', () => ({ ok: true, state: visitorState(state) }));
      socket.answer('message:send', (m) => ({ ok: true, message: message({ id: m.id, seq: 100, text: m.text }) }));
      server?.(socket);
      return socket.asSocket();
    },
    page: async () => null,
    watching: () => bridge.isOpen(),
    locale: 'en-US',
    timeZone: 'UTC',
    fetch: async () => new Response(JSON.stringify({ visitorId: 'vis_1', token: 'tok_1' }), { status: 201 }),
  });
  sessions.push(session);
  render(
    <WordsContext.Provider value={words}>
      <ChatWindow session={session} bridge={bridge} embedded />
    </WordsContext.Provider>,
  );
  await session.start();
  socket.fire('connect');
  await vi.waitFor(() => expect(session.state.phase).toBe('live'));
  return { session, socket, bridge };
}

describe('ChatWindow', () => {
  it('shows the site, a greeting and a message box with the names the tests use', async () => {
    await renderWindow();
    expect(screen.getByRole('heading', { name: 'Acme Shoes' })).toBeTruthy();
    expect(screen.getByText("We're online")).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Message' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(screen.getByRole('log').getAttribute('aria-live')).toBe('polite');
    expect(screen.queryByRole('button', { name: 'End chat' })).toBeNull();
  });

  it('sends on Enter, not on Shift+Enter, and shows Sending… then Delivered', async () => {
    let ack: ((res: unknown) => void) | undefined;
    const { socket } = await renderWindow({}, (s) => s.answer('message:send', () => undefined));
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'Line one' } });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(socket.sent('message:send')).toEqual([]);
    // The real socket acks later; keep hold of the answer.
    socket.answer('message:send', () => undefined);
    const timeout = socket.timeout.bind(socket);
    socket.timeout = (ms: number) => ({
      emit: (event: string, payload: any, cb: any) => {
        if (event === 'message:send') ack = (res) => cb(null, res);
        return timeout(ms).emit(event, payload, cb);
      },
    });
    fireEvent.keyDown(box, { key: 'Enter' });
    const log = screen.getByRole('log');
    expect(within(log).getByText('Line one')).toBeTruthy();
    expect(within(log).getByText('Sending…')).toBeTruthy();
    expect(box.value).toBe('');
    const [sent] = socket.sent('message:send');
    ack!({ ok: true, message: message({ id: sent.id, seq: 8, text: 'Line one' }) });
    await vi.waitFor(() => expect(within(log).getByText(/Delivered/)).toBeTruthy());
    expect(within(log).queryByText('Sending…')).toBeNull();
  });

  it('renders message text as text, never as markup', async () => {
    await renderWindow({
      chat: chatView({ status: 'active', agent: { id: 'a', name: 'Anna' } }),
      messages: [message({ id: 'msg_x', seq: 1, text: '<script>alert(1)</script><b>bold</b>' })],
    });
    const log = screen.getByRole('log');
    expect(within(log).getByText('<script>alert(1)</script><b>bold</b>')).toBeTruthy();
    expect(log.querySelector('script, b')).toBeNull();
  });

  it('words the server’s notices in the visitor’s language; an imported one keeps its text', async () => {
    const { socket } = await renderWindow({ chat: chatView({ status: 'active', agent: { id: 'a', name: 'Анна' } }) }, undefined, RU);
    socket.fire('message:new', message({ id: 'sys_1', seq: 3, author: 'system', text: 'Анна joined the chat', notice: { kind: 'joined', agent: 'Анна' } }));
    socket.fire('message:new', message({ id: 'sys_2', seq: 4, author: 'system', text: 'Old words', notice: undefined }));
    await vi.waitFor(() => expect(screen.getByText('Оператор Анна подключился к чату')).toBeTruthy());
    expect(screen.queryByText('Анна joined the chat')).toBeNull();
    expect(screen.getByText('Old words')).toBeTruthy();
  });

  it('shows the place in the queue, then the agent, their typing and the End chat button', async () => {
    const { socket } = await renderWindow({ chat: chatView({ queuePosition: 2 }) });
    expect(screen.getByText('Waiting for an agent — you are number 2 in line')).toBeTruthy();
    socket.fire('chat:update', chatView({ status: 'active', queuePosition: null, agent: { id: 'a', name: 'Anna Berg' } }));
    socket.fire('message:new', message({ id: 'sys_1', seq: 3, author: 'system', text: 'Anna Berg joined the chat' }));
    await vi.waitFor(() => expect(screen.getByText('Chatting with Anna Berg')).toBeTruthy());
    expect(screen.getByText('Anna Berg joined the chat')).toBeTruthy();
    expect(screen.queryByText(/in line/)).toBeNull();
    socket.fire('typing:update', { typing: true, name: 'Anna Berg' });
    await vi.waitFor(() => expect(screen.getByText('Anna Berg is typing…')).toBeTruthy());
    socket.fire('message:new', message({ id: 'msg_r', seq: 4, author: 'agent', authorName: 'Anna Berg', text: 'Hi! How can I help?' }));
    await vi.waitFor(() => expect(screen.queryByText('Anna Berg is typing…')).toBeNull());
    expect(screen.getByText('Hi! How can I help?')).toBeTruthy();

    socket.answer('chat:end', () => ({ ok: true, chat: chatView({ status: 'closed', closedAt: 5 }) }));
    fireEvent.click(screen.getByRole('button', { name: 'End chat' }));
    await vi.waitFor(() => expect(screen.getByText(/This chat has ended/)).toBeTruthy());
    expect(screen.queryByRole('button', { name: 'End chat' })).toBeNull();
  });

  it('explains a message that is too long and keeps the draft', async () => {
    const { socket } = await renderWindow();
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'a'.repeat(5001) } });
    expect(screen.getByRole('alert').textContent).toMatch(/too long: 5,001 characters, the limit is 5,000/);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(socket.sent('message:send')).toEqual([]);
    expect(box.value).toHaveLength(5001);
  });

  it('shows a refused message with the server error and lets the visitor retry or remove it', async () => {
    const { socket } = await renderWindow({}, (s) =>
      s.answer('message:send', () => ({ ok: false, error: 'text: must not be empty', field: 'text' })),
    );
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.input(box, { target: { value: 'Hello' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await vi.waitFor(() => expect(screen.getByText(/Not sent: text: must not be empty/)).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(socket.sent('message:send')).toHaveLength(2);
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Remove' })).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(screen.queryByText('Hello')).toBeNull();
  });

  it('offers the offline form when no agent is online, then thanks the visitor and shows the chat', async () => {
    const { socket } = await renderWindow({ agentsOnline: false }, (s) =>
      s.answer('offline:submit', (f) => ({
        ok: true,
        chat: chatView({ channel: 'offline' }),
        message: message({ id: f.id, seq: 1, text: f.text }),
      })),
    );
    expect(screen.getByRole('heading', { name: 'Leave us a message' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(screen.getByText("We're away")).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Jo' } });
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'jo@example' } });
    fireEvent.input(screen.getByLabelText('Message'), { target: { value: 'Please call me' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/email address/));
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'jo@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    await vi.waitFor(() => expect(screen.getByText(/Thanks! We got your message/)).toBeTruthy());
    expect(within(screen.getByRole('log')).getByText('Please call me')).toBeTruthy();
    expect(socket.sent('offline:submit')).toHaveLength(1);
  });

  it('asks the loader to close on Esc and from the Minimize button', async () => {
    const { bridge } = await renderWindow();
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Escape' });
    fireEvent.click(screen.getByRole('button', { name: 'Minimize' }));
    expect(bridge.closeRequests).toBe(2);
  });

  it('reports unread agent messages while closed and focuses the message box on open', async () => {
    const { socket, bridge } = await renderWindow({ chat: chatView({ status: 'active' }) });
    bridge.setOpen(false);
    socket.fire('message:new', message({ id: 'msg_1', seq: 1, author: 'agent', authorName: 'Anna' }));
    await vi.waitFor(() => expect(bridge.badge).toBe('1'));
    expect(bridge.launcher).toEqual({ open: 'Open chat, 1 unread message', close: 'Close chat', frame: 'Chat window', badge: '1' });
    bridge.setOpen(true);
    await vi.waitFor(() => expect(bridge.badge).toBe(''));
    expect(bridge.launcher!.open).toBe('Open chat');
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }));
  });
});

describe('ChatWindow and a session that changes before the window listens', () => {
  it('shows the state the session reached between the first render and its subscription', async () => {
    let socket!: FakeVisitorSocket;
    const session = new ChatSession({
      serverUrl: 'http://chat.test',
      store: memoryStore(),
      connect(token) {
        socket = new FakeVisitorSocket(token);
        socket.answer('visitor:hello', () => ({ ok: true, state: visitorState() }));
        return socket.asSocket();
      },
      page: async () => null,
      watching: () => true,
      locale: 'en-US',
      timeZone: 'UTC',
      fetch: async () => new Response(JSON.stringify({ visitorId: 'vis_1', token: 'tok_1' }), { status: 201 }),
    });
    sessions.push(session);
    await session.start();
    // Preact's own render, as in the product: effects run after the next paint, not at once
    // as in Testing Library's act().
    const container = document.body.appendChild(document.createElement('div'));
    renderPreact(<ChatWindow session={session} bridge={new FakeHostBridge()} embedded />, container);
    // Live within microtasks: before the window's effects have run.
    socket.fire('connect');
    await vi.waitFor(() => expect(session.state.phase).toBe('live'));
    await vi.waitFor(() => expect(within(container).getByRole('textbox', { name: 'Message' })).toBeTruthy());
    renderPreact(null, container);
    container.remove();
  });
});
