import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { connectVisitor, type TestClient } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';

/** The owner's widget settings (issue 6) and what the widget reports back about invitations. */
let server: TestServer;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
});

async function patchSettings(body: unknown): Promise<{ status: number; json: any }> {
  const token = await loginToken(server.url);
  const res = await fetch(`${server.url}/api/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

const weekdays = (from: string, to: string) => {
  const span = [{ from, to }];
  return { mon: span, tue: span, wed: span, thu: span, fri: span, sat: [], sun: [] };
};

describe('widget settings', () => {
  it('the public config carries the look and the rules, with the server clock, to any origin', async () => {
    server = await startTestServer();
    await server.store.run("INSERT INTO departments (id, name) VALUES ('sales', 'Sales')");
    const res = await fetch(`${server.url}/api/widget/config`, { headers: { origin: 'https://shop.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const config = await res.json();
    expect(config).toMatchObject({
      siteName: expect.any(String),
      greeting: '',
      tracking: true,
      invitations: [],
      preChatForm: { name: 'off', email: 'off', department: 'off' },
      businessHours: {},
      departments: [{ id: 'sales', name: 'Sales' }],
    });
    expect(Math.abs(config.now - Date.now())).toBeLessThan(5000);
  });

  it('takes tracking, invitations, a pre-chat form and hours per department; only enabled invitations go public', async () => {
    server = await startTestServer();
    await server.store.run("INSERT INTO departments (id, name) VALUES ('sales', 'Sales')");
    const ok = await patchSettings({
      tracking: false,
      invitations: [
        { id: 'pricing', text: 'Questions about plans?', urlPattern: '/pricing*', afterSeconds: 20 },
        { id: 'old', text: 'Off for now', enabled: false },
      ],
      preChatForm: { name: 'required', email: 'optional', department: 'off' },
      businessHours: { sales: { timeZone: 'Europe/Sofia', days: weekdays('09:00', '18:00') } },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.settings.invitations[0]).toEqual({
      id: 'pricing',
      text: 'Questions about plans?',
      urlPattern: '/pricing*',
      afterSeconds: 20,
      visitors: 'all',
      enabled: true,
    });
    const config = await (await fetch(`${server.url}/api/widget/config`)).json();
    expect(config.tracking).toBe(false);
    expect(config.invitations.map((i: { id: string }) => i.id)).toEqual(['pricing']);
    expect(config.invitations[0]).not.toHaveProperty('enabled');
    expect(config.preChatForm).toEqual({ name: 'required', email: 'optional', department: 'off' });
    expect(config.businessHours.sales.timeZone).toBe('Europe/Sofia');
  });

  it('refuses bad rules, naming the field, and writes nothing', async () => {
    server = await startTestServer();
    const before = await (await fetch(`${server.url}/api/widget/config`)).json();
    const cases: Array<[unknown, string]> = [
      [{ businessHours: { '*': { timeZone: 'Mars/Olympus', days: weekdays('09:00', '18:00') } } }, 'businessHours.*.timeZone'],
      [{ businessHours: { '*': { timeZone: 'UTC', days: weekdays('18:00', '09:00') } } }, 'businessHours.*.days.mon.0'],
      [{ businessHours: { support: { timeZone: 'UTC', days: weekdays('09:00', '17:00') } } }, 'businessHours'],
      [{ invitations: [{ id: 'a', text: 'x' }, { id: 'a', text: 'y' }] }, 'invitations'],
      [{ invitations: [{ id: 'Bad Id', text: 'x' }] }, 'invitations.0.id'],
      [{ preChatForm: { name: 'sometimes', email: 'off', department: 'off' } }, 'preChatForm.name'],
      [{ tracking: 'no' }, 'tracking'],
    ];
    for (const [body, field] of cases) {
      const res = await patchSettings(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.field).toBe(field);
    }
    expect(await (await fetch(`${server.url}/api/widget/config`)).json()).toEqual({ ...before, now: expect.any(Number) });
  });
});

describe('invitation:event', () => {
  it('stores shown, clicked and chat_started once per id, for the visitor’s own chats only', async () => {
    server = await startTestServer();
    const visitor = await connectVisitor(server.url);
    const other = await connectVisitor(server.url);
    clients.push(visitor, other);
    await visitor.call('visitor:hello', {});
    await other.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('msg_'), text: 'Hi' });
    const shown = { id: newId('inv_'), invitationId: 'pricing', kind: 'shown', url: 'https://shop.example/pricing' };
    expect(await visitor.call('invitation:event', shown)).toEqual({ ok: true });
    expect(await visitor.call('invitation:event', shown)).toEqual({ ok: true });
    expect(await visitor.call('invitation:event', { id: newId('inv_'), invitationId: null, kind: 'clicked' })).toEqual({ ok: true });
    const started = { id: newId('inv_'), invitationId: 'pricing', kind: 'chat_started', chatId: message.chatId };
    expect(await visitor.call('invitation:event', started)).toEqual({ ok: true });

    expect(await other.call('invitation:event', { ...started, id: newId('inv_') })).toMatchObject({ ok: false, field: 'chatId' });
    expect(await other.call('invitation:event', shown)).toMatchObject({ ok: false, field: 'id' });
    expect(await visitor.call('invitation:event', { id: newId('inv_'), invitationId: 'x', kind: 'liked' })).toMatchObject({
      ok: false,
      field: 'kind',
    });

    // In the order sent: by time, then (events in the same millisecond) by the order they were sent in;
    // Postgres' invitation_events has no rowid to order by.
    const rows = await server.store.all(
      `SELECT visitor_id, invitation_id, kind, chat_id, url FROM invitation_events
       ORDER BY at, CASE kind WHEN 'shown' THEN 0 WHEN 'clicked' THEN 1 ELSE 2 END`,
    );
    expect(rows).toEqual([
      { visitor_id: visitor.visitorId, invitation_id: 'pricing', kind: 'shown', chat_id: null, url: 'https://shop.example/pricing' },
      { visitor_id: visitor.visitorId, invitation_id: null, kind: 'clicked', chat_id: null, url: null },
      { visitor_id: visitor.visitorId, invitation_id: 'pricing', kind: 'chat_started', chat_id: message.chatId, url: null },
    ]);
  });
});
