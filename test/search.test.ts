import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { MARK_END, MARK_START } from '../shared/search-snippet.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { SEARCH_DOCUMENT_CAP, searchChats, type SearchFilters } from '../server/store/search.ts';

// Search (README "Search") on a real server, on SQLite and on Postgres: what an imported
// history and a live chat say is found, ranked, marked, filtered, and only by who may see it.

let server: TestServer;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
});

const api = (path: string, token: string) => apiCall(server.url, token, path);
const search = async (token: string, query: string) => {
  const res = await api(`/search?${query}`, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { total: number; totalCapped: boolean; chats: Array<{ chatId: string; startedAt: string; agentId: string | null; visitorId: string; visitorName: string | null; visitorEmail: string | null; snippet: string }> };
};
const ids = async (token: string, query: string) => (await search(token, query)).chats.map((c) => c.chatId).sort();

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 10, minute)).toISOString();
/** The i-th minute from midnight of 2026-03-02, for histories of a chat a minute. */
const minuteOf = (i: number) => new Date(Date.UTC(2026, 2, 2) + i * 60_000).toISOString();

/** Imports chat records (METRICS.md §1) as a history file; the import must take them all. */
async function importChats(owner: string, records: object[]) {
  const body = [{ type: 'meta', format: 'chat-history', version: 1 }, ...records].map((r) => JSON.stringify(r)).join('\n') + '\n';
  const imported = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  expect(imported.status, await imported.clone().text()).toBe(200);
}

async function agentIn(owner: string, name: string, departments: string[]) {
  const email = `${name.toLowerCase()}@example.com`;
  const token = await createAgentAccount(server.url, server.store, { name, email });
  const id = (await server.store.value<string>('SELECT id FROM agents WHERE email = ?', [email]))!;
  expect((await apiCall(server.url, owner, `/agents/${id}`, { method: 'PATCH', body: { departments } })).status).toBe(200);
  return { id, token };
}

function history(aliceId: string, bobId: string): object[] {
  const chat = (id: string, department: string | null, tags: string[], texts: string[], agentId: string | null, minute: number) => ({
    type: 'chat', id, visitorId: `v_${id}`, department, priority: 'normal', channel: 'widget',
    startedAt: at(minute), closedAt: at(minute + 30), closedBy: 'agent', tags,
    assignments: agentId ? [{ agentId, at: at(minute + 1) }] : [],
    messages: texts.map((text, i) => ({
      id: `${id}_m${i}`, author: i % 2 ? 'agent' : 'visitor', ...(i % 2 ? { agentId, cannedId: null } : {}), at: at(minute + 2 + i), text,
    })),
  });
  return [
    chat('h_sales', 'sales', ['billing', 'priority'], ['Where is my refund for order 42?', 'Refunds take five days.'], aliceId, 0),
    chat('h_support', 'support', [], ['Refund please: the parcel came broken', 'Sorry to hear that'], bobId, 5),
    chat('h_nodept', null, ['vip-customer'], ['Привет, нужен ВОЗВРАТ денег'], null, 10),
    chat('h_other', 'sales', [], ['Do you ship to Norway?'], null, 15),
  ];
}

async function start() {
  server = await startTestServer();
  const owner = await loginToken(server.url);
  for (const [id, name] of [['sales', 'Sales'], ['support', 'Support']]) {
    expect((await apiCall(server.url, owner, '/departments', { method: 'POST', body: { id, name } })).status).toBe(201);
  }
  const alice = await agentIn(owner, 'Alice', ['sales']);
  const bob = await agentIn(owner, 'Bob', ['support']);
  await importChats(owner, history(alice.id, bob.id));
  return { owner, alice, bob };
}

/** A live chat in support: a named visitor, a message, an agent's note and tag. */
async function liveChat(owner: string) {
  const agent = track(await connectAgent(server.url, owner));
  expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
  const visitor = track(await connectVisitor(server.url));
  expect((await visitor.call('visitor:hello', { department: 'support' })).ok).toBe(true);
  expect((await visitor.call('visitor:identify', { name: 'Zoë Quill', email: 'zoe.quill@example.org' })).ok).toBe(true);
  const sent = await visitor.call('message:send', { id: newId('m_'), text: 'My blender makes a grinding noise' });
  expect(sent.ok).toBe(true);
  const chatId = sent.message.chatId as string;
  expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
  expect((await agent.call('note:add', { chatId, id: newId('note_'), text: 'Escalate to the warehouse team' })).ok).toBe(true);
  expect((await agent.call('tag:add', { chatId, tag: 'appliance' })).ok).toBe(true);
  return chatId;
}

