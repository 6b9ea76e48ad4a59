// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InboxContext } from '../inbox-context.ts';
import { InboxStore } from '../inbox-store.ts';
import { chat, detail, inbox, me, message, survey } from '../testing/chat-fixtures.ts';
import { FakeAgentSocket } from '../testing/fake-agent-socket.ts';
import { DrillDialog } from './drill-dialog.tsx';
import type { Drill } from './drill.ts';

const missed = chat({ id: 'c1', visitorId: 'v_5c83a2ec59f6', status: 'closed', agent: { id: me.id, name: me.name }, closedAt: 9_000 });

let socket: FakeAgentSocket;
let store: InboxStore;
let listed: number;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function Drilling() {
  const [drill, setDrill] = useState<Drill | null>({ key: 'chats.missed' });
  if (!drill) return null;
  return (
    <DrillDialog
      drill={drill}
      viewParams={new URLSearchParams({ from: '2026-11-30', to: '2026-12-06', tz: 'UTC' })}
      tz="UTC"
      agents={[{ id: me.id, name: me.name }]}
      onChange={setDrill}
    />
  );
}

beforeEach(async () => {
  listed = 1;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://console.test');
    if (url.pathname === '/api/metrics/chats') {
      const row = (i: number) => ({ chatId: `c${i}`, visitorId: `v_5c83a2ec59f${i === 1 ? 6 : i}`, agentId: me.id, startedAt: new Date(1_000 + i).toISOString(), value: null });
      return json(200, { key: 'chats.missed', total: listed, chats: Array.from({ length: listed }, (_, i) => row(i + 1)) });
    }
    if (url.pathname === '/api/chats/c1/surveys') {
      return json(200, { surveys: [survey({ id: 's1', chatId: 'c1', score: 1, comment: 'Grinder still broken', answeredAt: 8_000 })] });
    }
    return json(404, { error: 'no such endpoint' });
  });
  socket = new FakeAgentSocket();
  socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox() });
  socket.answers['chat:open'] = () => ({
    ok: true,
    chat: detail(missed, [
      message({ id: 'm1', chatId: 'c1', seq: 1, text: 'Anyone there?' }),
      message({ id: 'm2', chatId: 'c1', seq: 2, author: 'agent', agentId: me.id, authorName: me.name, text: 'Sorry for the wait' }),
    ]),
  });
  store = new InboxStore({ socket: socket.asSocket(), agentId: me.id, requestTimeoutMs: 50, retryDelayMs: 10 });
  store.start();
  await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
});

afterEach(() => {
  cleanup();
  store.stop();
  vi.unstubAllGlobals();
});

function renderDrill() {
  render(
    <InboxContext.Provider value={store}>
      <Drilling />
    </InboxContext.Provider>,
  );
}

describe('DrillDialog', () => {
  it('counts the chats in the plural form the number takes and names anonymous visitors as the inbox does', async () => {
    renderDrill();
    await vi.waitFor(() => expect(screen.getByText('1 chat')).toBeTruthy());
    const row = screen.getByRole('button', { name: /Read the chat of/ }).closest('tr')!;
    expect(within(row).getByText('Visitor 59F6')).toBeTruthy();
    expect(row.textContent).not.toContain('v_5c83');
  });

  it('says "2 chats" for two', async () => {
    listed = 2;
    renderDrill();
    await vi.waitFor(() => expect(screen.getByText('2 chats')).toBeTruthy());
  });

  it('opens a chat with its ratings in the log and under Ratings, read only: no message offers deleting', async () => {
    renderDrill();
    fireEvent.click(await screen.findByRole('button', { name: /Read the chat of/ }));
    const transcript = await screen.findByRole('region', { name: 'Transcript' });
    const log = await within(transcript).findByRole('log', { name: 'Transcript' });
    await vi.waitFor(() => expect(log.textContent).toContain('Visitor 59F6 rated Satisfaction (CSAT) 1 / 5'));
    expect(within(transcript).getByRole('list').textContent).toContain('Satisfaction (CSAT) 1 / 5');
    expect(within(log).getByText('Sorry for the wait')).toBeTruthy();
    expect(within(transcript).queryByRole('button', { name: 'Delete message' })).toBeNull();
  });
});
