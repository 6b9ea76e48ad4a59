// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FollowUpView } from '../../../shared/protocol.ts';
import { InboxStore } from '../inbox-store.ts';
import { me } from '../testing/chat-fixtures.ts';
import { renderInInbox } from '../testing/render-in-inbox.tsx';
import { FollowUpsPage } from './follow-ups-page.tsx';

const open: FollowUpView = {
  id: 'f1',
  surveyId: 's1',
  kind: 'csat',
  score: 1,
  scale: 5,
  comment: 'Grinder still broken',
  answeredAt: 8_000,
  chatId: 'c1',
  chatStartedAt: 1_000,
  visitor: { id: 'v1', name: 'Vera', email: null },
  agent: { id: me.id, name: me.name },
  departmentId: null,
  createdAt: 8_000,
  doneAt: null,
  doneBy: null,
  note: null,
  mayComplete: true,
};

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

let store: InboxStore;
/** POST /api/follow-ups/{id}/done bodies. */
let completions: unknown[];

beforeEach(async () => {
  completions = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://console.test');
    if (url.pathname === '/api/follow-ups') return json(200, { followUps: [open] });
    if (url.pathname === '/api/follow-ups/times') return json(200, { from: 0, to: 1, agents: [] });
    if (url.pathname === '/api/follow-ups/f1/done') {
      completions.push(JSON.parse(String(init?.body)));
      return json(200, { followUp: { ...open, doneAt: 9_000, doneBy: { id: me.id, name: me.name }, note: 'Called' } });
    }
    return json(404, { error: 'no such endpoint' });
  });
  store = renderInInbox(<FollowUpsPage />);
  await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
});

afterEach(() => {
  cleanup();
  store.stop();
  vi.unstubAllGlobals();
});

describe('FollowUpsPage', () => {
  it('names the action on a follow-up apart from the list of done ones', async () => {
    const card = await screen.findByRole('listitem', { name: /Follow-up: CSAT 1 of 5/ });
    fireEvent.click(within(card).getByRole('button', { name: 'Mark done' }));
    fireEvent.input(within(card).getByRole('textbox', { name: 'What did you do?' }), { target: { value: 'Called' } });

    const names = screen.getAllByRole('button').map((b) => b.textContent?.trim());
    expect(names.filter((n) => n === 'Done')).toHaveLength(1);
    expect(within(screen.getByRole('group', { name: 'Show' })).getByRole('button', { name: 'Done' })).toBeTruthy();

    fireEvent.click(within(card).getByRole('button', { name: 'Mark done' }));
    await vi.waitFor(() => expect(completions).toEqual([{ note: 'Called' }]));
  });
});
