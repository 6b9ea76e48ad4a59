import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import type { AgentClientToServer, AgentServerToClient, ChatSummary } from '../shared/protocol.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';

type AgentSocket = Socket<AgentServerToClient, AgentClientToServer>;

const distLoader = new URL('../dist/widget/loader.js', import.meta.url);
const distApp = new URL('../dist/widget/app/index.html', import.meta.url);
const demoHtml = readFileSync(new URL('../demo/index.html', import.meta.url), 'utf8');

let server: TestServer;
let demo: Server;
/** The demo shop on its own port and host name: another site, as a customer's would be. */
let demoUrl: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(distLoader) || !existsSync(distApp)) throw new Error('the widget is not built: run npm run build');
  server = await startTestServer();
  const page = demoHtml.replaceAll('{{PUBLIC_URL}}', server.url);
  demo = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  await new Promise<void>((resolve) => demo.listen(0, '127.0.0.1', resolve));
  // The server listens on 127.0.0.1; reaching the demo as "localhost" makes it a different site.
  demoUrl = `http://localhost:${(demo.address() as AddressInfo).port}/`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => demo?.close(resolve));
  await server?.close(true);
});

async function agentOnline(): Promise<{ socket: AgentSocket; name: string }> {
  const token = await loginToken(server.url);
  const socket: AgentSocket = io(`${server.url}/agent`, { auth: { token }, transports: ['websocket'] });
  const hello = await socket.timeout(5000).emitWithAck('agent:hello', {});
  if (!hello.ok) throw new Error(hello.error);
  const status = await socket.timeout(5000).emitWithAck('status:set', { status: 'online' });
  if (!status.ok) throw new Error(status.error);
  return { socket, name: hello.inbox.me.name };
}

async function openDemo(context: BrowserContext): Promise<{ page: Page; chat: FrameLocator }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto(demoUrl);
  await page.getByRole('button', { name: 'Open chat' }).click();
  await expect.poll(() => page.getByRole('button', { name: 'Close chat' }).count()).toBe(1);
  expect(problems).toEqual([]);
  return { page, chat: page.frameLocator('iframe[title="Chat window"]') };
}

async function waitForText(chat: FrameLocator, text: string | RegExp): Promise<void> {
  await chat.getByText(text).first().waitFor({ state: 'visible', timeout: 10_000 });
}

describe('the widget on a customer site', () => {
  it('offers the offline form when no agent is online', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const { page, chat } = await openDemo(context);
    await chat.getByRole('button', { name: 'Send message' }).waitFor({ timeout: 10_000 });
    // The window was opened before its form existed: the cursor still lands in the first field.
    await expect.poll(() => chat.getByLabel('Name').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.screenshot({ path: screenshotPath('widget-offline-form') });

    await chat.getByLabel('Name').fill('Jo Visitor');
    await chat.getByLabel('Email').fill('jo@example.com');
    await chat.getByLabel('Message').fill('Do you sell decaf?');
    await chat.getByRole('button', { name: 'Send message' }).click();
    await waitForText(chat, /Thanks! We got your message/);
    await waitForText(chat, 'Do you sell decaf?');
    await page.screenshot({ path: screenshotPath('widget-offline-sent') });

    const row = server.db.prepare("SELECT channel FROM chats ORDER BY started_at DESC LIMIT 1").get() as { channel: string };
    expect(row.channel).toBe('offline');
    await context.close();
  });

  it('chats with an agent: sending → delivered, queue, agent joins, typing, reply, reload, end', { timeout: 90_000 }, async () => {
    const agent = await agentOnline();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      await page.goto(demoUrl);
      const launcher = page.getByRole('button', { name: 'Open chat' });
      await launcher.waitFor();
      await page.screenshot({ path: screenshotPath('widget-launcher') });
      await launcher.click();
      const chat = page.frameLocator('iframe[title="Chat window"]');
      const box = chat.getByRole('textbox', { name: 'Message' });
      await box.waitFor({ timeout: 10_000 });
      // Opening puts the cursor in the message box: the visitor can type at once.
      await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.screenshot({ path: screenshotPath('widget-open') });

      const queued = new Promise<ChatSummary>((resolve) => {
        agent.socket.on('chat:upsert', (c) => c.status === 'queued' && resolve(c));
      });
      await page.keyboard.type('Hi! Do you ship to Norway? <script>alert(1)</script>');
      await page.keyboard.press('Enter');
      await waitForText(chat, /Delivered/);
      // The offline chat of the test before waits for an answer too, but holds no place in line.
      await waitForText(chat, 'Waiting for an agent — you are number 1 in line');
      await expect.poll(() => chat.locator('.log script').count()).toBe(0);
      await page.screenshot({ path: screenshotPath('widget-delivered-queued') });

      const { id: chatId } = await queued;
      const accepted = await agent.socket.timeout(5000).emitWithAck('chat:accept', { chatId });
      expect(accepted.ok).toBe(true);
      await waitForText(chat, `${agent.name} joined the chat`);
      agent.socket.emit('typing:set', { chatId, typing: true });
      await waitForText(chat, `${agent.name} is typing…`);
      await page.screenshot({ path: screenshotPath('widget-agent-typing') });
      const reply = await agent.socket
        .timeout(5000)
        .emitWithAck('message:send', { chatId, id: newId('msg_'), text: 'Yes, we ship to Norway: 3–5 working days.' });
      expect(reply.ok).toBe(true);
      await waitForText(chat, 'Yes, we ship to Norway: 3–5 working days.');
      await expect.poll(() => chat.getByText(`${agent.name} is typing…`).count()).toBe(0);
      await page.screenshot({ path: screenshotPath('widget-agent-replied') });

      // Esc in the window closes it and gives focus back to the launcher.
      await box.press('Escape');
      await page.getByRole('button', { name: 'Open chat' }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('PARLEY-WIDGET');

      // A reply while closed shows on the launcher.
      await agent.socket.timeout(5000).emitWithAck('message:send', { chatId, id: newId('msg_'), text: 'Anything else?' });
      await expect.poll(() => page.locator('parley-widget .badge').textContent()).toBe('1');
      await page.screenshot({ path: screenshotPath('widget-unread-badge') });

      // A reload continues the same conversation.
      await page.reload();
      await page.getByRole('button', { name: 'Open chat' }).click();
      await waitForText(chat, 'Hi! Do you ship to Norway? <script>alert(1)</script>');
      await waitForText(chat, 'Anything else?');
      await page.screenshot({ path: screenshotPath('widget-after-reload') });

      // So does a second tab, and what one tab sends shows in the other.
      const second = await openDemo(context);
      await waitForText(second.chat, 'Anything else?');
      await second.chat.getByRole('textbox', { name: 'Message' }).fill('No, thanks!');
      await second.chat.getByRole('textbox', { name: 'Message' }).press('Enter');
      await waitForText(chat, 'No, thanks!');
      await second.page.close();

      await chat.getByRole('button', { name: 'End chat' }).click();
      await waitForText(chat, /This chat has ended/);
      await page.screenshot({ path: screenshotPath('widget-ended') });
      const closed = server.db.prepare('SELECT closed_at FROM chats WHERE id = ?').get(chatId) as { closed_at: number | null };
      expect(closed.closed_at).not.toBeNull();
    } finally {
      agent.socket.disconnect();
      await context.close();
    }
  });
});
