// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InboxContext } from '../inbox-context.ts';
import { InboxStore } from '../inbox-store.ts';
import { inbox, me } from '../testing/chat-fixtures.ts';
import { FakeAgentSocket } from '../testing/fake-agent-socket.ts';
import { FollowUpsBadge } from './follow-ups-badge.tsx';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let store: InboxStore | undefined;

afterEach(() => {
  cleanup();
  store?.stop();
  vi.unstubAllGlobals();
});

describe('FollowUpsBadge', () => {
  it.each([
    [1, '1 open follow-up'],
    [3, '3 open follow-ups'],
  ])('names %i open follow-ups in the right number', async (open, label) => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) =>
      new URL(String(input), 'http://console.test').pathname === '/api/follow-ups/count' ? json(200, { open }) : json(404, { error: 'no such endpoint' }),
    );
    const socket = new FakeAgentSocket();
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox() });
    socket.answers['team:list'] = () => ({ ok: true, agents: [], departments: [] });
    store = new InboxStore({ socket: socket.asSocket(), agentId: me.id, requestTimeoutMs: 50, retryDelayMs: 10 });
    store.start();
    render(
      <InboxContext.Provider value={store}>
        <FollowUpsBadge />
      </InboxContext.Provider>,
    );
    expect((await screen.findByLabelText(label)).textContent).toBe(String(open));
  });
});
