import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { apiCall, FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { attachmentsDir } from '../server/http/widget-attachments.ts';
import { fileMessageText } from '../shared/attachment-message.ts';
import { newId } from '../shared/ids.ts';

/** Export, erasure, retention, message deletion and blocking (issue 11), on real sockets and stores. */

const servers: TestServer[] = [];
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close(true);
});
async function start(clock = new FakeClock(Date.parse('2026-11-01T00:00:00Z'))) {
  const server = await startTestServer({ clock });
  servers.push(server);
  return { server, clock, owner: await loginToken(server.url) };
}

const fixtures = resolve(process.cwd(), '../shared/fixtures');
const range = 'from=2026-03-01T00:00:00Z&to=2026-05-01T00:00:00Z';
/** The three metric answers, as the bytes the API sends. */
async function metricsBytes(server: TestServer, token: string): Promise<string[]> {
  const out: string[] = [];
  for (const path of [`/metrics?${range}`, `/metrics/series?bucket=day&tz=Europe/Sofia&${range}`, `/metrics/agents?${range}`]) {
    const res = await fetch(`${server.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status, path).toBe(200);
    out.push(await res.text());
  }
  return out;
}
const digest = (parts: string[]) => parts.map((p) => `${p.length}:${createHash('sha256').update(p).digest('hex')}`);
async function importHistory(server: TestServer, token: string, body: string) {
  const res = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

/** A visitor who says who they are, browses, buys, sends a file and chats with the owner. */
async function chattingVisitor(server: TestServer, agent: TestClient, who: { name: string; email: string; says: string; page: string }) {
  const visitor = track(await connectVisitor(server.url));
  expect((await visitor.call('visitor:hello', { locale: 'en', page: { url: who.page } })).ok).toBe(true);
  expect((await visitor.call('visitor:identify', { name: who.name, email: who.email })).ok).toBe(true);
  expect((await visitor.call('visitor:attributes', { plan: `plan of ${who.name}` })).ok).toBe(true);
  expect((await visitor.call('page:view', { id: newId('pv_'), url: who.page, title: `Title of ${who.name}` })).ok).toBe(true);
  expect((await visitor.call('conversion:record', { id: newId('cv_'), value: 42 })).ok).toBe(true);
  const sent = await visitor.call('message:send', { id: newId('m_'), text: who.says });
  expect(sent.ok).toBe(true);
  const chatId: string = sent.message.chatId;
  const up = await fetch(`${server.url}/api/widget/attachments?name=${encodeURIComponent(`${who.name}.png`)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${visitor.token}` },
    body: new Uint8Array(png),
  });
  const file = ((await up.json()) as any).attachment;
  expect((await visitor.call('message:send', { id: newId('m_'), text: fileMessageText(file) })).ok).toBe(true);
  expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
  expect((await agent.call('message:send', { chatId, id: newId('m_'), text: `Hello ${who.name}` })).ok).toBe(true);
  expect((await agent.call('note:add', { chatId, id: newId('note_'), text: `note about ${who.name}` })).ok).toBe(true);
  expect((await agent.call('chat:close', { chatId })).ok).toBe(true);
  return { visitor, chatId, file };
}

describe('export and erase a visitor', () => {
  it('exports everything about one visitor and nothing of another; erasing removes it, files from disk too', async () => {
    const { server, owner } = await start();
    const agent = track(await connectAgent(server.url, owner));
    expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
    const ann = await chattingVisitor(server, agent, { name: 'Ann Example', email: 'ann@example.com', says: 'my card is 4111', page: 'https://shop.example/ann' });
    const bob = await chattingVisitor(server, agent, { name: 'Bob Other', email: 'bob@example.com', says: 'bob speaks', page: 'https://shop.example/bob' });

    const res = await apiCall(server.url, owner, `/visitors/${ann.visitor.visitorId}/export`);
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.visitor).toMatchObject({ id: ann.visitor.visitorId, name: 'Ann Example', email: 'ann@example.com', attributes: { plan: 'plan of Ann Example' }, locale: 'en' });
    expect(doc.visitor.lastAddress).toMatch(/127\.0\.0\.1/);
    expect(doc.chats.map((c: any) => c.id)).toEqual([ann.chatId]);
    const texts = doc.chats[0].messages.map((m: any) => m.text);
    expect(texts).toContain('my card is 4111');
    expect(texts).toContain('Hello Ann Example');
    expect(doc.chats[0].notes.map((n: any) => n.text)).toEqual(['note about Ann Example']);
    expect(doc.files).toEqual([expect.objectContaining({ id: ann.file.id, name: 'Ann Example.png', url: expect.stringContaining(`/api/attachments/${ann.file.id}`) })]);
    expect(doc.pageViews.map((p: any) => [p.url, p.title])).toEqual([['https://shop.example/ann', 'Title of Ann Example']]);
    expect(doc.conversions.map((c: any) => c.value)).toEqual([42]);
    const whole = JSON.stringify(doc);
    for (const other of [bob.visitor.visitorId, bob.chatId, bob.file.id, 'bob speaks', 'Bob Other', 'bob@example.com', 'shop.example/bob']) {
      expect(whole, other).not.toContain(other);
    }

    const agentToken = await createAgentAccount(server.url, server.store, { name: 'Plain', email: 'plain@example.com' });
    expect((await apiCall(server.url, agentToken, `/visitors/${ann.visitor.visitorId}/export`)).status).toBe(403);
    expect((await apiCall(server.url, agentToken, `/visitors/${ann.visitor.visitorId}/erase`, { method: 'POST' })).status).toBe(403);
    expect((await apiCall(server.url, owner, '/visitors/v_nobody/export')).status).toBe(404);

    const filePath = join(attachmentsDir(server.dbPath), ann.file.id);
    expect(existsSync(filePath)).toBe(true);
    const erased = await apiCall(server.url, owner, `/visitors/${ann.visitor.visitorId}/erase`, { method: 'POST' });
    expect(erased.status).toBe(200);
    expect(erased.body.erased).toEqual({ chats: 1, files: 1 });
    expect(existsSync(filePath)).toBe(false);
    expect((await fetch(`${server.url}/api/attachments/${ann.file.id}`)).status).toBe(404);

    const after = (await apiCall(server.url, owner, `/visitors/${ann.visitor.visitorId}/export`)).body;
    expect(after.visitor).toMatchObject({ name: null, email: null, attributes: {}, externalId: null, locale: null, userAgent: null, currentUrl: null, lastAddress: null });
    expect(after.visitor.erasedAt).not.toBeNull();
    const byAuthor = after.chats[0].messages.map((m: any) => [m.author, m.text, m.removed ?? null]);
    for (const [author, text, removed] of byAuthor) {
      if (author === 'system') expect(removed).toBeNull();
      else expect([text, removed]).toEqual(['Erased', 'erased']);
    }
    expect(after.chats[0].notes.map((n: any) => n.text)).toEqual(['Erased']);
    expect(after.files).toEqual([]);
    expect(after.pageViews.map((p: any) => [p.url, p.title])).toEqual([['Erased', null]]);
    expect(JSON.stringify(after)).not.toContain('4111');
    // Bob is untouched.
    const bobDoc = (await apiCall(server.url, owner, `/visitors/${bob.visitor.visitorId}/export`)).body;
    expect(bobDoc.visitor.name).toBe('Bob Other');
    expect(bobDoc.chats[0].messages.map((m: any) => m.text)).toContain('bob speaks');
    expect(existsSync(join(attachmentsDir(server.dbPath), bob.file.id))).toBe(true);

    const audit = (await apiCall(server.url, owner, '/audit?action=visitor.')).body.entries;
    expect(audit.map((e: any) => [e.action, e.target])).toEqual([
      ['visitor.exported', ann.visitor.visitorId],
      ['visitor.erased', ann.visitor.visitorId],
      ['visitor.exported', ann.visitor.visitorId],
      ['visitor.exported', bob.visitor.visitorId],
    ].reverse());
    expect(audit.find((e: any) => e.action === 'visitor.erased').details).toEqual({ chats: 1, files: 1 });
  });

  it('leaves /api/metrics, /series and /agents byte-identical on a history with surveys and transfers, and its export imports to the same', async () => {
    // With quality reviews of every 5th chat, commented: a comment may quote the visitor.
    const small = readFileSync(resolve(fixtures, 'small.ndjson'), 'utf8');
    const reviews = [...small.matchAll(/"type":"chat","id":"([^"]+)".*?"startedAt":"([^"]+)"/g)]
      .filter((_, k) => k % 5 === 0)
      .map(([, chatId, startedAt], k) => JSON.stringify({ type: 'review', id: `r${k}`, chatId, reviewerId: k % 2 ? 'a1' : 'a2', at: startedAt, score: (k % 11) / 10, comment: `the visitor said ${k}` }));
    const history = `${small.trimEnd()}\n${reviews.join('\n')}\n`;
    const { server, owner } = await start();
    await importHistory(server, owner, history);
    const before = await metricsBytes(server, owner);
    // Every visitor with a chat, a survey or a conversion, and some who only browsed.
    const of = (type: string) => [...history.matchAll(new RegExp(`"type":"${type}".*?"visitorId":"([^"]+)"`, 'g'))].map((m) => m[1]!);
    const visitors = [...new Set([...of('chat'), ...of('survey'), ...of('conversion'), ...of('page_view').slice(0, 40)])];
    expect(visitors.length).toBeGreaterThan(50);
    for (const v of visitors) expect((await apiCall(server.url, owner, `/visitors/${v}/erase`, { method: 'POST' })).status).toBe(200);
    expect(await server.store.value("SELECT count(*) FROM messages WHERE author <> 'system' AND text <> 'Erased'")).toBe(0);
    expect(await server.store.value("SELECT count(*) FROM surveys WHERE comment IS NOT NULL AND comment <> 'Erased'")).toBe(0);
    expect(await server.store.value("SELECT count(*) FROM reviews WHERE comment = 'Erased'")).toBe(reviews.length);
    expect(await server.store.value(`SELECT count(*) FROM page_views WHERE url = 'Erased'`)).toBeGreaterThan(0);
    // Compared as a whole (a digest keeps a failure's report short); the same bytes.
    expect(digest(await metricsBytes(server, owner))).toEqual(digest(before));

    // The history export says "Erased" and still imports, to the same answers.
    const exported = await (await fetch(`${server.url}/api/export`, { headers: { authorization: `Bearer ${owner}` } })).text();
    expect(exported).toContain('"text":"Erased"');
    const agentsOfFile = new Set([...history.matchAll(/"type":"agent","id":"([^"]+)"/g)].map((m) => m[1]));
    // The fresh server's own owner is in the export too; the importing server has one already.
    const lines = exported.split('\n').filter((l) => l && !(l.includes('"type":"agent"') && !agentsOfFile.has(JSON.parse(l).id)));
    const { server: fresh, owner: freshOwner } = await start();
    await importHistory(fresh, freshOwner, lines.join('\n'));
    // Each server has its own owner account (its row in /agents); every other byte is the same.
    const withoutOwners = (bytes: string[]) => [bytes[0], bytes[1], JSON.stringify(JSON.parse(bytes[2]!).agents.filter((a: any) => agentsOfFile.has(a.agentId)))];
    expect(digest(withoutOwners(await metricsBytes(fresh, freshOwner)))).toEqual(digest(withoutOwners(before)));
   }, 240_000);
});

