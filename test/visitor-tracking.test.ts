import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, type TestClient } from './helpers/clients.ts';
import { signIdentity } from '../server/chat/identity.ts';
import { newId } from '../shared/ids.ts';

let server: TestServer;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
});

async function secret(): Promise<string> {
  const token = await loginToken(server.url);
  const res = await fetch(`${server.url}/api/settings/identity-secret`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as any).secret;
}

describe('identify', () => {
  it('marks a visitor verified with a good, fresh signature and shows it to agents', async () => {
    server = await startTestServer();
    const key = await secret();
    const visitor = track(await connectVisitor(server.url));
    await visitor.call('visitor:hello', {});
    const signedAt = Math.floor(Date.now() / 1000);
    const res = await visitor.call('visitor:identify', {
      id: 'user-42',
      name: 'Maria Ivanova',
      email: 'maria@example.com',
      signature: signIdentity(key, { id: 'user-42', name: 'Maria Ivanova', email: 'maria@example.com', signedAt }),
      signedAt,
    });
    expect(res).toEqual({ ok: true, verified: true });
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'hi' });
    const agent = track(await connectAgent(server.url, await loginToken(server.url)));
    const detail = (await agent.call('chat:open', { chatId: message.chatId })).chat;
    expect(detail.visitor).toMatchObject({ name: 'Maria Ivanova', email: 'maria@example.com', verified: true, externalId: 'user-42' });
  });

  it('refuses a bad or stale signature and changes nothing; unsigned identify is only a claim', async () => {
    server = await startTestServer();
    const key = await secret();
    const visitor = track(await connectVisitor(server.url));
    const stale = Math.floor(Date.now() / 1000) - 11 * 60;
    const bad = await visitor.call('visitor:identify', { id: 'user-42', name: 'Eve', signature: 'ab'.repeat(32), signedAt: stale + 600 });
    expect(bad).toMatchObject({ ok: false, field: 'signature' });
    const old = await visitor.call('visitor:identify', { id: 'user-42', name: 'Eve', signature: signIdentity(key, { id: 'user-42', name: 'Eve', signedAt: stale }), signedAt: stale });
    expect(old.error).toMatch(/older than 10 minutes/);
    const row = () => server.store.get('SELECT name, verified, external_id FROM visitors WHERE id = ?', [visitor.visitorId]);
    expect(await row()).toEqual({ name: null, verified: 0, external_id: null });
    expect(await visitor.call('visitor:identify', { name: 'Eve', email: 'eve@example.com' })).toEqual({ ok: true, verified: false });
    expect(await row()).toEqual({ name: 'Eve', verified: 0, external_id: null });
  });

  it('the signature covers the name and email shown: a signed id with another name is refused', async () => {
    server = await startTestServer();
    const key = await secret();
    const visitor = track(await connectVisitor(server.url));
    const signedAt = Math.floor(Date.now() / 1000);
    const signature = signIdentity(key, { id: 'user-42', name: 'Maria Ivanova', email: 'maria@example.com', signedAt });
    const posing = await visitor.call('visitor:identify', { id: 'user-42', name: 'CEO', email: 'ceo@bigcustomer.example', signature, signedAt });
    expect(posing).toMatchObject({ ok: false, field: 'signature', error: 'signature: the signature does not match' });
    const idOnly = await visitor.call('visitor:identify', { id: 'user-42', email: 'ceo@bigcustomer.example', signature: signIdentity(key, { id: 'user-42', signedAt }), signedAt });
    expect(idOnly).toMatchObject({ ok: false, field: 'signature' });
    expect(await server.store.get('SELECT name, email, verified FROM visitors WHERE id = ?', [visitor.visitorId])).toEqual({ name: null, email: null, verified: 0 });
  });

  it('an unsigned identify that changes the name or email ends the verification', async () => {
    server = await startTestServer();
    const key = await secret();
    const visitor = track(await connectVisitor(server.url));
    const signedAt = Math.floor(Date.now() / 1000);
    const maria = { id: 'user-42', name: 'Maria Ivanova', email: 'maria@example.com', signedAt };
    expect(await visitor.call('visitor:identify', { ...maria, signature: signIdentity(key, maria) })).toEqual({ ok: true, verified: true });
    const row = () => server.store.get('SELECT name, email, verified, external_id FROM visitors WHERE id = ?', [visitor.visitorId]);
    // The same facts again, unsigned: still verified.
    expect(await visitor.call('visitor:identify', { name: 'Maria Ivanova' })).toEqual({ ok: true, verified: false });
    expect(await row()).toMatchObject({ verified: 1 });
    expect(await visitor.call('visitor:identify', { name: 'Maria', email: 'ceo@bigcustomer.example' })).toEqual({ ok: true, verified: false });
    expect(await row()).toEqual({ name: 'Maria', email: 'ceo@bigcustomer.example', verified: 0, external_id: 'user-42' });
  });

  it('a signature verifies one visitor: another visitor who presents it is refused; the same one may again', async () => {
    server = await startTestServer();
    const key = await secret();
    const signedAt = Math.floor(Date.now() / 1000);
    const maria = { id: 'user-42', name: 'Maria Ivanova', email: 'maria@example.com', signedAt };
    const signed = { ...maria, signature: signIdentity(key, maria) };
    const first = track(await connectVisitor(server.url));
    expect(await first.call('visitor:identify', signed)).toEqual({ ok: true, verified: true });
    expect(await first.call('visitor:identify', signed)).toEqual({ ok: true, verified: true });
    const thief = track(await connectVisitor(server.url));
    expect(await thief.call('visitor:identify', signed)).toMatchObject({ ok: false, field: 'signature', error: /already used/ });
    expect(await server.store.get('SELECT name, verified FROM visitors WHERE id = ?', [thief.visitorId])).toEqual({ name: null, verified: 0 });
  });
});

