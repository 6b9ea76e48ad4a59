import { afterEach, describe, expect, it } from 'vitest';
import { TRANSCRIPTS_PER_CHAT } from '../server/chat/transcript-rules.ts';
import { transcriptText } from '../server/http/widget-transcript.ts';
import { newId } from '../shared/ids.ts';
import { connectAgent, connectVisitor, type TestClient } from './helpers/clients.ts';
import { FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { decodedParts, startSmtpInbox } from './helpers/smtp.ts';

/**
 * A visitor has a chat emailed to them (SMTP_URL set), in their language and time zone: only an
 * ended chat an agent answered, only to the address they gave, within limits (issue 10).
 */
let server: TestServer | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>> | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
  server = undefined;
  await smtp?.close();
  smtp = undefined;
});

async function ask(body: unknown, token?: string) {
  const res = await fetch(`${server!.url}/api/widget/transcript`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any, retryAfter: res.headers.get('retry-after') };
}

/** What the widget asks before it offers the button: where the transcript would go. */
async function offer(chatId: string, token: string) {
  const res = await fetch(`${server!.url}/api/widget/transcript?chatId=${encodeURIComponent(chatId)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, json: (await res.json()) as any };
}

let agent: TestClient | undefined;

/**
 * A visitor's chat: by default they gave `email` with identify (as the pre-chat form does),
 * the agent answered, and the chat ended.
 */
type Visitor = Awaited<ReturnType<typeof connectVisitor>>;

async function chat(opts: { email?: string | null; reply?: boolean; close?: boolean; visitor?: Visitor } = {}) {
  const { email = 'ivan@example.com', reply = true, close = true } = opts;
  if (!agent) {
    agent = await connectAgent(server!.url, await loginToken(server!.url));
    clients.push(agent);
    await agent.call('status:set', { status: 'online' });
  }
  let visitor = opts.visitor;
  if (!visitor) {
    visitor = await connectVisitor(server!.url);
    clients.push(visitor);
    await visitor.call('visitor:hello', { locale: 'ru', timeZone: 'Europe/Sofia' });
    if (email) expect((await visitor.call('visitor:identify', { name: 'Иван', email })).ok).toBe(true);
  }
  const { message } = await visitor.call('message:send', { id: newId('msg_'), text: 'Есть ли кофе без кофеина?' });
  await agent.call('chat:accept', { chatId: message.chatId });
  if (reply) await agent.call('message:send', { chatId: message.chatId, id: newId('msg_'), text: 'Да, <b>колумбийский</b>.' });
  if (close) await agent.call('chat:close', { chatId: message.chatId });
  return { visitor, chatId: message.chatId as string, email };
}

/** Asks for the chat's transcript as the widget does: confirming the address it showed. */
const askAsWidget = (c: { visitor: Visitor; chatId: string; email: string | null }) => ask({ chatId: c.chatId, email: c.email }, c.visitor.token);

const sentRows = () => server!.store.value('SELECT count(*) FROM transcript_emails');

afterEach(() => {
  agent = undefined;
});

describe('transcript by email', () => {
  it('emails the visitor’s own answered, ended chat to the address they gave, in their language, escaped in HTML; only so many times', async () => {
    const mail = (smtp = await startSmtpInbox());
    server = await startTestServer({ config: { smtpUrl: mail.url, smtpFrom: 'support@shop.example' } });
    const config = await (await fetch(`${server.url}/api/widget/config`)).json();
    expect(config.transcriptByEmail).toBe(true);
    const { visitor, chatId } = await chat();

    expect(await offer(chatId, visitor.token)).toEqual({ status: 200, json: { to: 'ivan@example.com' } });
    expect(await ask({ chatId }, visitor.token)).toMatchObject({ status: 200, json: { ok: true, to: 'ivan@example.com' } });
    expect(mail.inbox).toHaveLength(1);
    expect(mail.inbox[0]!.to).toBe('ivan@example.com');
    const raw = mail.inbox[0]!.raw;
    expect(raw).toContain('From: Parley demo shop <support@shop.example>');
    expect(raw).toMatch(/Subject: =\?UTF-8\?/);
    const parts = decodedParts(raw);
    expect(parts.text).toContain('Вы: Есть ли кофе без кофеина?');
    expect(parts.text).toContain('Оператор Owner подключился к чату');
    expect(parts.text).toContain('Owner: Да, <b>колумбийский</b>.');
    // The visitor's time zone (Sofia, summer or winter), not the server's.
    expect(parts.text).toMatch(/GMT\+[23]\]/);
    expect(parts.html).toContain('Owner: Да, &#60;b&#62;колумбийский&#60;/b&#62;.');
    expect(parts.html).not.toContain('<b>');
    expect(await server.store.column('SELECT email FROM transcript_emails WHERE chat_id = ?', [chatId])).toEqual(['ivan@example.com']);

    // The address the widget showed, confirmed in any case, is the same address.
    expect((await ask({ chatId, email: 'Ivan@Example.com' }, visitor.token)).status).toBe(200);
    for (let i = 2; i < TRANSCRIPTS_PER_CHAT; i++) expect((await ask({ chatId }, visitor.token)).status).toBe(200);
    expect(await ask({ chatId }, visitor.token)).toMatchObject({ status: 429, json: { reason: 'limit-chat' }, retryAfter: null });
    expect(mail.inbox.map((m) => m.to)).toEqual(Array(TRANSCRIPTS_PER_CHAT).fill('ivan@example.com'));
  });

  it('goes to the address of the offline form', async () => {
    const mail = (smtp = await startSmtpInbox());
    server = await startTestServer({ config: { smtpUrl: mail.url } });
    agent = await connectAgent(server.url, await loginToken(server.url));
    const visitor = await connectVisitor(server.url);
    clients.push(agent, visitor);
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('offline:submit', { id: newId('msg_'), name: 'Ann', email: 'ann@example.com', text: 'Do you ship to Varna?' });
    await agent.call('status:set', { status: 'online' });
    await agent.call('chat:accept', { chatId: message.chatId });
    await agent.call('message:send', { chatId: message.chatId, id: newId('msg_'), text: 'We do.' });
    await agent.call('chat:close', { chatId: message.chatId });
    expect((await ask({ chatId: message.chatId }, visitor.token)).status).toBe(200);
    expect(mail.inbox.map((m) => m.to)).toEqual(['ann@example.com']);
  });

  it('refuses a chat that has not ended, and sends nothing', async () => {
    const mail = (smtp = await startSmtpInbox());
    server = await startTestServer({ config: { smtpUrl: mail.url } });
    const open = await chat({ close: false });
    const refused = await askAsWidget(open);
    expect(refused).toMatchObject({ status: 409, json: { field: 'chatId', reason: 'chat-open' } });
    expect(refused.json.error).toMatch(/has not ended/);
    expect(await offer(open.chatId, open.visitor.token)).toMatchObject({ status: 409, json: { reason: 'chat-open' } });
    expect(mail.inbox).toEqual([]);
    expect(await sentRows()).toBe(0);
  });

  it('refuses an ended chat no agent answered, and sends nothing', async () => {
    const mail = (smtp = await startSmtpInbox());
    server = await startTestServer({ config: { smtpUrl: mail.url } });
    // The agent took it and said nothing: "Owner joined the chat" is no reply.
    const unanswered = await chat({ reply: false });
    const refused = await askAsWidget(unanswered);
    expect(refused).toMatchObject({ status: 409, json: { field: 'chatId', reason: 'no-reply' } });
    expect(refused.json.error).toMatch(/no agent replied/);
    expect(await offer(unanswered.chatId, unanswered.visitor.token)).toMatchObject({ status: 409, json: { reason: 'no-reply' } });
    expect(mail.inbox).toEqual([]);
    expect(await sentRows()).toBe(0);
  });

  it('refuses any address but the one the visitor gave, and a visitor who gave none, and sends nothing', async () => {
    const mail = (smtp = await startSmtpInbox());
    server = await startTestServer({ config: { smtpUrl: mail.url } });
    const known = await chat({ email: 'ivan@example.com' });
    const elsewhere = await ask({ chatId: known.chatId, email: 'victim@example.com' }, known.visitor.token);
    expect(elsewhere).toMatchObject({ status: 403, json: { field: 'email', reason: 'other-address' } });
    expect(elsewhere.json.error).toMatch(/only to the address the visitor gave/);
    // A "+tag" makes another address too: the visitor gave none such.
    expect((await ask({ chatId: known.chatId, email: 'ivan+x@example.com' }, known.visitor.token)).status).toBe(403);

    const anonymous = await chat({ email: null });
    const none = await ask({ chatId: anonymous.chatId, email: 'victim@example.com' }, anonymous.visitor.token);
    expect(none).toMatchObject({ status: 409, json: { field: 'email', reason: 'no-address' } });
    expect(none.json.error).toMatch(/has given no email address/);
    expect((await ask({ chatId: anonymous.chatId }, anonymous.visitor.token)).status).toBe(409);
    expect(await offer(anonymous.chatId, anonymous.visitor.token)).toMatchObject({ status: 409, json: { field: 'email', reason: 'no-address' } });

    expect(mail.inbox).toEqual([]);
    expect(await sentRows()).toBe(0);
  });

  it('holds a cap per recipient across visitors and "+tag" spellings: 429 with Retry-After, nothing sent, until the day has passed', async () => {
    const mail = (smtp = await startSmtpInbox());
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 9));
    server = await startTestServer({ clock, config: { smtpUrl: mail.url, transcriptsPerRecipientPerDay: 2 } });
    const first = await chat({ email: 'victim+1@example.com' });
    expect((await askAsWidget(first)).status).toBe(200);
    clock.advance(3600_000);
    const second = await chat({ email: 'Victim+2@example.com' });
    expect((await askAsWidget(second)).status).toBe(200);
    clock.advance(3600_000);
    const third = await chat({ email: 'victim@example.com' });
    const refused = await askAsWidget(third);
    expect(refused).toMatchObject({ status: 429, json: { field: 'email', reason: 'limit-recipient' } });
    expect(refused.json.error).toMatch(/at most 2 transcripts a day to one address/);
    // The first email leaves the 24 hours in 22 hours.
    expect(refused.retryAfter).toBe(String(22 * 3600));
    expect(mail.inbox).toHaveLength(2);
    expect(await sentRows()).toBe(2);

    clock.advance(22 * 3600_000);
    expect((await askAsWidget(third)).status).toBe(200);
    expect(mail.inbox.map((m) => m.to)).toEqual(['victim+1@example.com', 'Victim+2@example.com', 'victim@example.com']);
  });

  it('holds a cap per visitor over all their chats', async () => {
    const mail = (smtp = await startSmtpInbox());
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 9));
    server = await startTestServer({ clock, config: { smtpUrl: mail.url, transcriptsPerVisitorPerDay: 2 } });
    const first = await chat();
    expect((await askAsWidget(first)).status).toBe(200);
    const second = await chat({ visitor: first.visitor });
    expect((await askAsWidget(second)).status).toBe(200);
    clock.advance(60_000);
    const third = await chat({ visitor: first.visitor });
    const refused = await askAsWidget(third);
    expect(refused).toMatchObject({ status: 429, json: { reason: 'limit-visitor' } });
    expect(refused.json.error).toMatch(/at most 2 transcripts a day per visitor/);
    expect(refused.retryAfter).toBe(String(24 * 3600 - 60));
    expect(mail.inbox).toHaveLength(2);
  });

  it('holds a cap per hour over the whole server, counted in the database that every node shares', async () => {
    const mail = (smtp = await startSmtpInbox());
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 9));
    server = await startTestServer({ clock, config: { smtpUrl: mail.url, transcriptsPerHour: 2 } });
    const other = await startTestServer({ clock, dbPath: server.dbPath, databaseUrl: server.databaseUrl, config: { smtpUrl: mail.url, transcriptsPerHour: 2 } });
    try {
      const first = await chat({ email: 'a@example.com' });
      expect((await askAsWidget(first)).status).toBe(200);
      clock.advance(10 * 60_000);
      const second = await chat({ email: 'b@example.com' });
      // Asked of the other node: it counts what the first one sent.
      const onOther = await fetch(`${other.url}/api/widget/transcript`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${second.visitor.token}` },
        body: JSON.stringify({ chatId: second.chatId, email: second.email }),
      });
      expect(onOther.status).toBe(200);
      clock.advance(10 * 60_000);
      const third = await chat({ email: 'c@example.com' });
      const refused = await askAsWidget(third);
      expect(refused).toMatchObject({ status: 429, json: { reason: 'limit-hourly' } });
      expect(refused.json.error).toMatch(/at most 2 transcripts an hour/);
      expect(refused.retryAfter).toBe(String(40 * 60));
      expect(mail.inbox.map((m) => m.to)).toEqual(['a@example.com', 'b@example.com']);
    } finally {
      await other.close();
    }
  });

  it('takes back an email the mail server refused: it counts against nothing', async () => {
    server = await startTestServer({ config: { smtpUrl: 'smtp://127.0.0.1:1' } });
    expect((await askAsWidget(await chat())).status).toBe(502);
    expect(await sentRows()).toBe(0);
  });

  it('refuses another visitor’s chat, a bad address, no token — and answers 503 without SMTP', async () => {
    const mail = (smtp = await startSmtpInbox());
    server = await startTestServer({ config: { smtpUrl: mail.url } });
    const { chatId } = await chat();
    const stranger = await connectVisitor(server.url);
    clients.push(stranger);
    expect(await ask({ chatId, email: 'eve@example.com' }, stranger.token)).toMatchObject({ status: 400, json: { field: 'chatId' } });
    expect(await offer(chatId, stranger.token)).toMatchObject({ status: 400, json: { field: 'chatId' } });
    expect(await ask({ chatId, email: 'not an address' }, stranger.token)).toMatchObject({ status: 400, json: { field: 'email' } });
    expect((await ask({ chatId, email: 'eve@example.com' })).status).toBe(401);
    expect(mail.inbox).toEqual([]);
    await server.close(true);

    server = await startTestServer();
    const lonely = await connectVisitor(server.url);
    clients.push(lonely);
    expect((await (await fetch(`${server.url}/api/widget/config`)).json()).transcriptByEmail).toBe(false);
    expect((await ask({ chatId: 'chat_x' }, lonely.token)).status).toBe(503);
  });
});

