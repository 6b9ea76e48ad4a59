import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { startWebhookReceiver, type ReceivedWebhook } from './helpers/webhook-receiver.ts';
import { newId } from '../shared/ids.ts';
import { WEBHOOK_EVENT_TYPES } from '../shared/webhook-events.ts';
import { DISABLE_AFTER_MS, GIVE_UP_AFTER_MS, retryDelayMs } from '../server/webhooks/dispatcher.ts';

/** README's recipe, word for word: what a receiver runs. */
function verifyParley(secret: string, header: string, rawBody: string, toleranceSec = 300): boolean {
  const { t, v1 } = Object.fromEntries(header.split(',').map((kv) => kv.split('='))) as { t: string; v1: string };
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
  return Math.abs(Date.now() / 1000 - Number(t)) <= toleranceSec
    && v1.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}

let server: TestServer | undefined;
const cleanups: Array<() => unknown> = [];
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
  server = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(opts: { allowPrivate?: boolean; clock?: FakeClock; metricsToken?: string } = {}) {
  server = await startTestServer({ config: { webhooksAllowPrivate: opts.allowPrivate ?? true, metricsToken: opts.metricsToken }, clock: opts.clock });
  const ownerToken = await loginToken(server.url);
  return { ownerToken };
}

async function receiver(opts: Parameters<typeof startWebhookReceiver>[0] = {}) {
  const r = await startWebhookReceiver(opts);
  cleanups.push(() => r.close());
  return r;
}

const api = (token: string, path: string, init?: { method?: string; body?: unknown }) => apiCall(server!.url, token, path, init);

/** Until the dispatcher has sent what is due and recorded the answers. */
async function deliverNow() {
  await server!.parley.webhooks.deliverDue();
  await server!.parley.webhooks.settled();
}

