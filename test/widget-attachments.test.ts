import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTACHMENTS_PER_HOUR, attachmentsDir } from '../server/http/widget-attachments.ts';
import { connectAgent, connectVisitor, createAgentAccount, visitorSession } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { newId } from '../shared/ids.ts';

/** Files from the widget: checked by content, stored on disk, served so that nothing runs. */
let server: TestServer;
afterEach(async () => server?.close(true));

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n', 'latin1');

async function upload(body: Buffer, name: string, token?: string) {
  const res = await fetch(`${server.url}/api/widget/attachments?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}

describe('attachments', () => {
  it('stores an image and a PDF under the data directory and serves them with safe headers', async () => {
    server = await startTestServer();
    const { token, visitorId } = await visitorSession(server.url);
    const image = await upload(png, 'C:\\Users\\jo\\photo of "boots".png', token);
    expect(image.status).toBe(201);
    expect(image.json.attachment).toEqual({
      id: expect.stringMatching(/^att_[0-9a-f]{32}$/),
      name: 'photo of boots.png',
      type: 'image/png',
      size: png.length,
      url: `${server.url}/api/attachments/${image.json.attachment.id}`,
    });
    expect(existsSync(join(attachmentsDir(server.dbPath), image.json.attachment.id))).toBe(true);
    expect(await server.store.value('SELECT visitor_id FROM attachments WHERE id = ?', [image.json.attachment.id])).toBe(visitorId);

    const served = await fetch(image.json.attachment.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''photo%20of%20boots.png");
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain('sandbox');

    const doc = await upload(pdf, 'invoice.pdf', token);
    const pdfServed = await fetch(doc.json.attachment.url);
    expect(pdfServed.headers.get('content-type')).toBe('application/pdf');
    expect(pdfServed.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''invoice.pdf");
  });

  it('keeps files in FILES_DIR when set: the directory several nodes share', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'parley-files-'));
    try {
      server = await startTestServer({ config: { filesDir: shared } });
      const { token } = await visitorSession(server.url);
      const image = await upload(png, 'photo.png', token);
      expect(image.status).toBe(201);
      expect(existsSync(join(shared, image.json.attachment.id))).toBe(true);
      expect(existsSync(join(attachmentsDir(server.dbPath), image.json.attachment.id))).toBe(false);
      const served = await fetch(image.json.attachment.url);
      expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  it('judges by content, not name: an HTML page called photo.png is refused, and nothing is stored', async () => {
    server = await startTestServer();
    const { token } = await visitorSession(server.url);
    const html = await upload(Buffer.from('<html><script>alert(document.cookie)</script></html>'), 'photo.png', token);
    expect(html).toEqual({ status: 400, json: { error: 'file: only images (PNG, JPEG, GIF, WebP) and PDF files can be sent', field: 'file' } });
    const empty = await upload(Buffer.alloc(0), 'empty.pdf', token);
    expect(empty.status).toBe(400);
    expect(await server.store.value('SELECT count(*) FROM attachments')).toBe(0);
  });

  it('needs a visitor token; refuses more than 10 MB; at most 20 files an hour per visitor', async () => {
    server = await startTestServer();
    expect((await upload(png, 'a.png')).status).toBe(401);
    expect((await upload(png, 'a.png', 'not-a-token')).status).toBe(401);
    const { token } = await visitorSession(server.url);
    const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]);
    expect((await upload(big, 'big.pdf', token)).status).toBe(413);
    for (let i = 0; i < ATTACHMENTS_PER_HOUR; i++) expect((await upload(png, `${i}.png`, token)).status).toBe(201);
    expect((await upload(png, 'one-more.png', token)).status).toBe(429);
    expect((await fetch(`${server.url}/api/attachments/att_${'0'.repeat(32)}`)).status).toBe(404);
  });
});

describe('attachments from agents', () => {
  async function agentUpload(body: Buffer, query: string, token?: string) {
    const res = await fetch(`${server.url}/api/attachments?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: new Uint8Array(body),
    });
    return { status: res.status, json: (await res.json()) as any };
  }

  it('an agent sends a file in an open chat of theirs; its address is on PUBLIC_URL, where the visitor is', async () => {
    server = await startTestServer({ config: { publicUrl: 'https://chat.example/' } });
    const owner = await loginToken(server.url);
    const bobToken = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    const ownerSocket = await connectAgent(server.url, owner);
    await ownerSocket.call('status:set', { status: 'online' });
    const visitor = await connectVisitor(server.url);
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'Can I see the invoice?' });
    const chatId = message.chatId;

    // Not before it is theirs, not in someone else's, never without signing in.
    expect((await agentUpload(pdf, `chatId=${chatId}&name=invoice.pdf`, owner)).status).toBe(403);
    await ownerSocket.call('chat:accept', { chatId });
    expect((await agentUpload(pdf, `chatId=${chatId}&name=invoice.pdf`)).status).toBe(401);
    expect((await agentUpload(pdf, `chatId=${chatId}&name=invoice.pdf`, bobToken)).status).toBe(403);
    expect((await agentUpload(pdf, 'chatId=chat_nope&name=invoice.pdf', owner)).json).toEqual({ error: 'chatId: no such chat', field: 'chatId' });
    expect((await agentUpload(Buffer.from('<script>'), `chatId=${chatId}&name=x.pdf`, owner)).status).toBe(400);
    expect(await server.store.value('SELECT count(*) FROM attachments')).toBe(0);

    const sent = await agentUpload(pdf, `chatId=${chatId}&name=invoice.pdf`, owner);
    expect(sent.status).toBe(201);
    expect(sent.json.attachment.url).toBe(`https://chat.example/api/attachments/${sent.json.attachment.id}`);
    expect(await server.store.get('SELECT visitor_id, agent_id FROM attachments')).toEqual({
      visitor_id: (await visitor.call('visitor:hello', {})).state.visitorId,
      agent_id: await server.store.value("SELECT id FROM agents WHERE email = 'owner@example.com'"),
    });
    const served = await fetch(`${server.url}/api/attachments/${sent.json.attachment.id}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf)).toBe(true);
    // Back in the queue (the agent went offline), the chat still names them, but is not theirs.
    await ownerSocket.call('status:set', { status: 'offline' });
    expect((await agentUpload(pdf, `chatId=${chatId}&name=again.pdf`, owner)).status).toBe(403);
    ownerSocket.socket.disconnect();
    visitor.socket.disconnect();
  });
});
