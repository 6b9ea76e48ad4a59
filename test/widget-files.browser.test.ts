import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClientToServer, AgentServerToClient, MessageView } from '../shared/protocol.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';
import { assertConsoleBuilt, ConsoleBrowserKit, poll } from './console-browser-kit.ts';

/** A visitor sends a photo and a PDF from the widget; a file that only claims to be one is refused. */
let server: TestServer;
let site: TestSite;
let browser: Browser;

// A real 2×2 PNG (red pixels), and a minimal PDF.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

beforeAll(async () => {
  requireBuiltWidget();
  assertConsoleBuilt();
  server = await startTestServer();
  site = await startSite();
  site.page('*', sitePage({ server: server.url }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close(true);
});

describe('files in the chat', () => {
  it('a photo and a PDF reach the agent as messages with their address; the window shows them', async () => {
    const agent: Socket<AgentServerToClient, AgentClientToServer> = io(`${server.url}/agent`, {
      auth: { token: await loginToken(server.url) },
      transports: ['websocket'],
      forceNew: true,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    try {
      await agent.timeout(5000).emitWithAck('agent:hello', {});
      await agent.timeout(5000).emitWithAck('status:set', { status: 'online' });
      const received: MessageView[] = [];
      agent.on('message:new', (m) => received.push(m));
      const page = await context.newPage();
      await page.goto(site.url);
      await widgetReady(page);
      await page.locator('parley-widget .launcher').click();
      const chat = chatFrame(page);
      await chat.getByRole('textbox', { name: 'Message' }).waitFor();
      expect(await chat.getByRole('button', { name: 'Attach a file' }).isVisible()).toBe(true);

      await chat.locator('input[type=file]').setInputFiles({ name: 'red boots.png', mimeType: 'image/png', buffer: png });
      const photo = chat.getByRole('link', { name: 'red boots.png PNG, 1 KB' }).locator('img');
      await photo.waitFor();
      await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
      await chat.locator('input[type=file]').setInputFiles({ name: 'order 1042.pdf', mimeType: 'application/pdf', buffer: pdf });
      await chat.getByRole('link', { name: 'order 1042.pdf PDF, 1 KB' }).waitFor();
      await page.screenshot({ path: screenshotPath('widget-files') });

      // A chat was started by the first file; the agent takes it and gets both, as text with the address.
      const chatId = server.db.prepare('SELECT id FROM chats ORDER BY started_at DESC LIMIT 1').pluck().get() as string;
      await agent.timeout(5000).emitWithAck('chat:accept', { chatId });
      const opened = await agent.timeout(5000).emitWithAck('chat:open', { chatId });
      if (!opened.ok) throw new Error(opened.error);
      const texts = opened.chat.messages.filter((m: MessageView) => m.author === 'visitor').map((m: MessageView) => m.text);
      expect(texts).toEqual([
        expect.stringMatching(new RegExp(`^📎 red boots\\.png — PNG, 1 KB\\n${server.url}/api/attachments/att_[0-9a-f]{32}$`)),
        expect.stringMatching(new RegExp(`^📎 order 1042\\.pdf — PDF, 1 KB\\n${server.url}/api/attachments/att_[0-9a-f]{32}$`)),
      ]);
      const pdfRes = await fetch(texts[1]!.split('\n')[1]!);
      expect(pdfRes.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''order%201042.pdf");
      expect(Buffer.from(await pdfRes.arrayBuffer()).equals(pdf)).toBe(true);

      // A page saved as photo.png is not an image: refused, explained, nothing sent.
      await chat.locator('input[type=file]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
      await chat.getByRole('alert').getByText('Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.').waitFor();
      expect(server.db.prepare('SELECT count(*) FROM attachments').pluck().get()).toBe(2);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });

  it('an agent sends a photo and a PDF from the console; the visitor sees the picture and the file', async () => {
    const kit = new ConsoleBrowserKit(() => browser);
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const console_ = await kit.newPage();
    try {
      await kit.signIn(console_, server.url);
      const page = await visitorContext.newPage();
      await page.goto(site.url);
      await widgetReady(page);
      await page.locator('parley-widget .launcher').click();
      const chat = chatFrame(page);
      await chat.getByRole('textbox', { name: 'Message' }).fill('Can you send me a picture of the blue kettle?');
      await chat.getByRole('textbox', { name: 'Message' }).press('Enter');

      await console_.keyboard.press('Alt+A');
      await console_.getByRole('textbox', { name: 'Reply' }).waitFor();
      await console_.locator('.reply input[type=file]').setInputFiles({ name: 'blue kettle.png', mimeType: 'image/png', buffer: png });
      const inConsole = console_.getByRole('link', { name: /blue kettle\.png · PNG, 1 KB/ }).locator('img');
      await poll(() => inConsole.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
      // In the window: the picture, and (it loads after its message) the newest line still in sight.
      const photo = chat.getByRole('link', { name: 'blue kettle.png PNG, 1 KB' }).locator('img');
      await poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
      await poll(() => chat.locator('.scroller').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)).toBeLessThan(2);
      await console_.locator('.reply input[type=file]').setInputFiles({ name: 'manual.pdf', mimeType: 'application/pdf', buffer: pdf });
      await console_.getByRole('link', { name: /manual\.pdf · PDF, 1 KB/ }).waitFor();
      // Not an image or a PDF: refused, said, nothing sent.
      await console_.locator('.reply input[type=file]').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload="alert(1)"/>') });
      await console_.getByRole('alert').getByText('Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.').waitFor();
      await console_.screenshot({ path: screenshotPath('console-agent-files') });

      await chat.getByRole('link', { name: 'manual.pdf PDF, 1 KB' }).waitFor();
      await page.screenshot({ path: screenshotPath('widget-agent-files') });
      const stored = server.db.prepare('SELECT name, agent_id IS NOT NULL AS byAgent FROM attachments WHERE agent_id IS NOT NULL ORDER BY created_at').all();
      expect(stored).toEqual([
        { name: 'blue kettle.png', byAgent: 1 },
        { name: 'manual.pdf', byAgent: 1 },
      ]);
      expect(kit.finish()).toEqual([]);
    } finally {
      await console_.context().close();
      await visitorContext.close();
    }
  });
});
