import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import type { AgentClientToServer, AgentServerToClient, ChatSummary } from '../shared/protocol.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

/** An agent writes while the visitor looks elsewhere: badge, chime (unless muted), flashing title. */
type AgentSocket = Socket<AgentServerToClient, AgentClientToServer>;

let server: TestServer;
let site: TestSite;
let browser: Browser;

beforeAll(async () => {
  requireBuiltWidget();
  server = await startTestServer();
  site = await startSite();
  site.page('*', sitePage({ server: server.url, title: 'Kettle & Co.' }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close(true);
});

/**
 * In every frame: count the chime's notes, and let the test hide the tab (headless Chromium
 * keeps every page visible) by overriding the visibility the widget reads.
 */
async function visitorContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await context.addInitScript(() => {
    const w = window as any;
    w.chimeNotes = 0;
    const create = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.chimeNotes++;
      return create.call(this);
    };
    let hidden = false;
    Object.defineProperty(Document.prototype, 'visibilityState', { get: () => (hidden ? 'hidden' : 'visible'), configurable: true });
    Object.defineProperty(Document.prototype, 'hidden', { get: () => hidden, configurable: true });
    w.setTabHidden = (value: boolean) => {
      hidden = value;
      document.dispatchEvent(new Event('visibilitychange'));
    };
  });
  return context;
}

const widgetFrame = (page: Page): Frame => page.frames().find((f) => f.url().includes('/widget/'))!;
const chimeNotes = (page: Page) => widgetFrame(page).evaluate(() => (window as any).chimeNotes as number);

async function agentOnline(): Promise<AgentSocket> {
  const socket: AgentSocket = io(`${server.url}/agent`, { auth: { token: await loginToken(server.url) }, transports: ['websocket'], forceNew: true });
  await socket.timeout(5000).emitWithAck('agent:hello', {});
  await socket.timeout(5000).emitWithAck('status:set', { status: 'online' });
  return socket;
}

describe('getting the visitor back', () => {
  it('badge and chime while the window is closed; the title flashes while the tab is hidden; mute is kept', async () => {
    const agent = await agentOnline();
    const context = await visitorContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/`);
      await widgetReady(page);
      const launcher = page.locator('parley-widget .launcher');
      const queued = new Promise<ChatSummary>((resolve) => agent.on('chat:upsert', (c) => c.status === 'queued' && resolve(c)));
      await launcher.click();
      const box = chatFrame(page).getByRole('textbox', { name: 'Message' });
      await box.fill('Do you have decaf?');
      await box.press('Enter');
      const chat = await queued;
      await agent.timeout(5000).emitWithAck('chat:accept', { chatId: chat.id });
      const reply = (text: string) => agent.timeout(5000).emitWithAck('message:send', { chatId: chat.id, id: newId('msg_'), text });

      // Closed window: the launcher counts, and a chime plays.
      await launcher.click();
      await reply('Yes: a Colombian decaf.');
      await expect.poll(() => page.locator('parley-widget .badge').textContent()).toBe('1');
      await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Open chat, 1 unread message');
      await expect.poll(() => chimeNotes(page)).toBe(2);
      expect(await page.title()).toBe('Kettle & Co.');

      // Hidden tab: the title flashes until the visitor comes back.
      await widgetFrame(page).evaluate(() => (window as any).setTabHidden(true));
      await reply('Shall I reserve a bag?');
      const titles = new Set<string>();
      await expect
        .poll(async () => {
          titles.add(await page.title());
          return titles.has('(1) New message') && titles.has('Kettle & Co.');
        }, { timeout: 5000, interval: 200 })
        .toBe(true);
      await reply('It goes fast.');
      await expect.poll(() => page.title(), { timeout: 5000, interval: 200 }).toBe('(2) New message');
      await page.screenshot({ path: screenshotPath('widget-unread-flash') });
      await widgetFrame(page).evaluate(() => (window as any).setTabHidden(false));
      await expect.poll(() => page.title()).toBe('Kettle & Co.');
      await page.waitForTimeout(1500);
      expect(await page.title()).toBe('Kettle & Co.');
      expect(await chimeNotes(page)).toBe(6);

      // Muted: no more chimes, on this page or after a reload.
      await launcher.click();
      const mute = chatFrame(page).getByRole('button', { name: 'Mute sounds' });
      await mute.click();
      expect(await mute.getAttribute('aria-pressed')).toBe('true');
      await launcher.click();
      await reply('Anything else?');
      // Opening the window read the earlier ones.
      await expect.poll(() => page.locator('parley-widget .badge').textContent()).toBe('1');
      await page.waitForTimeout(300);
      expect(await chimeNotes(page)).toBe(6);
      await page.reload();
      await widgetReady(page);
      await launcher.click();
      expect(await chatFrame(page).getByRole('button', { name: 'Mute sounds' }).getAttribute('aria-pressed')).toBe('true');
    } finally {
      agent.disconnect();
      await context.close();
    }
  });
});
