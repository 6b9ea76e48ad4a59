import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import type { Server } from 'node:http';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startDemoSite } from '../../server/demo-site.ts';
import { writeSettings } from '../../server/store/settings.ts';

/**
 * The product as its users meet it: the demo site on its own origin carrying only the script
 * tag, and the console in a second browser context.
 */
let server: TestServer;
let demo: { server: Server; port: number };
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  demo = await startDemoSite(0, server.url, '127.0.0.1');
  // The demo origin is the only site allowed to embed the widget, as a real deployment sets it.
  await writeSettings(server.store, { allowedOrigins: [`http://localhost:${demo.port}`] });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  demo?.server.close();
  await server?.close(true);
});

async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[src*="/widget/"]', { state: 'attached' });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the widget iframe has no frame');
  return frame;
}

describe('the product end to end', () => {
  it('launcher → message → accept → reply arrives → close', async () => {
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const consolePage = await agentContext.newPage();
    await consolePage.goto(`${server.url}/console/`);
    await consolePage.getByLabel('Email').fill('owner@example.com');
    await consolePage.getByLabel('Password').fill('owner-password');
    await consolePage.getByRole('button', { name: 'Sign in' }).click();
    await consolePage.getByLabel('Status').selectOption({ label: 'Online' });

    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const site = await visitorContext.newPage();
    await site.goto(`http://localhost:${demo.port}/`);
    const launcher = site.getByRole('button', { name: 'Open chat' });
    await launcher.click();
    await expect.poll(() => site.getByRole('button', { name: 'Close chat' }).count()).toBeGreaterThan(0);
    const frame = await widgetFrame(site);
    const messageBox = frame.getByLabel('Message');
    await messageBox.fill('Hi! Does the <b>Ethiopia</b> roast come in 1 kg bags?');
    await messageBox.press('Enter');
    await frame.getByText('Hi! Does the <b>Ethiopia</b> roast come in 1 kg bags?').waitFor();
    await frame.getByText(/Delivered/i).first().waitFor();

    await consolePage.getByRole('button', { name: 'Accept' }).first().click();
    await consolePage.getByText('Hi! Does the <b>Ethiopia</b> roast come in 1 kg bags?').first().waitFor();
    const reply = consolePage.getByLabel('Reply');
    await reply.fill('Yes, 250 g and 1 kg. Shall I reserve one for you?');
    await consolePage.getByRole('button', { name: 'Send', exact: true }).click();

    await frame.getByText('Yes, 250 g and 1 kg. Shall I reserve one for you?').waitFor();
    await site.screenshot({ path: screenshotPath('e2e-visitor-chat') });
    await consolePage.screenshot({ path: screenshotPath('e2e-console-chat') });

    await consolePage.getByRole('button', { name: 'Close chat' }).click();
    await expect
      .poll(() => server.db.prepare('SELECT closed_by FROM chats').pluck().get())
      .toBe('agent');
    await site.screenshot({ path: screenshotPath('e2e-visitor-closed') });

    const stored = server.db.prepare('SELECT author, text FROM messages WHERE author != ? ORDER BY seq').all('system');
    expect(stored).toEqual([
      { author: 'visitor', text: 'Hi! Does the <b>Ethiopia</b> roast come in 1 kg bags?' },
      { author: 'agent', text: 'Yes, 250 g and 1 kg. Shall I reserve one for you?' },
    ]);
    await agentContext.close();
    await visitorContext.close();
  });
});
