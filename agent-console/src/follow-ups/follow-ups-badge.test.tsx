// @vitest-environment happy-dom
import { cleanup, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InboxStore } from '../inbox-store.ts';
import { renderInInbox } from '../testing/render-in-inbox.tsx';
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
    store = renderInInbox(<FollowUpsBadge />);
    expect((await screen.findByLabelText(label)).textContent).toBe(String(open));
  });
});
