// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FoundChat } from '../../shared/api-routes.ts';
import { InboxStore } from './inbox-store.ts';
import { SearchPage } from './search-page.tsx';
import { chat, detail, me, message, survey } from './testing/chat-fixtures.ts';
import { FakeAgentSocket } from './testing/fake-agent-socket.ts';
import { renderInInbox } from './testing/render-in-inbox.tsx';

const grinder = chat({ id: 'c1', visitorId: 'v_5c83a2ec59f6', status: 'closed', agent: { id: me.id, name: me.name }, closedAt: 9_000 });
const found: FoundChat = {
  chatId: 'c1',
  startedAt: new Date(1_000).toISOString(),
  agentId: me.id,
  visitorId: 'v_5c83a2ec59f6',
  visitorName: null,
  visitorEmail: null,
  snippet: 'my \uE000grinder\uE001 arrived broken',
};

let socket: FakeAgentSocket;
let store: InboxStore;
let searches: URL[];
/** What GET /api/search answers next. */
let searchAnswer: () => Response;

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeEach(async () => {
  searches = [];
  searchAnswer = () => json(200, { total: 1, totalCapped: false, chats: [found] });
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://console.test');
    if (url.pathname === '/api/search') {
      searches.push(url);
      return searchAnswer();
    }
    if (url.pathname === '/api/chats/c1/surveys') {
      return json(200, { surveys: [survey({ id: 's1', chatId: 'c1', score: 1, comment: 'Grinder still broken', answeredAt: 8_000 })] });
    }
    return json(404, { error: 'no such endpoint' });
  });
  socket = new FakeAgentSocket();
  socket.answers['chat:open'] = () => ({
    ok: true,
    chat: detail(grinder, [
      message({ id: 'm1', chatId: 'c1', seq: 1, text: 'My grinder arrived broken' }),
      message({ id: 'm2', chatId: 'c1', seq: 2, author: 'agent', agentId: me.id, authorName: me.name, text: 'Sorry, a refund is on its way' }),
    ]),
  });
  store = renderInInbox(<SearchPage />, socket);
  await vi.waitFor(() => expect(store.getState().me).not.toBeNull());
});

afterEach(() => {
  cleanup();
  store.stop();
  vi.unstubAllGlobals();
});

async function search(words: string) {
  fireEvent.input(screen.getByRole('searchbox', { name: 'Search chats' }), { target: { value: words } });
  fireEvent.submit(screen.getByRole('search'));
}

describe('SearchPage', () => {
  it('counts the chats found in the plural form the number takes, and names an anonymous visitor as the inbox does', async () => {
    await search('grinder');
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toBe('1 chat found'));
    const results = screen.getByRole('region', { name: 'Search results' });
    expect(within(results).getByRole('button').textContent).toContain('Visitor 59F6');

    searchAnswer = () => json(200, { total: 3, totalCapped: false, chats: [found] });
    await search('broken');
    await vi.waitFor(() => expect(screen.getByRole('status').textContent).toBe('3 chats found'));
  });

  it('clears the results when a search fails or has no words', async () => {
    await search('grinder');
    await screen.findByRole('region', { name: 'Search results' });

    searchAnswer = () => json(400, { error: 'from: must be before to' });
    await search('refund');
    expect((await screen.findByRole('alert')).textContent).toBe('Could not search: from: must be before to');
    expect(screen.queryByRole('region', { name: 'Search results' })).toBeNull();

    searchAnswer = () => json(200, { total: 1, totalCapped: false, chats: [found] });
    await search('grinder');
    await screen.findByRole('region', { name: 'Search results' });
    expect(screen.queryByRole('alert')).toBeNull();
    await search('   ');
    await vi.waitFor(() => expect(screen.queryByRole('region', { name: 'Search results' })).toBeNull());
    expect(searches).toHaveLength(3);
  });

  it('opens a chat found with its ratings, read only: no message offers deleting', async () => {
    await search('grinder');
    fireEvent.click(within(await screen.findByRole('region', { name: 'Search results' })).getByRole('button'));
    const dialog = await screen.findByRole('dialog');
    const log = await within(dialog).findByRole('log', { name: 'Transcript' });
    await vi.waitFor(() => expect(log.textContent).toContain('Visitor 59F6 rated Satisfaction (CSAT) 1 / 5'));
    expect(log.textContent).toContain('Grinder still broken');
    const ratings = within(dialog).getByRole('list');
    expect(ratings.textContent).toContain('Satisfaction (CSAT) 1 / 5');
    expect(within(dialog).queryByText('No ratings yet.')).toBeNull();
    expect(within(log).getByText('Sorry, a refund is on its way')).toBeTruthy();
    expect(within(dialog).queryByRole('button', { name: 'Delete message' })).toBeNull();
  });
});