describe('tracking', () => {
  it('stores page views and conversions once per id, in the rows the metrics read', async () => {
    server = await startTestServer();
    const visitor = track(await connectVisitor(server.url));
    const pv = { id: newId('pv_'), url: 'https://shop.example/cart', title: 'Cart' };
    expect((await visitor.call('page:view', pv)).ok).toBe(true);
    expect((await visitor.call('page:view', pv)).ok).toBe(true);
    expect((await visitor.call('page:view', { id: newId('pv_'), url: 'javascript:alert(1)' })).field).toBe('url');
    const cv = { id: newId('cv_'), value: 49.9, currency: 'EUR' };
    expect((await visitor.call('conversion:record', cv)).ok).toBe(true);
    expect((await visitor.call('conversion:record', cv)).ok).toBe(true);
    expect((await visitor.call('conversion:record', { id: newId('cv_'), value: -1 })).field).toBe('value');
    expect(await server.store.all('SELECT visitor_id, url FROM page_views')).toEqual([{ visitor_id: visitor.visitorId, url: pv.url }]);
    expect(await server.store.column('SELECT value FROM conversions')).toEqual([49.9]);

    const other = track(await connectVisitor(server.url));
    expect((await other.call('page:view', pv)).ok).toBe(false);
    expect((await visitor.call('visitor:attributes', { plan: 'pro', seats: 5 })).ok).toBe(true);
    expect((await visitor.call('visitor:attributes', { plan: { nested: true } })).ok).toBe(false);
  });
});

describe('what a visitor claims about their language', () => {
  it('refuses a locale that is no language tag; `constructor` or `__proto__` reach no built-in texts', async () => {
    server = await startTestServer();
    const visitor = track(await connectVisitor(server.url));
    for (const locale of ['not a locale!', 'en_US_x_%%']) {
      expect(await visitor.call('visitor:hello', { locale })).toMatchObject({ ok: false, field: 'locale' });
    }
    expect(await visitor.call('visitor:hello', { locale: 'ru-RU' })).toMatchObject({ ok: true });
    const { pageTextsFor } = await import('../server/surveys/page-texts.ts');
    for (const language of ['constructor', '__proto__', 'toString']) expect(pageTextsFor(language)).toEqual(pageTextsFor('en'));
  });
});

describe('names that read differently from what they are', () => {
  it('stores names without bidirectional controls, and refuses names on several lines', async () => {
    server = await startTestServer();
    const visitor = track(await connectVisitor(server.url));
    expect(await visitor.call('visitor:identify', { name: 'Ann\u202Egpj.exe' })).toMatchObject({ ok: true });
    expect(await server.store.value('SELECT name FROM visitors WHERE id = ?', [visitor.visitorId])).toBe('Anngpj.exe');
    expect(await visitor.call('visitor:identify', { name: 'Ann\nVerified by the site' })).toMatchObject({ ok: false, field: 'name' });
  });
});
