import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { connectAgent, createAgentAccount } from './helpers/clients.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

/** Small screens: the window takes the whole visible area, and gives it back on Minimize. */
let server: TestServer;
let site: TestSite;
let browser: Browser;

const longPage = Array.from({ length: 30 }, (_, i) => `<p>Paragraph ${i + 1} of a long product page.</p>`).join('');

beforeAll(async () => {
  requireBuiltWidget();
  server = await startTestServer();
  site = await startSite();
  site.page('*', sitePage({ server: server.url, title: 'Phone shop', body: longPage }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close(true);
});

// Device pixel ratio 1: at 2, Playwright sometimes maps points inside a cross-site frame at
// half scale (its check before a tap then finds the title instead of Minimize). The layout
// checked here is the same at any ratio; the screenshots are just smaller.
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, reducedMotion: 'reduce' as const };

async function openWindow(page: Page): Promise<void> {
  await page.locator('parley-widget .launcher').tap();
  await chatFrame(page).getByRole('heading', { name: 'Leave us a message' }).waitFor();
}

async function frameBox(page: Page) {
  return page.locator('parley-widget .frame').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
}

describe('the widget on a phone', () => {
  it('opens full screen over the page, hides the launcher, and Minimize brings the page back', async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(site.url);
    await widgetReady(page);
    const launcher = page.locator('parley-widget .launcher');
    const closed = await launcher.boundingBox();
    expect(closed).toMatchObject({ x: 390 - 20 - 56, y: 844 - 20 - 56, width: 56, height: 56 });
    await page.screenshot({ path: screenshotPath('widget-phone-launcher') });

    await openWindow(page);
    const chat = chatFrame(page);
    await page.waitForTimeout(300);
    expect(await frameBox(page)).toEqual({ left: 0, top: 0, width: 390, height: 844 });
    expect(await launcher.isVisible()).toBe(false);
    // 16px fields: the browser doesn't zoom the page in when one gets the focus.
    expect(await chat.getByLabel('Name').evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    await page.screenshot({ path: screenshotPath('widget-phone-open') });

    await chat.getByRole('button', { name: 'Minimize' }).tap();
    await expect.poll(() => launcher.isVisible()).toBe(true);
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    await context.close();
  });

  it('follows the visual viewport, as when the on-screen keyboard takes the bottom of the screen', async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await page.goto(site.url);
    await widgetReady(page);
    await openWindow(page);
    // Zooming in shrinks the visual viewport the way a keyboard does; the window stays on it.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
    const visual = await page.evaluate(() => ({ top: visualViewport!.offsetTop, height: visualViewport!.height }));
    expect(visual.height).toBeLessThan(500);
    await expect.poll(async () => {
      const box = await frameBox(page);
      return { top: Math.round(box.top), height: Math.round(box.height) };
    }).toEqual({ top: Math.round(visual.top), height: Math.round(visual.height) });
    await context.close();
  });

  it('a phone held sideways gets the full-screen window too; a tablet gets the corner window', async () => {
    const landscape = await browser.newContext({ ...phone, viewport: { width: 844, height: 390 } });
    const page = await landscape.newPage();
    await page.goto(site.url);
    await widgetReady(page);
    await openWindow(page);
    await page.waitForTimeout(300);
    expect(await frameBox(page)).toEqual({ left: 0, top: 0, width: 844, height: 390 });
    await page.screenshot({ path: screenshotPath('widget-phone-landscape') });
    await landscape.close();

    const tablet = await browser.newContext({ ...phone, viewport: { width: 768, height: 1024 } });
    const tabletPage = await tablet.newPage();
    await tabletPage.goto(site.url);
    await widgetReady(tabletPage);
    await openWindow(tabletPage);
    expect(await frameBox(tabletPage)).toEqual({ left: 768 - 20 - 370, top: 1024 - 88 - 560, width: 370, height: 560 });
    expect(await tabletPage.locator('parley-widget .launcher').isVisible()).toBe(true);
    await tablet.close();
  });

  it('the header shows the site and the agent whole beside End chat: in Russian on a phone, in English in the corner', async () => {
    const token = await createAgentAccount(server.url, server.store, { name: 'Anna Petrova', email: 'anna@example.com' });
    const agent = await connectAgent(server.url, token);
    await agent.call('agent:hello', {});
    await agent.call('status:set', { status: 'online' });
    site.page('/ru', sitePage({ server: server.url, title: 'Phone shop', before: "Parley('locale', 'ru');" }));
    // Cut text (an ellipsis) is wider than its box.
    const whole = (text: Locator) => text.evaluate((el) => el.scrollWidth <= el.clientWidth);
    const accepted = new Set<string>();

    async function chatWithAnna(name: string, options: BrowserContextOptions, path: string, words: { message: string; agent: string; end: string; spelledOut?: boolean }) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      await page.goto(`${site.url}${path}`);
      await widgetReady(page);
      const launcher = page.locator('parley-widget .launcher');
      await (options.hasTouch ? launcher.tap() : launcher.click());
      const chat = chatFrame(page);
      const box = chat.getByRole('textbox', { name: words.message });
      await box.fill('Do you ship to Sofia?');
      await box.press('Enter');
      const queued = await agent.waitFor('chat:upsert', (c) => c.status === 'queued' && !accepted.has(c.id));
      accepted.add(queued.id);
      await agent.call('chat:accept', { chatId: queued.id });
      const header = chat.locator('header');
      await header.getByText(words.agent).waitFor();
      const end = header.getByRole('button', { name: words.end });
      await end.waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: screenshotPath(name) });
      expect(await header.getByRole('heading', { name: 'Parley demo shop' }).count()).toBe(1);
      expect({ site: await whole(header.locator('h1')), agent: await whole(header.getByText(words.agent)) }).toEqual({ site: true, agent: true });
      // Nothing in the header is pushed out of the window either.
      const [window, button] = [await chat.locator('.window').boundingBox(), await end.boundingBox()];
      expect(button!.x + button!.width).toBeLessThanOrEqual(window!.x + window!.width);
      // The button shows its words where there is room, else its icon alone (a circle).
      expect(button!.width > 2 * button!.height).toBe(!!words.spelledOut);
      await context.close();
    }

    try {
      await chatWithAnna('widget-phone-header-ru', phone, '/ru', { message: 'Сообщение', agent: 'Оператор: Anna Petrova', end: 'Завершить чат' });
      await chatWithAnna('widget-header-en', { viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' }, '/', {
        message: 'Message',
        agent: 'Chatting with Anna Petrova',
        end: 'End chat',
      });
      // A wide window (a phone held sideways) has room for End chat's words too.
      await chatWithAnna('widget-phone-header-landscape', { ...phone, viewport: { width: 844, height: 390 } }, '/ru', {
        message: 'Сообщение',
        agent: 'Оператор: Anna Petrova',
        end: 'Завершить чат',
        spelledOut: true,
      });
    } finally {
      await agent.call('status:set', { status: 'offline' });
      agent.close();
    }
  });
});