describe('webhooks', () => {
  it('signs each delivery so that the README recipe verifies it, and fires every event type', async () => {
    const { ownerToken } = await setup({ clock: new FakeClock(Date.now()) });
    const r = await receiver();
    const created = await api(ownerToken, '/webhooks', { method: 'POST', body: { url: r.url, events: [...WEBHOOK_EVENT_TYPES] } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(expect.arrayContaining(['id', 'url', 'events', 'secret']));
    expect(created.body.secret).toMatch(/^whsec_/);
    const secret: string = created.body.secret;
    // The secret is shown once.
    const listed = await api(ownerToken, '/webhooks');
    expect(listed.body.webhooks).toHaveLength(1);
    expect(listed.body.webhooks[0].secret).toBeUndefined();

    // A chat that raises every event.
    const agent = track(await connectAgent(server!.url, ownerToken));
    expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
    const bobToken = await createAgentAccount(server!.url, server!.store, { name: 'Bob', email: 'bob@example.com' });
    const bob = track(await connectAgent(server!.url, bobToken));
    expect((await bob.call('status:set', { status: 'online' })).ok).toBe(true);
    const bobId = await server!.store.value<string>("SELECT id FROM agents WHERE email = 'bob@example.com'");

    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('visitor:hello', { locale: 'en-GB' });
    expect((await visitor.call('visitor:identify', { name: 'Ann', email: 'ann@example.com' })).ok).toBe(true);
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Where is my parcel?' });
    const chatId = sent.message.chatId;
    expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
    expect((await agent.call('message:send', { chatId, id: newId('m_'), text: 'On its way.' })).ok).toBe(true);
    expect((await agent.call('note:add', { chatId, id: newId('n_'), text: 'internal only' })).ok).toBe(true);
    expect((await agent.call('chat:transfer', { chatId, agentId: bobId })).ok).toBe(true);
    expect((await bob.call('chat:close', { chatId })).ok).toBe(true);
    const offer = await visitor.waitFor('survey:offer');
    const csat = offer.surveys.find((s: any) => s.kind === 'csat');
    await visitor.call('survey:shown', { surveyId: csat.id });
    expect((await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score: 5 })).ok).toBe(true);
    const other = track(await connectVisitor(server!.url));
    expect((await other.call('offline:submit', { id: newId('m_'), name: 'Dana', email: 'dana@example.com', text: 'Call me back' })).ok).toBe(true);

    await deliverNow();
    await expect.poll(() => r.received.length).toBeGreaterThanOrEqual(11);
    const byType = (type: string) => r.received.filter((d) => d.body.type === type);

    for (const d of r.received) {
      expect(verifyParley(secret, d.headers['parley-signature'] as string, d.raw)).toBe(true);
      expect(d.headers['parley-event']).toBe(d.body.type);
      expect(d.headers['parley-delivery']).toBe(d.body.id);
      expect(d.headers['content-type']).toBe('application/json');
    }
    // A tampered body or another secret does not verify.
    const first = r.received[0]!;
    expect(verifyParley(secret, first.headers['parley-signature'] as string, first.raw.replace('"type"', '"type" '))).toBe(false);
    expect(verifyParley('whsec_other', first.headers['parley-signature'] as string, first.raw)).toBe(false);

    expect(byType('visitor.identified').map((d) => d.body.data.visitor)).toEqual([
      { id: visitor.visitorId, externalId: null, name: 'Ann', email: 'ann@example.com', verified: false },
    ]);
    const started = byType('chat.started');
    expect(started.map((d) => [d.body.data.chat.channel, d.body.data.chat.visitorId])).toEqual([
      ['widget', visitor.visitorId],
      ['offline', other.visitorId],
    ]);
    expect(started[0]!.body.data.chat.id).toBe(chatId);
    // Visitor and agent messages, never notes nor system messages.
    expect(byType('message.created').map((d) => [d.body.data.message.author, d.body.data.message.text])).toEqual([
      ['visitor', 'Where is my parcel?'],
      ['agent', 'On its way.'],
      ['visitor', 'Call me back'],
    ]);
    expect(byType('chat.assigned').map((d) => d.body.data)).toEqual([{ chatId, agent: { id: expect.any(String), name: 'Owner' } }]);
    expect(byType('chat.transferred').map((d) => d.body.data.to.agent)).toEqual([{ id: bobId, name: 'Bob' }]);
    expect(byType('chat.closed').map((d) => [d.body.data.chatId, d.body.data.closedBy, d.body.data.agentId])).toEqual([[chatId, 'agent', bobId]]);
    expect(byType('survey.answered').map((d) => [d.body.data.survey.kind, d.body.data.survey.score, d.body.data.survey.chatId])).toEqual([['csat', 5, chatId]]);
    expect(byType('offline_message.created').map((d) => [d.body.data.visitor.name, d.body.data.message.text])).toEqual([['Dana', 'Call me back']]);
    expect(new Set(r.received.map((d) => d.body.type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    // Every id once: nothing was sent twice.
    expect(new Set(r.received.map((d) => d.body.id)).size).toBe(r.received.length);

    const deliveries = await api(ownerToken, `/webhooks/${created.body.id}/deliveries`);
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.deliveries).toHaveLength(r.received.length);
    expect(deliveries.body.deliveries.every((d: any) => d.state === 'delivered' && d.lastStatus === 200 && d.lastResponse === 'thanks')).toBe(true);
  });

  it('writes nothing for event types no endpoint hears, and only what each endpoint chose', async () => {
    const { ownerToken } = await setup();
    const r = await receiver();
    const hook = await api(ownerToken, '/webhooks', { method: 'POST', body: { url: r.url, events: ['chat.closed'] } });
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('message:send', { id: newId('m_'), text: 'hello' });
    expect(await server!.store.value('SELECT count(*) FROM webhook_deliveries')).toBe(0);
    const changed = await api(ownerToken, `/webhooks/${hook.body.id}`, { method: 'PATCH', body: { events: ['message.created'] } });
    expect(changed.status).toBe(200);
    expect(changed.body.events).toEqual(['message.created']);
    await visitor.call('message:send', { id: newId('m_'), text: 'again' });
    await deliverNow();
    await expect.poll(() => r.received.map((d) => d.body.data.message.text)).toEqual(['again']);
    expect((await api(ownerToken, `/webhooks/${hook.body.id}`, { method: 'DELETE' })).status).toBe(200);
    expect(await server!.store.value('SELECT count(*) FROM webhook_deliveries')).toBe(0);
    expect((await api(ownerToken, '/webhooks')).body.webhooks).toEqual([]);
    // Each change is in the audit log, without the secret.
    const audit = await api(ownerToken, '/audit?action=webhook.');
    expect(audit.body.entries.map((e: any) => [e.action, e.target]).reverse()).toEqual([
      ['webhook.created', hook.body.id],
      ['webhook.changed', hook.body.id],
      ['webhook.deleted', hook.body.id],
    ]);
    expect(audit.body.entries.find((e: any) => e.action === 'webhook.changed').details).toEqual({
      events: { from: ['chat.closed'], to: ['message.created'] },
    });
    expect(JSON.stringify(audit.body)).not.toContain(hook.body.secret);
  });

  it('is for owners and admins, and refuses bad bodies naming the field', async () => {
    const { ownerToken } = await setup();
    const agentToken = await createAgentAccount(server!.url, server!.store, { name: 'Al', email: 'al@example.com' });
    expect((await api(agentToken, '/webhooks')).status).toBe(403);
    expect((await api(agentToken, '/webhooks', { method: 'POST', body: { url: 'https://example.com/h', events: ['chat.closed'] } })).status).toBe(403);
    const badType = await api(ownerToken, '/webhooks', { method: 'POST', body: { url: 'https://example.com/h', events: ['chat.exploded'] } });
    expect(badType.status).toBe(400);
    expect(badType.body.field).toBe('events.0');
    const badUrl = await api(ownerToken, '/webhooks', { method: 'POST', body: { url: 'ftp://example.com/h', events: ['chat.closed'] } });
    expect([badUrl.status, badUrl.body.field]).toEqual([400, 'url']);
    const none = await api(ownerToken, '/webhooks', { method: 'POST', body: { url: 'https://example.com/h', events: [] } });
    expect([none.status, none.body.field]).toEqual([400, 'events']);
    expect((await api(ownerToken, '/webhooks/wh_nope', { method: 'PATCH', body: { events: ['chat.closed'] } })).status).toBe(404);
    expect((await api(ownerToken, '/webhooks/wh_nope/deliveries')).status).toBe(404);
    expect(await server!.store.value('SELECT count(*) FROM webhook_endpoints')).toBe(0);
  });

  it('retries with backoff on a FakeClock, with the same delivery id, until a 2xx; Redeliver sends it again', async () => {
    const clock = new FakeClock(Date.now());
    const { ownerToken } = await setup({ clock, metricsToken: 'scrape' });
    const r = await receiver({ status: 500 });
    const hook = await api(ownerToken, '/webhooks', { method: 'POST', body: { url: r.url, events: ['message.created'] } });
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('message:send', { id: newId('m_'), text: 'retry me' });

    await deliverNow();
    expect(r.received).toHaveLength(1);
    // Not before its time…
    clock.advance(retryDelayMs(1) - 1);
    await deliverNow();
    expect(r.received).toHaveLength(1);
    // …then at 5 s, 10 s, 20 s after each failure.
    clock.advance(1);
    await deliverNow();
    expect(r.received).toHaveLength(2);
    expect(retryDelayMs(1)).toBeLessThanOrEqual(10_000);
    clock.advance(retryDelayMs(2));
    await deliverNow();
    expect(r.received).toHaveLength(3);
    let [delivery] = (await api(ownerToken, `/webhooks/${hook.body.id}/deliveries`)).body.deliveries;
    expect(delivery).toMatchObject({ state: 'pending', attempts: 3, lastStatus: 500, lastResponse: 'receiver says 500' });
    expect(delivery.nextAttemptAt).toBe(clock.now() + retryDelayMs(3));

    r.setStatus(204);
    clock.advance(retryDelayMs(3));
    await deliverNow();
    expect(r.received).toHaveLength(4);
    expect(new Set(r.received.map((d) => d.headers['parley-delivery'])).size).toBe(1);
    expect(new Set(r.received.map((d) => d.raw)).size).toBe(1);
    [delivery] = (await api(ownerToken, `/webhooks/${hook.body.id}/deliveries`)).body.deliveries;
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 4, lastStatus: 204, deliveredAt: clock.now() });
    const scraped = await (await fetch(`${server!.url}/metrics`, { headers: { authorization: 'Bearer scrape' } })).text();
    expect(scraped).toContain('parley_webhook_attempts_total{result="retry"} 3');
    expect(scraped).toContain('parley_webhook_attempts_total{result="delivered"} 1');
    // Delivered: nothing more, however long.
    clock.advance(24 * 3600_000);
    await deliverNow();
    expect(r.received).toHaveLength(4);

    const again = await api(ownerToken, `/webhooks/${hook.body.id}/deliveries/${delivery.id}/redeliver`, { method: 'POST' });
    expect(again.status).toBe(200);
    await deliverNow();
    await expect.poll(() => r.received.length).toBe(5);
    expect(r.received[4]!.headers['parley-delivery']).toBe(delivery.id);
    expect((await api(ownerToken, `/webhooks/${hook.body.id}/deliveries/evt_nope/redeliver`, { method: 'POST' })).status).toBe(404);
  });

  it('keeps trying for more than a day, gives up after 3 days, and turns off an endpoint failing for days, saying why', async () => {
    const clock = new FakeClock(Date.now());
    const { ownerToken } = await setup({ clock });
    const r = await receiver({ status: 503 });
    const hook = await api(ownerToken, '/webhooks', { method: 'POST', body: { url: r.url, events: ['message.created'] } });
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('message:send', { id: newId('m_'), text: 'one' });
    const start = clock.now();
    await deliverNow();
    const attemptTimes: number[] = [clock.now() - start];
    while (clock.now() - start < GIVE_UP_AFTER_MS + 7 * 3600_000) {
      clock.advance(15 * 60_000);
      const before = r.received.length;
      await deliverNow();
      if (r.received.length > before) attemptTimes.push(clock.now() - start);
    }
    // Tried past 24 hours, and not for ever.
    expect(attemptTimes.some((t) => t > 24 * 3600_000)).toBe(true);
    const [delivery] = (await api(ownerToken, `/webhooks/${hook.body.id}/deliveries`)).body.deliveries;
    expect(delivery.state).toBe('failed');
    const [endpoint] = (await api(ownerToken, '/webhooks')).body.webhooks;
    expect(endpoint.disabledAt).not.toBeNull();
    expect(endpoint.disabledReason).toMatch(/every delivery has failed since .*HTTP 503/);
    expect(endpoint.disabledAt - endpoint.failingSince).toBeGreaterThanOrEqual(DISABLE_AFTER_MS);
    // Turned off: new events are not written for it, and redelivery asks to turn it on first.
    await visitor.call('message:send', { id: newId('m_'), text: 'two' });
    expect(await server!.store.value('SELECT count(*) FROM webhook_deliveries')).toBe(1);
    expect((await api(ownerToken, `/webhooks/${hook.body.id}/deliveries/${delivery.id}/redeliver`, { method: 'POST' })).status).toBe(409);
    // Turned on again: it hears events again and takes a redelivery.
    r.setStatus(200);
    const on = await api(ownerToken, `/webhooks/${hook.body.id}`, { method: 'PATCH', body: { enabled: true } });
    expect(on.body).toMatchObject({ disabledAt: null, disabledReason: null, failingSince: null });
    const before = r.received.length;
    await visitor.call('message:send', { id: newId('m_'), text: 'three' });
    await deliverNow();
    await expect.poll(() => r.received.slice(before).map((d: ReceivedWebhook) => d.body.data.message.text)).toEqual(['three']);
  });

  it('never lets a slow receiver slow the chat: a message is acked while its webhook waits', async () => {
    const { ownerToken } = await setup();
    const r = await receiver({ delayMs: 3000 });
    await api(ownerToken, '/webhooks', { method: 'POST', body: { url: r.url, events: ['message.created'] } });
    const visitor = track(await connectVisitor(server!.url));
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) expect((await visitor.call('message:send', { id: newId('m_'), text: `m${i}` })).ok).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1500);
    await expect.poll(() => r.received.length, { timeout: 5000 }).toBe(5);
  });

  it('refuses private and loopback targets at creation and at delivery unless WEBHOOKS_ALLOW_PRIVATE', async () => {
    const { ownerToken } = await setup({ allowPrivate: false });
    for (const url of [
      'http://127.0.0.1:9/h',
      'http://localhost:9/h',
      'http://10.1.2.3/h',
      'http://192.168.0.10/h',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/h',
      'http://[::ffff:127.0.0.1]/h',
      'http://[fd00::1]/h',
      'http://0.0.0.0/h',
    ]) {
      const res = await api(ownerToken, '/webhooks', { method: 'POST', body: { url, events: ['message.created'] } });
      expect([url, res.status, res.body.field]).toEqual([url, 400, 'url']);
      expect(res.body.error).toMatch(/private or loopback|does not resolve/);
    }
    expect(await server!.store.value('SELECT count(*) FROM webhook_endpoints')).toBe(0);
    // A public address is fine.
    expect((await api(ownerToken, '/webhooks', { method: 'POST', body: { url: 'https://93.184.216.34/h', events: ['chat.closed'] } })).status).toBe(201);

    // An endpoint written before (or a name that resolves elsewhere now) is checked again at delivery.
    const r = await receiver();
    const { insertEndpoint } = await import('../server/store/webhooks.ts');
    await insertEndpoint(server!.store, { id: 'wh_local', url: r.url.replace('127.0.0.1', 'localhost'), secret: 'whsec_x', events: ['message.created'], createdBy: null, at: Date.now() });
    const visitor = track(await connectVisitor(server!.url));
    await visitor.call('message:send', { id: newId('m_'), text: 'to nowhere' });
    await deliverNow();
    const [delivery] = (await api(ownerToken, '/webhooks/wh_local/deliveries')).body.deliveries;
    expect(delivery).toMatchObject({ state: 'pending', attempts: 1, lastStatus: null });
    expect(delivery.lastError).toMatch(/private or loopback/);
    expect(r.received).toHaveLength(0);
  });
});
