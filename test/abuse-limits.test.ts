import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig, type VisitorLimitsConfig } from '../server/config.ts';
import { FakeClock } from '../server/clock.ts';
import { filesDirOf } from '../server/http/widget-attachments.ts';
import { connectAgent, connectVisitor, visitorSession, type TestClient } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { newId } from '../shared/ids.ts';
import { fileMessageText } from '../shared/attachment-message.ts';

/** Issue 10 items 6 and 7: what one visitor, one address or everybody may do (README "Abuse limits"). */
let server: TestServer;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
});
const track = <T extends TestClient>(c: T) => (clients.push(c), c);
const limits = (l: Partial<VisitorLimitsConfig>) => ({ visitorLimits: { ...testConfig().visitorLimits, ...l } });
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

async function upload(token: string) {
  const res = await fetch(`${server.url}/api/widget/attachments?name=a.png`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
    body: new Uint8Array(png),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as any };
}

describe('budgets per visitor and per address', () => {
  it('refuses messages past the budget with the wait, and other visitors go on', async () => {
    server = await startTestServer({ config: limits({ messagesPerMinute: 5 }) });
    const flooder = track(await connectVisitor(server.url));
    const other = track(await connectVisitor(server.url));
    const acks = [];
    for (let i = 0; i < 8; i++) acks.push(await flooder.call('message:send', { id: newId('m_'), text: `spam ${i}` }));
    expect(acks.slice(0, 5).every((a) => a.ok)).toBe(true);
    expect(acks[5]).toMatchObject({ ok: false, error: expect.stringMatching(/too many messages: try again in \d+ s/), retryAfterMs: expect.any(Number) });
    expect(acks[5].retryAfterMs).toBeGreaterThan(0);
    expect(acks[5].retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await server.store.value('SELECT count(*) FROM messages WHERE text LIKE ?', ['spam%'])).toBe(5);
    expect((await other.call('message:send', { id: newId('m_'), text: 'hello' })).ok).toBe(true);
  });

  it('budgets page views, typing and the other events each on their own', async () => {
    server = await startTestServer({ config: limits({ pageViewsPerMinute: 3, typingPerMinute: 3, eventsPerMinute: 3 }) });
    const v = track(await connectVisitor(server.url));
    const views = [];
    for (let i = 0; i < 4; i++) views.push(await v.call('page:view', { id: newId('pv_'), url: `https://shop.example/${i}` }));
    expect(views.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(views[3].error).toMatch(/too many page views/);
    const conversions = [];
    for (let i = 0; i < 4; i++) conversions.push(await v.call('conversion:record', { id: newId('cv_'), value: 1 }));
    expect(conversions.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(conversions[3].error).toMatch(/too many events/);
    // Messages have their own budget, untouched.
    expect((await v.call('message:send', { id: newId('m_'), text: 'still here' })).ok).toBe(true);
  });

  it('budgets all the visitors of one address together, and new sessions per address', async () => {
    server = await startTestServer({ config: limits({ eventsPerIpPerMinute: 8, sessionsPerIpPerHour: 3 }) });
    const a = track(await connectVisitor(server.url));
    const b = track(await connectVisitor(server.url));
    // Their two connections spent two; six page views are left.
    const acks = [];
    for (let i = 0; i < 4; i++) acks.push(await a.call('page:view', { id: newId('pv_'), url: 'https://shop.example/' }));
    for (let i = 0; i < 4; i++) acks.push(await b.call('page:view', { id: newId('pv_'), url: 'https://shop.example/' }));
    expect(acks.filter((x) => x.ok)).toHaveLength(6);
    expect(acks[7]).toMatchObject({ ok: false, error: expect.stringMatching(/from this address/) });
    // Two sessions made above; the third is the last.
    expect((await fetch(`${server.url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(201);
    const refused = await fetch(`${server.url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as any).error).toMatch(/too many new visitors/);
    // A known token is confirmed still.
    expect((await fetch(`${server.url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: a.token }) })).status).toBe(200);
  });

  it('caps the sockets one token holds open', async () => {
    server = await startTestServer({ config: limits({ socketsPerToken: 2 }) });
    const first = track(await connectVisitor(server.url));
    track(await connectVisitor(server.url, first.token));
    const third = io(`${server.url}/visitor`, { auth: { token: first.token }, transports: ['websocket'], forceNew: true, reconnection: false });
    const err = await new Promise<Error>((resolve) => third.once('connect_error', resolve));
    third.close();
    expect(err.message).toMatch(/too many open connections/);
  });
});

describe('one open offline chat per visitor', () => {
  it('adds a second form to the chat already open instead of queueing another', async () => {
    server = await startTestServer();
    const v = track(await connectVisitor(server.url));
    const first = await v.call('offline:submit', { id: newId('m_'), name: 'Dana', email: 'dana@example.com', text: 'Call me back' });
    const second = await v.call('offline:submit', { id: newId('m_'), name: 'Dana', email: 'dana@example.com', text: 'Also: the order is 42' });
    expect(first.ok && second.ok).toBe(true);
    expect(second.message.chatId).toBe(first.message.chatId);
    expect(await server.store.value('SELECT count(*) FROM chats WHERE visitor_id = ?', [v.visitorId])).toBe(1);
    expect(await server.store.value('SELECT count(*) FROM messages WHERE chat_id = ?', [first.message.chatId])).toBe(2);
  });
});

describe('what a visitor tells', () => {
  it('caps attributes by count and by bytes over all calls', async () => {
    server = await startTestServer({ config: limits({ maxAttributes: 3, maxAttributesBytes: 200 }) });
    const v = track(await connectVisitor(server.url));
    expect((await v.call('visitor:attributes', { a: 1, b: 2 })).ok).toBe(true);
    expect((await v.call('visitor:attributes', { c: 3 })).ok).toBe(true);
    const tooMany = await v.call('visitor:attributes', { d: 4 });
    expect(tooMany).toMatchObject({ ok: false, field: 'attributes', error: expect.stringMatching(/at most 3 attributes/) });
    // Replacing one is fine; removing makes room.
    expect((await v.call('visitor:attributes', { a: 'x', c: null, d: 4 })).ok).toBe(true);
    const tooBig = await v.call('visitor:attributes', { a: 'x'.repeat(300) });
    expect(tooBig).toMatchObject({ ok: false, error: expect.stringMatching(/at most 200 bytes/) });
    expect(JSON.parse((await server.store.value<string>('SELECT attributes FROM visitors WHERE id = ?', [v.visitorId]))!)).toEqual({ a: 'x', b: 2, d: 4 });
  });

  it('bounds conversion values', async () => {
    server = await startTestServer();
    const v = track(await connectVisitor(server.url));
    expect((await v.call('conversion:record', { id: newId('cv_'), value: 3e12 })).ok).toBe(false);
    expect((await v.call('conversion:record', { id: newId('cv_'), value: 2e9 })).field).toBe('value');
    expect((await v.call('conversion:record', { id: newId('cv_'), value: 129.9 })).ok).toBe(true);
  });

  it('sends the agents at most one visitor:update a second for 100 page views, pages only when they changed', async () => {
    server = await startTestServer({ config: limits({ visitorUpdateIntervalMs: 1000, pageViewsPerMinute: 1000 }) });
    const owner = track(await connectAgent(server.url, await loginToken(server.url)));
    await owner.call('status:set', { status: 'online' });
    const v = track(await connectVisitor(server.url));
    const { message } = await v.call('message:send', { id: newId('m_'), text: 'Hi' });
    await owner.call('chat:accept', { chatId: message.chatId });
    const started = Date.now();
    for (let i = 0; i < 100; i++) expect((await v.call('page:view', { id: newId('pv_'), url: `https://shop.example/p${i}` })).ok).toBe(true);
    const took = Date.now() - started;
    const last = await owner.waitFor('visitor:update', (u) => u.pages?.[0]?.url === 'https://shop.example/p99', 3000);
    expect(last.visitor.currentUrl).toBe('https://shop.example/p99');
    const updates = owner.pushed('visitor:update');
    expect(updates.length).toBeLessThanOrEqual(2 + Math.ceil(took / 1000));
    expect(updates.length).toBeGreaterThanOrEqual(2);
    // An attribute alone: the visitor, without the pages.
    await new Promise((r) => setTimeout(r, 1100));
    await v.call('visitor:attributes', { plan: 'pro' });
    const plain = await owner.waitFor('visitor:update', (u) => u.visitor.attributes?.plan === 'pro');
    expect(plain.pages).toBeUndefined();
  });
});

describe('files from the widget', () => {
  it('budgets uploads per address over all its visitor tokens', async () => {
    server = await startTestServer({ config: limits({ attachmentsPerIpPerHour: 3 }) });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await upload((await visitorSession(server.url)).token));
    expect(statuses.map((s) => s.status)).toEqual([201, 201, 201, 429]);
    expect(statuses[3].json.error).toMatch(/at most 3 files an hour from one address/);
    expect(Number(statuses[3].retryAfter)).toBeGreaterThan(0);
  });

  it('deletes the old files no message names, and only those', async () => {
    const clock = new FakeClock(Date.now());
    server = await startTestServer({ clock });
    const v = track(await connectVisitor(server.url));
    const named = (await upload(v.token)).json.attachment;
    const orphan = (await upload(v.token)).json.attachment;
    expect((await v.call('message:send', { id: newId('m_'), text: fileMessageText(named) })).ok).toBe(true);
    clock.advance(61 * 60_000);
    const young = (await upload(v.token)).json.attachment;
    const dir = filesDirOf(server.config);
    expect(await server.parley.sweepOrphanFiles()).toBe(1);
    expect(existsSync(join(dir, orphan.id))).toBe(false);
    expect(await server.store.value('SELECT count(*) FROM attachments WHERE id = ?', [orphan.id])).toBe(0);
    expect((await fetch(`${server.url}/api/attachments/${orphan.id}`)).status).toBe(404);
    for (const kept of [named, young]) {
      expect(existsSync(join(dir, kept.id))).toBe(true);
      expect((await fetch(`${server.url}/api/attachments/${kept.id}`)).status).toBe(200);
    }
  });
});

describe('ALLOWED_ORIGINS on the visitor API', () => {
  it('refuses a foreign Origin on /visitor and on the session route; the widget’s own and the allowed ones pass', async () => {
    server = await startTestServer({ config: { allowedOrigins: ['https://shop.example'] } });
    const { token } = await visitorSession(server.url);
    const connect = (origin: string) =>
      new Promise<string>((resolve) => {
        const s = io(`${server.url}/visitor`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin } });
        s.once('connect', () => (s.close(), resolve('connected')));
        s.once('connect_error', (err) => (s.close(), resolve(err.message)));
      });
    expect(await connect('https://evil.example')).toMatch(/origin: this site may not use the chat/);
    expect(await connect(server.url)).toBe('connected');
    expect(await connect(new URL(server.config.publicUrl).origin)).toBe('connected');
    expect(await connect('https://shop.example')).toBe('connected');
    const session = (origin: string) => fetch(`${server.url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: '{}' });
    const refused = await session('https://evil.example');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error).toMatch(/ALLOWED_ORIGINS/);
    expect((await session(server.url)).status).toBe(201);
  });
});
