// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { autoAwayStep, useAutoAway } from './auto-away.ts';
import { InboxStore } from './inbox-store.ts';
import { inbox, me } from './testing/chat-fixtures.ts';
import { FakeAgentSocket } from './testing/fake-agent-socket.ts';

describe('autoAwayStep', () => {
  const limitMs = 60_000;
  it('sends an idle online agent away, and brings back only the agent it sent away', () => {
    expect(autoAwayStep({ status: 'online', idleMs: 59_999, limitMs, sentAwayByUs: false })).toBeNull();
    expect(autoAwayStep({ status: 'online', idleMs: 60_000, limitMs, sentAwayByUs: false })).toBe('away');
    expect(autoAwayStep({ status: 'away', idleMs: 10, limitMs, sentAwayByUs: true })).toBe('online');
    expect(autoAwayStep({ status: 'away', idleMs: 10, limitMs, sentAwayByUs: false })).toBeNull();
    expect(autoAwayStep({ status: 'offline', idleMs: 999_999, limitMs, sentAwayByUs: false })).toBeNull();
    expect(autoAwayStep({ status: 'online', idleMs: 999_999, limitMs: 0, sentAwayByUs: false })).toBeNull();
  });
});

describe('useAutoAway', () => {
  let socket: FakeAgentSocket;
  let store: InboxStore;

  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeAgentSocket();
    socket.answers['agent:hello'] = () => ({ ok: true, inbox: inbox({ autoAwayMinutes: 2 }) });
    socket.answers['status:set'] = ({ status }) => ({ ok: true, status });
    store = new InboxStore({ socket: socket.asSocket(), agentId: me.id });
    store.start();
  });

  afterEach(() => {
    cleanup();
    store.stop();
    vi.useRealTimers();
  });

  function Watcher() {
    useAutoAway(store, 2);
    return null;
  }

  it('goes away after the idle minutes and comes back on a key press', async () => {
    await vi.waitFor(() => expect(store.getState().me?.status).toBe('online'));
    render(<Watcher />);
    await vi.advanceTimersByTimeAsync(60_000);
    dispatchEvent(new KeyboardEvent('keydown', { key: 'x' }));
    await vi.advanceTimersByTimeAsync(100_000);
    expect(socket.emitted('status:set')).toEqual([]);
    await vi.advanceTimersByTimeAsync(25_000);
    expect(socket.emitted('status:set')).toEqual([{ status: 'away' }]);
    await vi.waitFor(() => expect(store.getState().me?.status).toBe('away'));
    dispatchEvent(new MouseEvent('pointermove'));
    expect(socket.emitted('status:set')).toEqual([{ status: 'away' }, { status: 'online' }]);
  });
});