describe('transcriptText', () => {
  it('one line per message with the time in the visitor’s zone and language', () => {
    const at = Date.UTC(2025, 6, 7, 9, 5);
    const base = { chatId: 'c', seq: 1, chatSeq: 1, agentId: null, cannedId: null, at };
    const { subject, lines } = transcriptText(
      [
        { ...base, id: 'm1', author: 'visitor', authorName: null, text: 'Здравейте!' },
        { ...base, id: 'm2', author: 'system', authorName: null, text: 'Anna joined the chat', notice: { kind: 'joined', agent: 'Anna' } },
        { ...base, id: 'm3', author: 'agent', authorName: 'Anna', text: 'Здравейте, с какво да помогна?' },
        // Imported histories have no notice: their text stays as it is.
        { ...base, id: 'm4', author: 'system', authorName: null, text: 'Imported notice' },
      ],
      { locale: 'bg-BG', timeZone: 'Europe/Sofia' },
      'Kettle & Co.',
    );
    expect(subject).toBe('Вашият разговор с Kettle & Co.');
    expect(lines[0]).toBe('Вашият разговор с Kettle & Co.:');
    expect(lines[2]).toMatch(/^\[.*12:05.*\] Вие: Здравейте!$/);
    expect(lines[3]).toMatch(/^\[.*\] Anna се присъедини към чата$/);
    expect(lines[4]).toMatch(/\] Anna: Здравейте, с какво да помогна\?$/);
    expect(lines[5]).toMatch(/\] Imported notice$/);
  });
});