/** A visitor's chat with one message, accepted and answered by the owner's console. */
async function answeredChat(server: TestServer, agent: TestClient, says: string) {
  const visitor = track(await connectVisitor(server.url));
  expect((await visitor.call('visitor:hello', { locale: 'en' })).ok).toBe(true);
  const sent = await visitor.call('message:send', { id: newId('m_'), text: says });
  expect(sent.ok).toBe(true);
  const chatId: string = sent.message.chatId;
  expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
  const reply = await agent.call('message:send', { chatId, id: newId('m_'), text: `answer to ${says}` });
  expect(reply.ok).toBe(true);
  return { visitor, chatId, visitorMessage: sent.message, reply: reply.message };
}

describe('retention', () => {
  it('erases, on one node’s daily run, the chats closed longer ago than retentionDays, and says when it runs next', async () => {
    const { server, clock, owner } = await start();
    const agent = track(await connectAgent(server.url, owner));
    expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
    const old = await answeredChat(server, agent, 'old question');
    expect((await agent.call('chat:close', { chatId: old.chatId })).ok).toBe(true);
    old.visitor.close();
    clock.advance(10 * 86_400_000);
    const recent = await answeredChat(server, agent, 'recent question');
    expect((await agent.call('chat:close', { chatId: recent.chatId })).ok).toBe(true);
    const before = await metricsBytesAround(server, owner, clock.now());

    expect((await apiCall(server.url, owner, '/privacy/retention')).body).toEqual({ retentionDays: null, nextRunAt: null, lastRun: null });
    const bad = await apiCall(server.url, owner, '/privacy/retention', { method: 'PUT', body: { retentionDays: 0 } });
    expect([bad.status, bad.body.field]).toEqual([400, 'retentionDays']);
    expect((await apiCall(server.url, owner, '/privacy/retention', { method: 'PUT', body: { retentionDays: 7 } })).status).toBe(200);
    // The setting asks for a run now: the deadline row, claimed by one node, runs it.
    let status: any;
    for (let i = 0; i < 100 && !status?.lastRun; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await apiCall(server.url, owner, '/privacy/retention')).body;
    }
    expect(status.lastRun).toEqual({ at: new Date(clock.now()).toISOString(), chats: 1, visitors: 1 });
    expect(status.nextRunAt).toBe(new Date(clock.now() + 86_400_000).toISOString());
    const texts = async (chatId: string) => server.store.column<string>("SELECT text FROM messages WHERE chat_id = ? AND author <> 'system' ORDER BY seq", [chatId]);
    expect(await texts(old.chatId)).toEqual(['Erased', 'Erased']);
    expect(await texts(recent.chatId)).toEqual(['recent question', 'answer to recent question']);
    expect(await server.store.value('SELECT erased_at FROM visitors WHERE id = ?', [old.visitor.visitorId])).toBe(clock.now());
    expect(await server.store.value('SELECT erased_at FROM visitors WHERE id = ?', [recent.visitor.visitorId])).toBeNull();
    expect(await metricsBytesAround(server, owner, clock.now())).toEqual(before);

    clock.advance(8 * 86_400_000);
    expect(await server.parley.runRetention()).toEqual({ at: clock.now(), chats: 1, visitors: 1 });
    expect(await texts(recent.chatId)).toEqual(['Erased', 'Erased']);
    const audit = (await apiCall(server.url, owner, '/audit?action=retention.ran')).body.entries;
    expect(audit.map((e: any) => e.details)).toEqual([
      { retentionDays: 7, chats: 1, visitors: 1 },
      { retentionDays: 7, chats: 1, visitors: 1 },
    ]);
  });
});

