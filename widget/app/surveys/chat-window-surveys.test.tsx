// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SurveyView, VisitorState } from '../../../shared/protocol.ts';
import { ChatSession } from '../chat-session.ts';
import { ChatWindow } from '../chat-window.tsx';
import { memoryStore } from '../local-store.ts';
import { chatView, message, visitorState } from '../testing/chat-fixtures.ts';
import { FakeHostBridge } from '../testing/fake-host-bridge.ts';
import { FakeVisitorSocket } from '../testing/fake-visitor-socket.ts';
import { SurveySession } from './survey-session.ts';
import { surveyView } from './testing/survey-fixtures.ts';

const sessions: ChatSession[] = [];
afterEach(() => {
  cleanup();
  for (const s of sessions.splice(0)) s.stop();
});

async function renderWindow(state: Partial<VisitorState>, pending: SurveyView[]) {
  let socket!: FakeVisitorSocket;
  const bridge = new FakeHostBridge();
  const surveys = new SurveySession();
  const session = new ChatSession({
    serverUrl: 'http://chat.test',
    store: memoryStore(),
    connect(token) {
      socket = new FakeVisitorSocket(token);
      socket.answer('visitor:hello', () => ({ ok: true, state: visitorState(state) }));
      socket.answer('survey:pending', () => ({ ok: true, surveys: pending }));
      socket.answer('survey:shown', (q) => ({ ok: true, survey: { ...pending.find((s) => s.id === q.surveyId)!, status: 'sent' } }));
      return surveys.attach(socket.asSocket());
    },
    page: async () => null,
    watching: () => bridge.isOpen(),
    locale: 'en-US',
    timeZone: 'UTC',
    fetch: async () => new Response(JSON.stringify({ visitorId: 'vis_1', token: 'tok_1' }), { status: 201 }),
  });
  sessions.push(session);
  surveys.follow(session);
  render(<ChatWindow session={session} bridge={bridge} embedded surveys={surveys} />);
  await session.start();
  socket.fire('connect');
  await vi.waitFor(() => expect(session.state.phase).toBe('live'));
  return { session, socket, surveys };
}

const closedChat = chatView({ status: 'closed', agent: { id: 'ag_1', name: 'Anna' }, closedAt: Date.UTC(2025, 0, 6, 9, 20) });
const conversation = [message({ id: 'm1', seq: 1, text: 'Where is my parcel?' }), message({ id: 'm2', seq: 2, author: 'agent', authorName: 'Anna', text: 'On its way.' })];

describe('surveys in the chat window', () => {
  it('a page load after the chat closed shows its CSAT after the conversation, and says it is on screen', async () => {
    const { socket } = await renderWindow({ chat: closedChat, messages: conversation }, [surveyView('csat'), surveyView('ces')]);
    const csat = await screen.findByRole('group', { name: 'How satisfied are you with the support you received?' });
    const log = screen.getByRole('log');
    expect(log.compareDocumentPosition(csat) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
    await vi.waitFor(() => expect(socket.sent('survey:shown')).toEqual([{ surveyId: 'sv_csat' }]));
  });

  it('offered when the chat closes; gone once the visitor starts another chat', async () => {
    const openChat = chatView({ status: 'active', agent: { id: 'ag_1', name: 'Anna' } });
    const { socket } = await renderWindow({ chat: openChat, messages: conversation }, []);
    socket.fire('survey:offer', { surveys: [surveyView('csat'), surveyView('ces')] });
    // Not while the window still shows the chat as open.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole('group')).toBeNull();
    socket.fire('chat:update', closedChat);
    expect(await screen.findByRole('group', { name: /How satisfied/ })).toBeTruthy();

    socket.fire('chat:update', chatView({ id: 'chat_2', status: 'queued', startedAt: Date.UTC(2025, 0, 6, 10, 0) }));
    await vi.waitFor(() => expect(screen.queryByRole('group')).toBeNull());
  });

  it('shows above the offline form when nobody is online to chat', async () => {
    await renderWindow({ chat: null, agentsOnline: false }, [surveyView('csat')]);
    expect(await screen.findByRole('group', { name: /How satisfied/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send message' })).toBeTruthy();
  });
});
