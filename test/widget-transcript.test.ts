import { afterEach, describe, expect, it } from 'vitest';
import { transcriptText, TRANSCRIPTS_PER_CHAT } from '../server/http/widget-transcript.ts';
import { newId } from '../shared/ids.ts';
import { connectAgent, connectVisitor, type TestClient } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { decodedParts, startSmtpInbox } from './helpers/smtp.ts';

/** A visitor has a chat emailed to them (SMTP_URL set), in their language and time zone. */
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
  return { status: res.status, json: (await res.json()) as any };
}

/** A chat the agent answered and closed. */
async function closedChat() {
  const visitor = await connectVisitor(server!.url);
  const agent = await connectAgent(server!.url, await loginToken(server!.url));
  clients.push(visitor, agent);
  await agent.call('status:set', { status: 'online' });
  await visitor.call('visitor:hello', { locale: 'ru', timeZone: 'Europe/Sofia' });
  const { message } = await visitor.call('message:send', { id: newId('msg_'), text: 'Есть ли кофе без кофеина?' });
  await agent.call('chat:accept', { chatId: message.chatId });
  await agent.call('message:send', { chatId: message.chatId, id: newId('msg_'), text: 'Да, <b>колумбийский</b>.' });
  await agent.call('chat:close', { chatId: message.chatId });
  return { visitor, chatId: message.chatId as string };
}

describe('transcript by email', () => {
  it('emails the visitor’s own chat, in their language, escaped in HTML; only so many times', async () => {
    const mail = (smtp = await startSmtpInbox());
    server = await startTestServer({ config: { smtpUrl: mail.url, smtpFrom: 'support@shop.example' } });
    const config = await (await fetch(`${server.url}/api/widget/config`)).json();
    expect(config.transcriptByEmail).toBe(true);
    const { visitor, chatId } = await closedChat();

    expect(await ask({ chatId, email: 'ivan@example.com' }, visitor.token)).toEqual({ status: 200, json: { ok: true } });
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
    expect(server.db.prepare('SELECT email FROM transcript_emails WHERE chat_id = ?').pluck().all(chatId)).toEqual(['ivan@example.com']);

    for (let i = 1; i < TRANSCRIPTS_PER_CHAT; i++) expect((await ask({ chatId, email: 'ivan@example.com' }, visitor.token)).status).toBe(200);
    expect((await ask({ chatId, email: 'ivan@example.com' }, visitor.token)).status).toBe(429);
  });

  it('refuses another visitor’s chat, a bad address, no token — and answers 503 without SMTP', async () => {
    const mail = (smtp = await startSmtpInbox());
    server = await startTestServer({ config: { smtpUrl: mail.url } });
    const { chatId } = await closedChat();
    const stranger = await connectVisitor(server.url);
    clients.push(stranger);
    expect(await ask({ chatId, email: 'eve@example.com' }, stranger.token)).toMatchObject({ status: 400, json: { field: 'chatId' } });
    expect(await ask({ chatId, email: 'not an address' }, stranger.token)).toMatchObject({ status: 400, json: { field: 'email' } });
    expect((await ask({ chatId, email: 'eve@example.com' })).status).toBe(401);
    expect(mail.inbox).toEqual([]);
    await server.close(true);

    server = await startTestServer();
    const lonely = await connectVisitor(server.url);
    clients.push(lonely);
    expect((await (await fetch(`${server.url}/api/widget/config`)).json()).transcriptByEmail).toBe(false);
    expect((await ask({ chatId: 'chat_x', email: 'a@example.com' }, lonely.token)).status).toBe(503);
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