describe('search', () => {
  it('finds imported and live chats by messages, notes, names, emails and tags, ranked and marked as text', async () => {
    const { owner } = await start();
    const live = await liveChat(owner);

    expect(await ids(owner, 'q=refund')).toEqual(['h_sales', 'h_support']);
    // Two words: both in one document (the visitor's question), prefixes match whole words.
    expect(await ids(owner, 'q=refund+ORDER')).toEqual(['h_sales']);
    expect(await ids(owner, 'q=возв')).toEqual(['h_nodept']);
    expect(await ids(owner, 'q=billing')).toEqual(['h_sales']);
    expect(await ids(owner, 'q=vip')).toEqual(['h_nodept']);
    // A chat's tags are one document: two words in one tag, or in two tags of one chat, not in two chats' tags.
    expect(await ids(owner, 'q=vip+customer')).toEqual(['h_nodept']);
    expect(await ids(owner, 'q=prio+billing')).toEqual(['h_sales']);
    expect(await ids(owner, 'q=billing+vip')).toEqual([]);
    expect(await ids(owner, 'q=billing+refund')).toEqual([]);
    expect(await ids(owner, 'q=blender')).toEqual([live]);
    expect(await ids(owner, 'q=warehouse')).toEqual([live]);
    expect(await ids(owner, 'q=appliance')).toEqual([live]);
    expect(await ids(owner, 'q=Zoë')).toEqual([live]);
    expect(await ids(owner, 'q=quill')).toEqual([live]);
    expect(await ids(owner, `q=${encodeURIComponent('zoe.quill@example.org')}`)).toEqual([live]);
    expect(await ids(owner, 'q=nothingmatches')).toEqual([]);

    const found = await search(owner, 'q=blender');
    expect(found.total).toBe(1);
    expect(found.totalCapped).toBe(false);
    // The console names the visitor from these as the inbox does (name, email, or the id's end).
    const visitorId = await server.store.value<string>('SELECT visitor_id FROM chats WHERE id = ?', [live]);
    expect(found.chats[0]).toMatchObject({ chatId: live, visitorId, visitorName: 'Zoë Quill', visitorEmail: 'zoe.quill@example.org' });
    expect(found.chats[0]!.snippet).toBe(`My ${MARK_START}blender${MARK_END} makes a grinding noise`);
    // A snippet is text: markup in a message comes back as the characters it is.
    const html = await search(owner, 'q=order+42');
    expect(html.chats[0]!.snippet).toBe(`Where is my refund for ${MARK_START}order${MARK_END} ${MARK_START}42${MARK_END}?`);

    const refund = await search(owner, 'q=refund');
    expect(refund.total).toBe(2);
    for (const chat of refund.chats) expect(chat.snippet).toMatch(new RegExp(`${MARK_START}refunds?${MARK_END}`, 'i'));
    const page = await search(owner, 'q=refund&limit=1&offset=1');
    expect(page.total).toBe(2);
    expect(page.chats.map((c) => c.chatId)).toEqual([refund.chats[1]!.chatId]);
    expect((await search(owner, 'q=refund&offset=5')).total).toBe(2);
  });

  it('filters by time, agent, department, tag, channel and status', async () => {
    const { owner, alice } = await start();
    const live = await liveChat(owner);
    expect(await ids(owner, 'q=refund&department=support')).toEqual(['h_support']);
    expect(await ids(owner, `q=refund&agent=${alice.id}`)).toEqual(['h_sales']);
    expect(await ids(owner, 'q=refund&tag=billing')).toEqual(['h_sales']);
    expect(await ids(owner, 'q=refund&channel=offline')).toEqual([]);
    expect(await ids(owner, `q=refund&from=${at(4)}&to=${at(6)}`)).toEqual(['h_support']);
    expect(await ids(owner, 'q=refund&from=2026-03-02&to=2026-03-03')).toEqual(['h_sales', 'h_support']);
    expect(await ids(owner, 'q=blender&status=open')).toEqual([live]);
    expect(await ids(owner, 'q=blender&status=closed')).toEqual([]);
    expect(await ids(owner, 'q=refund&status=closed')).toEqual(['h_sales', 'h_support']);
  });

  it('finds for an agent only the chats the access rule lets them see', async () => {
    const { owner, alice, bob } = await start();
    const live = await liveChat(owner);
    // Alice (sales): sales chats and those without a department, not support's.
    expect(await ids(alice.token, 'q=refund')).toEqual(['h_sales']);
    expect(await ids(alice.token, 'q=возврат')).toEqual(['h_nodept']);
    expect(await ids(alice.token, 'q=blender')).toEqual([]);
    expect(await ids(alice.token, 'q=quill')).toEqual([]);
    expect((await search(alice.token, 'q=refund')).total).toBe(1);
    // Bob (support) sees the live support chat and the imported one.
    expect(await ids(bob.token, 'q=refund')).toEqual(['h_support']);
    expect(await ids(bob.token, 'q=warehouse')).toEqual([live]);
  });

  it('answers bad parameters with a 400 naming the field, and strangers with a 401', async () => {
    const { owner } = await start();
    for (const [query, field] of [
      ['', 'q'],
      ['q=%20%21%3F', 'q'],
      ['q=a&limit=0', 'limit'],
      ['q=a&limit=1000', 'limit'],
      ['q=a&offset=-1', 'offset'],
      ['q=a&from=yesterday', 'from'],
      ['q=a&from=2026-03-03&to=2026-03-02', 'from'],
      ['q=a&status=pending', 'status'],
      ['q=a&channel=email', 'channel'],
      ['q=a&sort=newest', 'sort'],
    ] as const) {
      const res = await api(`/search?${query}`, owner);
      expect(res.status, query).toBe(400);
      expect(res.body.field, query).toBe(field);
      expect(res.body.error, query).toMatch(new RegExp(`^${field}: `));
    }
    expect((await fetch(`${server.url}/api/search?q=refund`)).status).toBe(401);
  });

  it('reads at most the newest SEARCH_DOCUMENT_CAP matching messages, says so, and reaches older chats through the filters', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    // One more chat than the cap, a minute apart, each with one message saying "parcel".
    const chats = SEARCH_DOCUMENT_CAP + 1;
    const records: object[] = [];
    for (let i = 0; i < chats; i++) {
      records.push({
        type: 'chat', id: `p${i}`, visitorId: `v_p${i}`, department: null, priority: 'normal', channel: 'widget',
        startedAt: minuteOf(i), closedAt: minuteOf(i + 1), closedBy: 'visitor', tags: [], assignments: [],
        messages: [{ id: `p${i}_m`, author: 'visitor', at: minuteOf(i), text: `Where is my parcel ${i}?` }],
      });
    }
    await importChats(owner, records);

    // The newest SEARCH_DOCUMENT_CAP messages are read: the oldest chat is not among them.
    const newest = await search(owner, 'q=parcel&limit=100');
    expect(newest).toMatchObject({ total: SEARCH_DOCUMENT_CAP, totalCapped: true });
    const last = await search(owner, `q=parcel&limit=100&offset=${SEARCH_DOCUMENT_CAP - 1}`);
    expect(last.chats).toHaveLength(1);
    expect(last.chats[0]!.chatId).not.toBe('p0');
    expect((await search(owner, `q=parcel&offset=${SEARCH_DOCUMENT_CAP}`))).toMatchObject({ total: SEARCH_DOCUMENT_CAP, totalCapped: true, chats: [] });
    // The filters apply before the cap: the oldest chats are found, and counted exactly.
    const oldest = await search(owner, `q=parcel&to=${minuteOf(10)}`);
    expect(oldest).toMatchObject({ total: 10, totalCapped: false });
    expect(oldest.chats.map((c) => c.chatId)).toContain('p0');
    // A word in fewer documents than the cap is counted exactly.
    expect(await search(owner, 'q=parcel+2000')).toMatchObject({ total: 1, totalCapped: false });
  });

  it('finds the same newest matches whichever steps (Postgres: walked newest messages or chats, then the index) find them', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    // More chats saying "parcel" than the cap; the older half says more besides, so matches are
    // sparser among older messages (a walk that reads a fixed number of them finds fewer there).
    // Every chat is tagged "parcel-late", every other one "parcel-lost" too.
    const chats = SEARCH_DOCUMENT_CAP + 1;
    const records: object[] = [];
    for (let i = 0; i < chats; i++) {
      const others = i < chats / 2 ? 3 : 1;
      records.push({
        type: 'chat', id: `p${i}`, visitorId: `v_p${i}`, department: null, priority: 'normal', channel: 'widget',
        startedAt: minuteOf(i), closedAt: minuteOf(i + 1), closedBy: 'visitor', tags: i % 2 ? ['parcel-late'] : ['parcel-late', 'parcel-lost'], assignments: [],
        messages: [
          { id: `p${i}_m`, author: 'visitor', at: minuteOf(i), text: `Where is my parcel ${i}?` },
          ...Array.from({ length: others }, (_, k) => ({ id: `p${i}_o${k}`, author: 'visitor', at: minuteOf(i), text: 'Thanks' })),
        ],
      });
    }
    await importChats(owner, records);

    const filters = (f: Partial<SearchFilters>): SearchFilters => ({
      from: null, to: null, agent: null, department: null, tag: null, channel: null, status: null, viewerId: null, limit: 100, offset: 0, ...f,
    });
    /** Every page of the answer, in order. */
    const pages = async (words: string[], f: Partial<SearchFilters>, walk?: { probe: number; walk: number; chats: number }) => {
      const all = [];
      for (let offset = 0; ; offset += 100) {
        const page = await searchChats(server.store, words, filters({ ...f, offset }), walk);
        all.push(page);
        if (page.hits.length < 100) return all;
      }
    };
    const queries: Array<[string[], Partial<SearchFilters>]> = [
      [['parcel'], {}],
      [['parcel'], { to: Date.parse(minuteOf(10)) }],
      [['parcel', '2000'], {}],
      [['parcel', '7'], {}],
      [['parcel'], { to: Date.parse(minuteOf(SEARCH_DOCUMENT_CAP)) }], // all but the newest chat
      [['late'], {}], // tags only
      [['late'], { to: Date.parse(minuteOf(SEARCH_DOCUMENT_CAP)) }],
      [['lost', 'late'], { to: Date.parse(minuteOf(SEARCH_DOCUMENT_CAP)) }],
    ];
    for (const [words, f] of queries) {
      // The default steps read every message here in the first one.
      const expected = await pages(words, f);
      for (const walk of [
        { probe: 0, walk: 0, chats: 0 }, // the index alone; each tagged chat looked up
        // A few walked, too few to go on walking, the rest from the index; the newest cap of chats
        // read for their tags (short of the cap with a filter), the older looked up.
        { probe: 3, walk: 7, chats: SEARCH_DOCUMENT_CAP },
        // All three: the walk reaches older, sparser matches and stops short of the cap; too few
        // chats to read for their tags.
        { probe: 4, walk: 4_000, chats: 1_000 },
        { probe: 4, walk: 100_000, chats: 100_000 }, // walked until the cap
      ]) {
        expect(await pages(words, f, walk), `${words.join(' ')} ${JSON.stringify(f)} ${JSON.stringify(walk)}`).toEqual(expected);
      }
    }
    expect((await pages(['parcel'], {}))[0]).toMatchObject({ total: SEARCH_DOCUMENT_CAP, totalCapped: true });
  });

  it('counts a chat whose tags match a word twice once, also towards the cap', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    // More than half the cap of chats, each with two tags starting with "parcel" and nothing else saying it.
    const chats = SEARCH_DOCUMENT_CAP / 2 + 1;
    const records: object[] = [];
    for (let i = 0; i < chats; i++) {
      records.push({
        type: 'chat', id: `t${i}`, visitorId: `v_t${i}`, department: null, priority: 'normal', channel: 'widget',
        startedAt: minuteOf(i), closedAt: minuteOf(i + 1), closedBy: 'visitor', tags: ['parcel-lost', 'parcel-late'], assignments: [],
        messages: [{ id: `t${i}_m`, author: 'visitor', at: minuteOf(i), text: 'Hello' }],
      });
    }
    await importChats(owner, records);
    expect(await search(owner, 'q=parcel')).toMatchObject({ total: chats, totalCapped: false });
    expect(await search(owner, 'q=parcel+late')).toMatchObject({ total: chats, totalCapped: false });
  });
});
