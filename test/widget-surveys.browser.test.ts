import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { startDemoSite } from '../server/demo-site.ts';
import { writeSettings } from '../server/store/settings.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { connectAgent, type TestClient } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';

/**
 * Surveys as a visitor meets them on a customer's site (issue 3): CSAT then CES in the chat
 * window when the agent closes the chat, and, with `npsDelayHours: 0`, the NPS card near the
 * launcher on the next page load.
 */
const distLoader = new URL('../dist/widget/loader.js', import.meta.url);
const distApp = new URL('../dist/widget/app/index.html', import.meta.url);

let server: TestServer;
let demo: { server: Server; port: number };
let demoUrl: string;
let browser: Browser;
let agent: TestClient;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(distLoader) || !existsSync(distApp)) throw new Error('the widget is not built: run npm run build');
  server = await startTestServer();
  demo = await startDemoSite(0, server.url, '127.0.0.1');
  // The server answers on 127.0.0.1; the demo as "localhost" is another site, as a customer's is.
  demoUrl = `http://localhost:${demo.port}/`;
  await writeSettings(server.store, { allowedOrigins: [`http://localhost:${demo.port}`] });
  const ownerToken = await loginToken(server.url);
  const patched = await fetch(`${server.url}/api/surveys/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
    body: JSON.stringify({ npsDelayHours: 0 }),
  });
  expect(patched.status).toBe(200);
  agent = await connectAgent(server.url, ownerToken);
  expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', locale: 'en-US' });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  agent?.close();
  demo?.server.close();
  await server?.close(true);
});

async function openDemo(): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  await page.goto(demoUrl);
  return { page, problems };
}

async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[src*="/widget/"]', { state: 'attached' });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the widget iframe has no frame');
  return frame;
}

const surveyRow = (chatId: string, kind: string) =>
  server.db.prepare('SELECT * FROM surveys WHERE chat_id = ? AND kind = ?').get(chatId, kind) as Record<string, any>;

/** The loader fades the frame in: wait until it is fully drawn before looking at it. */
const frameSettled = (page: Page) =>
  expect
    .poll(() => page.locator('parley-widget').evaluate((el) => getComputedStyle(el.shadowRoot!.querySelector('.frame')!).opacity))
    .toBe('1');

const radio = (group: Locator, n: number) => group.getByRole('radio', { name: String(n), exact: true });

describe('surveys in the widget on a customer site', () => {
  let chatId: string;

  it('a visitor finishes a chat and rates CSAT then CES in the chat window', { timeout: 90_000 }, async () => {
    const { page, problems } = await openDemo();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const chat = await widgetFrame(page);
    const box = chat.getByRole('textbox', { name: 'Message' });
    await box.waitFor({ timeout: 10_000 });
    await box.fill('Has my order #1042 shipped yet?');
    await box.press('Enter');
    await chat.getByText(/Delivered/).first().waitFor({ timeout: 10_000 });

    chatId = (server.db.prepare('SELECT id FROM chats ORDER BY started_at DESC LIMIT 1').get() as { id: string }).id;
    expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
    expect((await agent.call('message:send', { chatId, id: newId('msg_'), text: 'Yes, it left our roastery this morning.' })).ok).toBe(true);
    await chat.getByText('Yes, it left our roastery this morning.').waitFor();
    expect((await agent.call('chat:close', { chatId })).ok).toBe(true);

    const csat = chat.getByRole('group', { name: 'How satisfied are you with the support you received?' });
    await csat.waitFor({ timeout: 10_000 });
    for (let n = 1; n <= 5; n++) expect(await radio(csat, n).count()).toBe(1);
    expect(await csat.getByRole('radio').count()).toBe(5);
    // On screen in an open window: it counts as sent.
    await expect.poll(() => surveyRow(chatId, 'csat').sent_at).not.toBeNull();
    expect(surveyRow(chatId, 'ces').sent_at).toBeNull();
    await page.screenshot({ path: screenshotPath('widget-survey-csat') });

    await radio(csat, 5).check();
    await csat.getByRole('textbox', { name: 'Comment' }).fill('Quick and <b>friendly</b>');
    await csat.getByRole('button', { name: 'Submit' }).dblclick();

    const ces = chat.getByRole('group', { name: 'The company made it easy for me to handle my issue.' });
    await ces.waitFor();
    expect(await ces.getByRole('radio').count()).toBe(7);
    await chat.getByText('Your answer: 5 of 5').waitFor();
    const csatRow = surveyRow(chatId, 'csat');
    expect(csatRow).toMatchObject({ score: 5, comment: 'Quick and <b>friendly</b>', answered_via: 'widget' });
    expect(csatRow.answered_at).not.toBeNull();
    // The double click changed nothing and left no error behind.
    expect(await chat.getByRole('alert').count()).toBe(0);
    await expect.poll(() => surveyRow(chatId, 'ces').sent_at).not.toBeNull();
    await page.screenshot({ path: screenshotPath('widget-survey-ces') });

    await radio(ces, 6).check();
    await ces.getByRole('button', { name: 'Submit' }).click();
    await chat.getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor();
    const cesRow = surveyRow(chatId, 'ces');
    expect(cesRow).toMatchObject({ score: 6, comment: null, answered_via: 'widget' });
    expect(cesRow.answered_at).not.toBeNull();
    await page.screenshot({ path: screenshotPath('widget-survey-thanks') });

    // The answers were recorded once: a reload offers nothing more in the window.
    await page.reload();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const again = await widgetFrame(page);
    await again.getByText('Yes, it left our roastery this morning.').waitFor({ timeout: 10_000 });
    expect(await again.getByRole('group', { name: /How satisfied/ }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('with npsDelayHours 0 the NPS card shows near the launcher on the next page load and is answered', { timeout: 90_000 }, async () => {
    expect(surveyRow(chatId, 'nps')).toMatchObject({ sent_at: null, answered_at: null });
    const { page, problems } = await openDemo();
    const chat = await widgetFrame(page);
    const nps = chat.getByRole('group', { name: 'How likely are you to recommend Parley demo shop to a friend or colleague?' });
    await nps.waitFor({ timeout: 15_000 });
    // A card above the launcher; the chat window itself stays closed.
    expect(await page.getByRole('button', { name: 'Open chat' }).count()).toBe(1);
    await expect.poll(() => surveyRow(chatId, 'nps').sent_at).not.toBeNull();
    const frameBox = await page.locator('iframe[src*="/widget/"]').boundingBox();
    const launcherBox = await page.getByRole('button', { name: 'Open chat' }).boundingBox();
    expect(frameBox!.y + frameBox!.height).toBeLessThanOrEqual(launcherBox!.y);
    expect(frameBox!.height).toBeLessThan(460);
    for (let n = 0; n <= 10; n++) expect(await radio(nps, n).count()).toBe(1);
    await chat.getByText('What is the main reason for your score?').waitFor();
    await frameSettled(page);
    await page.screenshot({ path: screenshotPath('widget-survey-nps-card') });

    await radio(nps, 9).check();
    await nps.getByRole('textbox', { name: 'Comment' }).fill('Great beans, fast answers.');
    await page.screenshot({ path: screenshotPath('widget-survey-nps-filled') });
    await nps.getByRole('button', { name: 'Submit' }).click();
    await chat.getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor();
    await page.screenshot({ path: screenshotPath('widget-survey-nps-thanks') });
    const row = surveyRow(chatId, 'nps');
    expect(row).toMatchObject({ score: 9, comment: 'Great beans, fast answers.', answered_via: 'widget' });
    expect(row.answered_at).not.toBeNull();
    // The card goes after its thank-you, and the launcher opens the chat as before.
    await chat.getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.locator('iframe[src*="/widget/"]').isVisible()).toBe(false);
    await page.screenshot({ path: screenshotPath('widget-survey-nps-gone') });
    await page.getByRole('button', { name: 'Open chat' }).click();
    await chat.getByRole('textbox', { name: 'Message' }).waitFor();
    await frameSettled(page);
    expect(await chat.evaluate(() => document.documentElement.classList.contains('teaser'))).toBe(false);
    await page.screenshot({ path: screenshotPath('widget-survey-nps-then-chat') });

    // Shown once: the next page load has no card.
    await page.reload();
    const next = await widgetFrame(page);
    await next.getByRole('textbox', { name: 'Message' }).waitFor({ state: 'attached', timeout: 10_000 });
    await page.waitForTimeout(1000);
    expect(await next.getByRole('group').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('on a phone: skipping the surveys in the window, then the NPS card, leaves them skipped', { timeout: 90_000 }, async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    try {
      const page = await phone.newPage();
      await page.goto(demoUrl);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const chat = await widgetFrame(page);
      const box = chat.getByRole('textbox', { name: 'Message' });
      await box.waitFor({ timeout: 10_000 });
      await box.fill('Do you grind the beans for me?');
      await box.press('Enter');
      await chat.getByText(/Delivered/).first().waitFor({ timeout: 10_000 });
      const phoneChat = (server.db.prepare('SELECT id FROM chats ORDER BY started_at DESC LIMIT 1').get() as { id: string }).id;
      expect(phoneChat).not.toBe(chatId);
      await agent.call('chat:accept', { chatId: phoneChat });
      await agent.call('message:send', { chatId: phoneChat, id: newId('msg_'), text: 'We can, for any brewer you use.' });
      await agent.call('chat:close', { chatId: phoneChat });

      const csat = chat.getByRole('group', { name: /How satisfied/ });
      await csat.waitFor({ timeout: 10_000 });
      await page.screenshot({ path: screenshotPath('widget-survey-phone-csat') });
      await csat.getByRole('button', { name: 'Skip' }).click();
      await chat.getByRole('group', { name: /made it easy/ }).getByRole('button', { name: 'Skip' }).click();
      await expect.poll(() => chat.getByRole('group').count()).toBe(0);
      await expect.poll(() => surveyRow(phoneChat, 'ces').skipped_at).not.toBeNull();
      expect(surveyRow(phoneChat, 'csat')).toMatchObject({ score: null, answered_at: null });

      await page.reload();
      const card = await widgetFrame(page);
      const nps = card.getByRole('group', { name: /How likely are you to recommend/ });
      await nps.waitFor({ timeout: 15_000 });
      const frameBox = (await page.locator('iframe[src*="/widget/"]').boundingBox())!;
      expect(frameBox.x).toBeGreaterThanOrEqual(0);
      expect(frameBox.x + frameBox.width).toBeLessThanOrEqual(390);
      await frameSettled(page);
      await page.screenshot({ path: screenshotPath('widget-survey-phone-nps') });
      await nps.getByRole('button', { name: 'Skip' }).click();
      await expect.poll(() => page.locator('iframe[src*="/widget/"]').isVisible()).toBe(false);
      await expect.poll(() => surveyRow(phoneChat, 'nps').skipped_at).not.toBeNull();
      expect(surveyRow(phoneChat, 'nps')).toMatchObject({ score: null, answered_at: null });
      expect(surveyRow(phoneChat, 'nps').sent_at).not.toBeNull();
    } finally {
      await phone.close();
    }
  });
});