/** The metric answers over the days around `at` (a fake clock: nothing moves between calls). */
async function metricsBytesAround(server: TestServer, token: string, at: number) {
  const q = `from=${new Date(at - 30 * 86_400_000).toISOString()}&to=${new Date(at + 86_400_000).toISOString()}`;
  const out: string[] = [];
  for (const path of [`/metrics?${q}`, `/metrics/series?bucket=day&${q}`, `/metrics/agents?${q}`]) {
    const res = await fetch(`${server.url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
    out.push(await res.text());
  }
  return digest(out);
}

describe('deleting a message', () => {
  it('shows "Message deleted" on both sides, live and on reload; agents delete their own only, admins any; metrics stay', async () => {
    const { server, owner } = await start();
    const agent = track(await connectAgent(server.url, owner));
    expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
    const plainToken = await createAgentAccount(server.url, server.store, { name: 'Plain', email: 'plain@example.com' });
    const plain = track(await connectAgent(server.url, plainToken));
    const chat = await answeredChat(server, agent, 'my card is 4111 1111');
    const before = await metricsBytesAround(server, owner, Date.parse('2026-11-01T00:00:00Z'));

    const refused = await plain.call('message:delete', { chatId: chat.chatId, messageId: chat.reply.id });
    expect([refused.ok, refused.field]).toEqual([false, 'messageId']);
    const bad = await agent.call('message:delete', { chatId: chat.chatId });
    expect([bad.ok, bad.field]).toEqual([false, 'messageId']);

    const deleted = await agent.call('message:delete', { chatId: chat.chatId, messageId: chat.visitorMessage.id });
    expect(deleted.ok).toBe(true);
    expect(deleted.message).toMatchObject({ id: chat.visitorMessage.id, author: 'visitor', text: 'Message deleted', removed: 'deleted' });
    const live = await chat.visitor.waitFor('message:update', (m) => m.id === chat.visitorMessage.id);
    expect(live.removed).toBe('deleted');
    await agent.waitFor('message:update', (m) => m.id === chat.visitorMessage.id);

    const synced = await chat.visitor.call('messages:sync', { chatId: chat.chatId, afterSeq: 0 });
    expect(synced.messages.find((m: any) => m.id === chat.visitorMessage.id)).toMatchObject({ text: 'Message deleted', removed: 'deleted' });
    const reopened = await agent.call('chat:open', { chatId: chat.chatId });
    expect(reopened.chat.messages.map((m: any) => m.text)).not.toContain('my card is 4111 1111');
    expect(await metricsBytesAround(server, owner, Date.parse('2026-11-01T00:00:00Z'))).toEqual(before);
    const audit = (await apiCall(server.url, owner, '/audit?action=message.deleted')).body.entries;
    expect(audit.map((e: any) => [e.target, e.details])).toEqual([[chat.visitorMessage.id, { chatId: chat.chatId, author: 'visitor' }]]);
  });
});

describe('blocking a visitor', () => {
  it('closes their chat as system, refuses and counts what they send, blocks their address, sends no survey; lifting lets them chat', async () => {
    const { server, owner } = await start();
    const agent = track(await connectAgent(server.url, owner));
    expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
    // A chat closed as usual gets its survey: the block below is what stops them.
    const usual = await answeredChat(server, agent, 'a polite question');
    expect((await agent.call('chat:close', { chatId: usual.chatId })).ok).toBe(true);
    expect(await server.store.value('SELECT count(*) FROM surveys WHERE chat_id = ?', [usual.chatId])).toBeGreaterThan(0);

    const rude = await answeredChat(server, agent, 'spam spam');
    const noReason = await agent.call('visitor:block', { chatId: rude.chatId, reason: ' ', byAddress: true });
    expect([noReason.ok, noReason.field]).toEqual([false, 'reason']);
    const blocked = await agent.call('visitor:block', { chatId: rude.chatId, reason: 'spam', byAddress: true });
    expect(blocked.ok).toBe(true);
    await rude.visitor.waitFor('visitor:blocked');
    const row: any = await server.store.get('SELECT closed_by FROM chats WHERE id = ?', [rude.chatId]);
    expect(row.closed_by).toBe('system');
    expect(await server.store.value('SELECT count(*) FROM surveys WHERE chat_id = ?', [rude.chatId])).toBe(0);

    const messages = await server.store.value('SELECT count(*) FROM messages');
    const chats = await server.store.value('SELECT count(*) FROM chats');
    const refused = await rude.visitor.call('message:send', { id: newId('m_'), text: 'let me in' });
    expect([refused.ok, refused.field]).toEqual([false, 'blocked']);
    expect((await rude.visitor.call('page:view', { id: newId('pv_'), url: 'https://shop.example/x' })).field).toBe('blocked');
    const upload = await fetch(`${server.url}/api/widget/attachments?name=x.png`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${rude.visitor.token}` },
      body: new Uint8Array(png),
    });
    expect(upload.status).toBe(403);
    expect((await rude.visitor.call('visitor:hello', {})).state.blocked).toBe(true);
    // A new token from the same address is blocked too.
    const again = track(await connectVisitor(server.url));
    expect((await again.call('visitor:hello', {})).state).toMatchObject({ blocked: true, chat: null, messages: [] });
    expect((await again.call('offline:submit', { id: newId('m_'), name: 'X', email: 'x@example.com', text: 'hi' })).field).toBe('blocked');
    expect(await server.store.value('SELECT count(*) FROM messages')).toBe(messages);
    expect(await server.store.value('SELECT count(*) FROM chats')).toBe(chats);
    expect(await server.store.value("SELECT count(*) FROM page_views WHERE url = 'https://shop.example/x'")).toBe(0);

    const audit = (await apiCall(server.url, owner, '/audit?action=visitor.')).body.entries;
    expect(audit.filter((e: any) => e.action === 'visitor.blocked_attempt').map((e: any) => e.details.attempts)).toEqual([2, 1]);
    expect(audit.find((e: any) => e.action === 'visitor.blocked')).toMatchObject({ target: rude.visitor.visitorId, details: { reason: 'spam', byAddress: true } });

    const list = (await apiCall(server.url, owner, '/visitor-blocks')).body.blocks;
    expect(list).toEqual([expect.objectContaining({ id: blocked.blockId, visitorId: rude.visitor.visitorId, reason: 'spam', attempts: 2, ip: expect.stringMatching(/127\.0\.0\.1/) })]);
    const agentToken = await createAgentAccount(server.url, server.store, { name: 'Plain', email: 'plain@example.com' });
    expect((await apiCall(server.url, agentToken, '/visitor-blocks')).status).toBe(403);
    expect((await apiCall(server.url, owner, `/visitor-blocks/${blocked.blockId}`, { method: 'DELETE' })).status).toBe(200);
    expect((await apiCall(server.url, owner, `/visitor-blocks/${blocked.blockId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await rude.visitor.call('message:send', { id: newId('m_'), text: 'sorry' })).ok).toBe(true);
  });
});
