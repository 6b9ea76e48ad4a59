import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, type TestClient } from './helpers/clients.ts';
import { decodedParts, startSmtpInbox } from './helpers/smtp.ts';
import { newId } from '../shared/ids.ts';
import { FakeClock } from '../server/clock.ts';
import { setSlaPolicy } from '../server/store/sla-policies.ts';
import { DigestMailer } from '../server/digests/digest-mailer.ts';
import { lastWholePeriod } from '../server/digests/digest.ts';
import type { MailTransport } from '../server/surveys/nps-mailer.ts';
import { createLogger } from '../server/logger.ts';

// Email digests (issue 13) on a FakeClock with a real SMTP sink: once per period by exactly one
// of several mailers on one store, retried when SMTP refuses, never twice.

let server: TestServer | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>> | undefined;
const clients: TestClient[] = [];
const mailers: DigestMailer[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);
const HOUR = 3600_000;
const DAY = 24 * HOUR;

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const m of mailers.splice(0)) m.stop();
  await server?.close(true);
  server = undefined;
  await smtp?.close();
  smtp = undefined;
});

async function api(path: string, token: string, init: RequestInit = {}) {
  const res = await fetch(`${server!.url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers },
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Another node on the same store: its own mailer and SMTP connection. */
function node(nodeId: string, smtpUrl = smtp!.url): DigestMailer {
  const transport = nodemailer.createTransport(smtpUrl) as unknown as MailTransport;
  const mailer = new DigestMailer({ db: server!.store, clock: server!.clock, config: { ...server!.config, nodeId }, log: createLogger({ logLevel: 'silent', nodeId }) }, transport);
  mailers.push(mailer);
  return mailer;
}

/** Tuesday 2026-03-03 10:00 in Sofia: a chat whose first reply breaks a 60 s SLA, rated CSAT 1. */
async function setup() {
  smtp = await startSmtpInbox();
  const clock = new FakeClock(Date.parse('2026-03-03T08:00:00Z'));
  server = await startTestServer({ clock, config: { smtpUrl: smtp.url } });
  const token = await loginToken(server.url);
  await setSlaPolicy(server.store, { id: 'sla-normal', departmentId: null, priority: 'normal', firstResponseSec: 60, resolutionSec: null });
  const agent = track(await connectAgent(server.url, token));
  await agent.call('status:set', { status: 'online' });
  const visitor = track(await connectVisitor(server.url));
  await visitor.call('visitor:hello', { locale: 'en' });
  await visitor.call('visitor:identify', { name: 'Ivan' });
  const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Where is my order?' });
  const chatId = sent.message.chatId as string;
  clock.advance(30_000);
  await agent.call('chat:accept', { chatId });
  clock.advance(270_000);
  await agent.call('message:send', { chatId, id: newId('m_'), text: 'Checking.' });
  clock.advance(60_000);
  await agent.call('chat:close', { chatId });
  const { surveys } = await visitor.waitFor('survey:offer');
  const csat = surveys.find((s: any) => s.kind === 'csat');
  await visitor.call('survey:shown', { surveyId: csat.id });
  await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score: 1, comment: 'Far too slow' });
  return { token, clock, chatId };
}

describe('email digests', () => {
  it('owners subscribe; the preview has the engine\'s figures, the worst comment and the SLA breach linked to the drill-down', async () => {
    const { token, clock } = await setup();
    expect((await api('/api/digests/subscription', token)).body).toEqual({ subscription: null, emailConfigured: true });
    const bad = await api('/api/digests/subscription', token, { method: 'PUT', body: JSON.stringify({ frequency: 'hourly', timeZone: 'Europe/Sofia', language: 'en' }) });
    expect(bad).toMatchObject({ status: 400, body: { field: 'frequency' } });
    const badZone = await api('/api/digests/subscription', token, { method: 'PUT', body: JSON.stringify({ frequency: 'daily', timeZone: 'Mars/Base', language: 'en' }) });
    expect(badZone.body.field).toBe('timeZone');
    const put = await api('/api/digests/subscription', token, { method: 'PUT', body: JSON.stringify({ frequency: 'daily', timeZone: 'Europe/Sofia', language: 'en' }) });
    expect(put.body.subscription).toMatchObject({ frequency: 'daily', timeZone: 'Europe/Sofia', language: 'en' });

    clock.set(Date.parse('2026-03-04T06:00:00Z'));
    const preview = (await api('/api/digests/preview', token)).body;
    expect(preview.subject).toBe('Parley demo shop: daily digest 2026-03-03');
    const metrics = (await api('/api/metrics?from=2026-03-03&to=2026-03-04&tz=Europe/Sofia', token)).body;
    expect(metrics.chats.total).toBe(1);
    expect(preview.text).toContain(`Chats: ${metrics.chats.total} (0)`);
    expect(preview.text).toContain(`CSAT: ${metrics.csat.mean.toFixed(2)} (—)`);
    expect(preview.text).toContain('CSAT 1: "Far too slow" (Ivan)');
    expect(preview.text).toContain('SLA first response +4 min 0 s');
    expect(preview.html).toContain(`${server!.url}/console/dashboard?from=2026-03-03&#38;to=2026-03-03&#38;tz=Europe%2FSofia&#38;drill=sla.frt.breached`);
    const ru = (await api('/api/digests/preview?language=ru&frequency=weekly', token)).body;
    expect(ru.subject).toBe('Parley demo shop: еженедельная сводка 2026-02-23 – 2026-03-01');
    expect((await api('/api/digests/preview?timeZone=Nowhere', token)).body.field).toBe('timeZone');

    const now = await api('/api/digests/send-now', token, { method: 'POST', body: '{}' });
    expect(now).toMatchObject({ status: 200, body: { sentTo: 'owner@example.com' } });
    await expect.poll(() => smtp!.inbox.length).toBe(1);
    expect(decodedParts(smtp!.inbox[0]!.raw).text).toContain('Far too slow');
  });

  it('goes once per period from exactly one of two nodes, survives a restart, and comes again next period', async () => {
    const { token, clock } = await setup();
    await api('/api/digests/subscription', token, { method: 'PUT', body: JSON.stringify({ frequency: 'weekly', timeZone: 'Europe/Sofia', language: 'bg' }) });
    clock.set(Date.parse('2026-03-09T00:30:00Z')); // Monday 02:30 in Sofia: last week has ended
    const [a, b] = [node('node-a'), node('node-b')];
    const counts = await Promise.all([a.dispatchDue(), b.dispatchDue(), a.dispatchDue(), b.dispatchDue()]);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(1);
    await expect.poll(() => smtp!.inbox.length).toBe(1);
    expect(smtp!.inbox[0]!.to).toBe('owner@example.com');
    expect(decodedParts(smtp!.inbox[0]!.raw).text).toContain('седмичен бюлетин 2026-03-02 – 2026-03-08');
    // A restarted node, later that week: nothing more.
    clock.advance(3 * DAY);
    expect(await node('node-a-restarted').dispatchDue()).toBe(0);
    // The next week's.
    clock.set(Date.parse('2026-03-16T00:30:00Z'));
    expect((await Promise.all([a.dispatchDue(), b.dispatchDue()])).reduce((x, y) => x + y, 0)).toBe(1);
    await expect.poll(() => smtp!.inbox.length).toBe(2);
    const rows = await server!.store.all<any>('SELECT period_start, sent_at, attempts FROM digest_sends ORDER BY period_start');
    expect(rows.map((r) => [Number(r.period_start), Number(r.attempts)])).toEqual([
      [lastWholePeriod('weekly', 'Europe/Sofia', Date.parse('2026-03-09T00:30:00Z')).from, 1],
      [lastWholePeriod('weekly', 'Europe/Sofia', Date.parse('2026-03-16T00:30:00Z')).from, 1],
    ]);
  });

  it('SMTP refusing it: retried later and sent once; a crash after handing it to SMTP: never sent again', async () => {
    const { token, clock } = await setup();
    await api('/api/digests/subscription', token, { method: 'PUT', body: JSON.stringify({ frequency: 'daily', timeZone: 'UTC', language: 'en' }) });
    clock.set(Date.parse('2026-03-04T07:00:00Z'));
    const down = node('node-down', 'smtp://127.0.0.1:9'); // nothing listens there
    expect(await down.dispatchDue()).toBe(0);
    const row = await server!.store.get<any>('SELECT * FROM digest_sends');
    expect(row).toMatchObject({ sent_at: null, sending_at: null, attempts: 1 });
    expect(row.error).toBeTruthy();
    const up = node('node-up');
    expect(await up.dispatchDue()).toBe(0); // not before its retry time
    clock.advance(11 * 60_000);
    expect(await up.dispatchDue()).toBe(1);
    expect(await up.dispatchDue()).toBe(0);
    await expect.poll(() => smtp!.inbox.length).toBe(1);

    // The next day's: a node claims it, marks it handed to SMTP and dies before recording the result.
    clock.set(Date.parse('2026-03-05T07:00:00Z'));
    const period = lastWholePeriod('daily', 'UTC', clock.now());
    const owner = (await server!.store.value("SELECT id FROM agents WHERE role = 'owner'")) as string;
    await server!.store.run(
      `INSERT INTO digest_sends (agent_id, frequency, period_start, period_end, claimed_by, lease_until, sending_at) VALUES (?, 'daily', ?, ?, 'dead-node', ?, ?)`,
      [owner, period.from, period.to, clock.now() + 1000, clock.now()],
    );
    clock.advance(DAY / 2);
    expect(await up.dispatchDue()).toBe(0);
    expect(smtp!.inbox).toHaveLength(1);
  });
});
