import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { isConnected } from '../server/store/cluster.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { startPushService, type TestPushService } from './helpers/push-service.ts';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

// Web Push (issue 14) against a local push service that checks the VAPID signature and
// decrypts each payload with the subscription's keys: the real web-push library, real store.

let server: TestServer | undefined;
let pushService: TestPushService | undefined;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
  await pushService?.close();
  server = undefined;
  pushService = undefined;
});

const until = async (check: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

async function visitorSays(url: string, text: string, pageUrl = 'https://shop.example/kettles?q=secret') {
  const visitor = track(await connectVisitor(url));
  expect((await visitor.call('visitor:hello', { page: { url: pageUrl } })).ok).toBe(true);
  expect((await visitor.call('visitor:identify', { name: 'Ann' })).ok).toBe(true);
  const sent = await visitor.call('message:send', { id: newId('m_'), text });
  expect(sent.ok).toBe(true);
  return Object.assign(visitor, { chatId: sent.message.chatId as string });
}

describe('web push', () => {
  it('keeps VAPID keys in the store, takes and removes subscriptions, and refuses bad ones naming the field', async () => {
    pushService = await startPushService();
    server = await startTestServer({ config: { pushCaFile: pushService.caFile } });
    const token = await loginToken(server.url);
    const key = await apiCall(server.url, token, '/push/public-key');
    expect(key.status).toBe(200);
    expect(Buffer.from(key.body.publicKey, 'base64url')).toHaveLength(65);
    expect(JSON.parse((await server.store.value<string>(`SELECT value FROM settings WHERE key = 'vapidKeys'`))!).publicKey).toBe(key.body.publicKey);

    const device = pushService.subscription('/device-1');
    expect((await apiCall(server.url, token, '/push/subscriptions', { method: 'POST', body: device.toJSON() })).status).toBe(201);
    const http = await apiCall(server.url, token, '/push/subscriptions', { method: 'POST', body: { ...device.toJSON(), endpoint: 'http://push.example/x' } });
    expect(http.status).toBe(400);
    expect(http.body.field).toBe('endpoint');
    const badKey = await apiCall(server.url, token, '/push/subscriptions', { method: 'POST', body: { endpoint: device.endpoint, keys: { p256dh: 'x', auth: 'y' } } });
    expect(badKey.body.field).toBe('keys.p256dh');
    expect(await server.store.value<number>('SELECT count(*) FROM push_subscriptions')).toBe(1);
    const prefs = await apiCall(server.url, token, '/push/preferences', { method: 'PUT', body: { events: { queued: true, message: true, transfer: true }, showText: false, quietFrom: '22:00', quietTo: null, timeZone: 'Europe/Sofia' } });
    expect(prefs.body.field).toBe('quietTo');
    expect((await apiCall(server.url, token, '/push/subscriptions', { method: 'DELETE', body: { endpoint: device.endpoint } })).status).toBe(200);
    expect(await server.store.value<number>('SELECT count(*) FROM push_subscriptions')).toBe(0);
    expect((await fetch(`${server.url}/api/push/public-key`)).status).toBe(401);
  });

  it('tells an agent without an open console: a waiting chat, a transfer to them, a new message; who and where, the text only when asked', async () => {
    pushService = await startPushService();
    server = await startTestServer({ config: { pushCaFile: pushService.caFile } });
    const ownerToken = await loginToken(server.url);
    const owner = track(await connectAgent(server.url, ownerToken));
    expect((await owner.call('status:set', { status: 'online' })).ok).toBe(true);
    const bobToken = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    const phone = pushService.subscription('/bob-phone');
    const gone = pushService.subscription('/bob-old-laptop');
    pushService.answer('/bob-old-laptop', 410);
    for (const s of [phone, gone]) {
      expect((await apiCall(server.url, bobToken, '/push/subscriptions', { method: 'POST', body: s.toJSON() })).status).toBe(201);
    }
    const publicKey = (await apiCall(server.url, bobToken, '/push/public-key')).body.publicKey;

    // A chat waits: Bob (whose console is closed) is told; the owner (console open) is not asked.
    const visitor = await visitorSays(server.url, 'My card number is 4242');
    await until(() => pushService!.delivered.length >= 1, 'the first push');
    const first = pushService.delivered[0]!;
    expect(first.vapidKey).toBe(publicKey);
    expect(first.path).toBe('/bob-phone');
    expect(first.payload).toEqual({
      title: 'Ann is waiting',
      body: 'On shop.example/kettles',
      chatId: visitor.chatId,
      url: `/console/inbox?chat=${visitor.chatId}`,
      tag: `chat-${visitor.chatId}`,
    });
    expect(JSON.stringify(first.payload)).not.toContain('4242');
    // The dead subscription was dropped on its 410.
    await until(async () => (await server!.store.value<number>('SELECT count(*) FROM push_subscriptions')) === 1, 'the 410 subscription dropped');

    // Bob opens the console, goes online, closes it (still online in the grace period); the owner transfers the chat to him.
    const bob = track(await connectAgent(server.url, bobToken));
    expect((await bob.call('status:set', { status: 'online' })).ok).toBe(true);
    bob.close();
    const bobId = (await server.store.value<string>(`SELECT id FROM agents WHERE email = 'bob@example.com'`))!;
    await until(async () => !(await isConnected(server!.store, 'agent', bobId, Date.now() - 10_000)), 'Bob gone');
    expect((await owner.call('chat:accept', { chatId: visitor.chatId })).ok).toBe(true);
    expect((await owner.call('chat:transfer', { chatId: visitor.chatId, agentId: bobId })).ok).toBe(true);
    await until(() => pushService!.delivered.length >= 2, 'the transfer push');
    expect(pushService.delivered[1]!.payload).toMatchObject({ title: 'Ann: chat transferred to you', chatId: visitor.chatId });

    // With his console open, a new message brings no push; closed again, with the text setting on, it does.
    const bobAgain = track(await connectAgent(server.url, bobToken));
    await until(async () => await isConnected(server!.store, 'agent', bobId, Date.now() - 10_000), 'Bob back');
    expect((await visitor.call('message:send', { id: newId('m_'), text: 'Are you there?' })).ok).toBe(true);
    await bobAgain.waitFor('message:new', (m) => m.text === 'Are you there?');
    const prefs = { events: { queued: true, message: true, transfer: true }, showText: true, quietFrom: null, quietTo: null, timeZone: 'Europe/Sofia' };
    expect((await apiCall(server.url, bobToken, '/push/preferences', { method: 'PUT', body: prefs })).status).toBe(200);
    bobAgain.close();
    await until(async () => !(await isConnected(server!.store, 'agent', bobId, Date.now() - 10_000)), 'Bob gone again');
    expect((await visitor.call('message:send', { id: newId('m_'), text: 'Hello again' })).ok).toBe(true);
    await until(() => pushService!.delivered.length >= 3, 'the message push');
    expect(pushService.delivered).toHaveLength(3);
    expect(pushService.delivered[2]!.payload).toMatchObject({ title: 'Ann wrote', body: 'Hello again\nOn shop.example/kettles' });

    // Quiet hours all day long in his zone: nothing more.
    await apiCall(server.url, bobToken, '/push/preferences', { method: 'PUT', body: { ...prefs, quietFrom: '00:00', quietTo: '23:59' } });
    expect((await visitor.call('message:send', { id: newId('m_'), text: 'Still there?' })).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(pushService.delivered).toHaveLength(3);
  });

  it("tells an agent of a follow-up from a low rating of their chat, without what was written", { timeout: 120_000 }, async () => {
    pushService = await startPushService();
    server = await startTestServer({ config: { pushCaFile: pushService.caFile } });
    const bobToken = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    const bob = track(await connectAgent(server.url, bobToken));
    expect((await bob.call('status:set', { status: 'online' })).ok).toBe(true);
    expect((await apiCall(server.url, bobToken, '/push/subscriptions', { method: 'POST', body: pushService.subscription('/bob-phone').toJSON() })).status).toBe(201);
    // His tablet's console is in Bulgarian: its notifications are too.
    const tablet = { ...pushService.subscription('/bob-tablet').toJSON(), language: 'bg' };
    expect((await apiCall(server.url, bobToken, '/push/subscriptions', { method: 'POST', body: tablet })).status).toBe(201);
    expect((await apiCall(server.url, bobToken, '/push/subscriptions', { method: 'POST', body: { ...tablet, language: 'de' } })).body.field).toBe('language');

    const visitor = await visitorSays(server.url, 'Where is my kettle?');
    expect((await bob.call('chat:accept', { chatId: visitor.chatId })).ok).toBe(true);
    expect((await bob.call('message:send', { chatId: visitor.chatId, id: newId('m_'), text: 'Let me look.' })).ok).toBe(true);
    expect((await bob.call('chat:close', { chatId: visitor.chatId })).ok).toBe(true);
    // Bob's console is open up to here: the waiting chat brought no push.
    bob.close();
    const bobId = (await server.store.value<string>(`SELECT id FROM agents WHERE email = 'bob@example.com'`))!;
    await until(async () => !(await isConnected(server!.store, 'agent', bobId, Date.now() - 10_000)), 'Bob gone');
    expect(pushService.delivered).toHaveLength(0);

    const { surveys } = await visitor.waitFor('survey:offer', () => true, 20_000);
    const csat = surveys.find((s: any) => s.kind === 'csat');
    await visitor.call('survey:shown', { surveyId: csat.id });
    expect((await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score: 1, comment: 'Nobody helped at all' })).ok).toBe(true);
    await until(() => pushService!.delivered.length >= 2, 'the follow-up pushes');
    const to = (path: string) => pushService!.delivered.find((d) => d.path === path)!.payload;
    expect(to('/bob-phone')).toEqual({
      title: 'Ann rated the chat low: follow up',
      body: 'On shop.example/kettles',
      chatId: visitor.chatId,
      url: '/console/follow-ups',
      tag: `follow-up-${visitor.chatId}`,
    });
    expect(to('/bob-tablet')).toMatchObject({ title: 'Ann даде ниска оценка: нужна е обратна връзка', body: 'На shop.example/kettles' });

    // Turned off in his preferences, the next one is not sent.
    const prefs = { events: { queued: true, message: true, transfer: true, followUp: false }, showText: false, quietFrom: null, quietTo: null, timeZone: 'UTC' };
    expect((await apiCall(server.url, bobToken, '/push/preferences', { method: 'PUT', body: prefs })).status).toBe(200);
    expect((await apiCall(server.url, bobToken, '/push/preferences')).body.preferences.events.followUp).toBe(false);
  });
});
