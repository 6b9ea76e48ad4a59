import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { distDir } from '../server/app.ts';
import { newId } from '../shared/ids.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { connectVisitor, type TestClient } from './helpers/clients.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

// The agent console as built by `npm run build`, driven in Chromium against a real server,
// with socket.io-client visitors on the other side.

/** Waits for a value; the default second of expect.poll is short for a busy CI machine. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

let browser: Browser;
let server: TestServer | undefined;
const visitors: TestClient[] = [];

beforeAll(async () => {
  if (!existsSync(join(distDir, 'console', 'index.html'))) {
    throw new Error('The console is not built: run `npm run build` before the browser tests');
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  expect(pageErrors.splice(0)).toEqual([]);
  for (const v of visitors.splice(0)) v.close();
  await server?.close(true);
  server = undefined;
});

async function visitorSays(url: string, text: string, hello: Record<string, unknown> = {}) {
  const visitor = await connectVisitor(url);
  visitors.push(visitor);
  const greeted = await visitor.call('visitor:hello', hello);
  expect(greeted.ok).toBe(true);
  const sent = await visitor.call('message:send', { id: newId('m_'), text });
  expect(sent.ok).toBe(true);
  return Object.assign(visitor, { chatId: sent.message.chatId as string });
}

async function signIn(page: Page, url: string, password = 'owner-password') {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Email').fill('owner@example.com');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Uncaught errors in the console's page fail the test that caused them. */
const pageErrors: string[] = [];

async function newConsolePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 820 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) pageErrors.push(msg.text());
  });
  return page;
}

describe('agent console in Chromium', () => {
  it('signs in, accepts a waiting chat, replies, sees the visitor typing, closes the chat', async () => {
    server = await startTestServer();
    const page = await newConsolePage();

    await signIn(page, server.url, 'not-the-password');
    await poll(() => page.getByRole('alert').textContent()).toBe('Wrong email or password.');
    await page.screenshot({ path: screenshotPath('console-sign-in-error') });

    await signIn(page, server.url);
    const status = page.getByRole('combobox', { name: 'Status' });
    await status.waitFor();
    await status.selectOption({ label: 'Online' });
    await poll(() => status.inputValue()).toBe('online');

    const visitor = await visitorSays(server.url, 'Hi! Is the <b>blue</b> kettle back in stock?', {
      locale: 'de-DE',
      timeZone: 'Europe/Berlin',
      page: { url: 'https://shop.example/kettles/blue', title: 'Blue kettle' },
    });
    const waiting = page.getByRole('list', { name: /Queue/ }).getByRole('listitem');
    await waiting.first().waitFor();
    await poll(() => waiting.first().textContent()).toContain('Is the <b>blue</b> kettle back in stock?');
    expect(await waiting.first().textContent()).toMatch(/waiting \d+s/);
    await page.screenshot({ path: screenshotPath('console-queue') });

    await waiting.first().getByRole('button', { name: 'Accept' }).click();
    const log = page.getByRole('log');
    await poll(() => log.textContent()).toContain('Is the <b>blue</b> kettle back in stock?');
    expect(await page.locator('.message-text b').count()).toBe(0);
    await poll(() => page.getByRole('complementary', { name: 'Visitor' }).textContent()).toContain(
      'https://shop.example/kettles/blue',
    );
    const assigned = await visitor.waitFor('chat:update', (c) => c.id === visitor.chatId && c.status === 'active');
    expect(assigned.agent.name).toBeTruthy();

    visitor.socket.emit('typing:set', { typing: true });
    await page.getByText(/is typing…/).waitFor();

    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.fill('Hello! Yes, it came back this morning.');
    await reply.press('Shift+Enter');
    await reply.pressSequentially('Shall I reserve one?');
    await reply.press('Enter');
    const answer = await visitor.waitFor('message:new', (m) => m.author === 'agent');
    expect(answer.text).toBe('Hello! Yes, it came back this morning.\nShall I reserve one?');
    await log.getByText('Sent').waitFor();
    expect(await reply.inputValue()).toBe('');

    await visitor.call('message:send', { id: newId('m_'), text: 'Yes please, thank you!' });
    await log.getByText('Yes please, thank you!').waitFor();
    await page.screenshot({ path: screenshotPath('console-chat') });

    await page.getByRole('button', { name: 'Close chat' }).click();
    await visitor.waitFor('chat:update', (c) => c.id === visitor.chatId && c.status === 'closed');
    await page.getByText('This chat is closed.').waitFor();
    expect(await page.getByRole('list', { name: /My chats/ }).count()).toBe(0);
    await page.getByRole('list', { name: /Recently closed/ }).getByRole('listitem').first().waitFor();
    await page.screenshot({ path: screenshotPath('console-closed') });

    // A small laptop or a tablet held upright: nothing runs off the side, in English or Russian.
    await page.setViewportSize({ width: 800, height: 700 });
    for (const language of ['English', 'Русский']) {
      await page.getByRole('combobox', { name: /Language|Язык/ }).selectOption({ label: language });
      const overflow = await page.evaluate(() => ({
        page: document.scrollingElement!.scrollWidth - innerWidth,
        topBar: document.querySelector('.top-bar')!.scrollWidth - document.querySelector('.top-bar')!.clientWidth,
      }));
      expect(overflow, language).toEqual({ page: 0, topBar: 0 });
    }
    await page.screenshot({ path: screenshotPath('console-narrow-ru') });
    // A waiting chat's name and words end before its Accept button.
    const waitingNow = await visitorSays(server.url, 'Здравствуйте, подскажите, пожалуйста, есть ли у вас зелёный чайник?');
    const item = page.getByRole('list', { name: /Очередь/ }).getByRole('listitem').first();
    await item.waitFor();
    const edges = await item.evaluate((li) => ({
      text: Math.max(...[...li.querySelectorAll('.chat-item-body *')].map((el) => el.getBoundingClientRect().right)),
      body: li.querySelector('.chat-item-body')!.getBoundingClientRect().right,
      accept: li.querySelector('.button')!.getBoundingClientRect().left,
    }));
    expect(edges.text).toBeLessThanOrEqual(edges.body + 0.5);
    expect(edges.body).toBeLessThanOrEqual(edges.accept);
    waitingNow.close();
    // The settings cards stay inside the window too.
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.locator('.settings-section').first().waitFor();
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth - innerWidth)).toBe(0);
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll('.settings-section')].filter((el) => el.getBoundingClientRect().right > innerWidth).length,
    );
    expect(outside).toBe(0);
    await page.screenshot({ path: screenshotPath('console-narrow-ru-settings') });
    await page.context().close();
  });

  it('counts unread messages per chat and in the title, and answers an offline-form chat', async () => {
    server = await startTestServer();
    const page = await newConsolePage();
    await signIn(page, server.url);
    const status = page.getByRole('combobox', { name: 'Status' });
    await status.waitFor();
    await status.selectOption({ label: 'Online' });

    const first = await visitorSays(server.url, 'First question');
    const second = await visitorSays(server.url, 'Second question');
    const queue = page.getByRole('list', { name: /Queue/ });
    await poll(() => queue.getByRole('listitem').count()).toBe(2);
    await queue.getByRole('listitem').nth(0).getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('textbox', { name: 'Reply' }).waitFor();
    await queue.getByRole('listitem').nth(0).getByRole('button', { name: 'Accept' }).click();
    await poll(() => page.getByRole('list', { name: /My chats/ }).getByRole('listitem').count()).toBe(2);

    // The second chat is on screen: messages in the first one are unread.
    await first.call('message:send', { id: newId('m_'), text: 'Hello again?' });
    await first.call('message:send', { id: newId('m_'), text: 'Anyone?' });
    await poll(() => page.title()).toBe('(2) Parley');
    const mine = page.getByRole('list', { name: /My chats/ });
    const unreadItem = mine.getByRole('button', { name: /2 unread/ });
    await unreadItem.waitFor();

    const draft = page.getByRole('textbox', { name: 'Reply' });
    await draft.fill('Half-written answer for the second visitor');
    await unreadItem.click();
    await poll(() => page.title()).toBe('Parley');
    await poll(() => draft.inputValue()).toBe('');
    await page.getByRole('log').getByText('Anyone?').waitFor();
    await mine.getByRole('listitem').nth(1).getByRole('button').click();
    await poll(() => draft.inputValue()).toBe('Half-written answer for the second visitor');
    void second;

    const offline = await connectVisitor(server.url);
    visitors.push(offline);
    await offline.call('visitor:hello', {});
    const form = await offline.call('offline:submit', {
      id: newId('m_'),
      name: 'Dana Offline',
      email: 'dana@example.com',
      text: 'Please call me back about my invoice.',
    });
    expect(form.ok).toBe(true);
    const offlineItem = page.getByRole('listitem', { name: 'Dana Offline' });
    await offlineItem.getByText('Offline message').waitFor();
    await page.screenshot({ path: screenshotPath('console-unread-offline') });
    await offlineItem.getByRole('button', { name: 'Accept' }).click();
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await poll(() => page.getByRole('heading', { level: 2, name: 'Dana Offline' }).count()).toBe(1);
    await reply.fill('Hi Dana, we will call you within the hour.');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = await offline.waitFor('message:new', (m) => m.author === 'agent');
    expect(answer.text).toBe('Hi Dana, we will call you within the hour.');
    await page.context().close();
  });

  it('in auto-assign mode puts a new chat among my chats without Accept', async () => {
    server = await startTestServer({ config: { routingMode: 'auto' } });
    const page = await newConsolePage();
    await signIn(page, server.url);
    const status = page.getByRole('combobox', { name: 'Status' });
    await status.waitFor();
    await status.selectOption({ label: 'Online' });
    await poll(() => status.inputValue()).toBe('online');
    await page.getByText('auto-assign on').waitFor();

    const visitor = await visitorSays(server.url, 'Assigned to whoever is online?');
    const mine = page.getByRole('list', { name: /My chats/ });
    await mine.getByRole('button', { name: /1 unread/ }).waitFor();
    await poll(() => page.title()).toBe('(1) Parley');
    await mine.getByRole('button').first().click();
    await page.getByRole('textbox', { name: 'Reply' }).fill('Yes, I have it.');
    await page.getByRole('textbox', { name: 'Reply' }).press('Enter');
    const answer = await visitor.waitFor('message:new', (m) => m.author === 'agent');
    expect(answer.text).toBe('Yes, I have it.');
    await page.context().close();
  });

  it('works by keyboard alone: sign in, accept, reply, close', async () => {
    server = await startTestServer();
    const page = await newConsolePage();
    await page.goto(`${server.url}/console/`);
    // The email field has the focus on arrival.
    await poll(() => page.getByLabel('Email').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('owner@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('owner-password');
    await page.keyboard.press('Enter');
    const status = page.getByRole('combobox', { name: 'Status' });
    await status.waitFor();
    await status.selectOption({ label: 'Online' });
    const visitor = await visitorSays(server.url, 'Keyboard test');

    const accept = page.getByRole('button', { name: 'Accept' });
    await accept.waitFor();
    await page.locator('body').focus();
    let steps = 0;
    while (!(await accept.evaluate((el) => el === document.activeElement))) {
      await page.keyboard.press('Tab');
      if (++steps > 15) throw new Error('Accept cannot be reached with Tab');
    }
    await page.keyboard.press('Enter');
    // Accepting puts the cursor in the reply box.
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await poll(() => reply.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    expect((await visitor.waitFor('message:new', (m) => m.author === 'agent')).text).toBe('Typed without a mouse');

    const close = page.getByRole('button', { name: 'Close chat' });
    await close.focus();
    await page.keyboard.press('Enter');
    await visitor.waitFor('chat:update', (c) => c.status === 'closed');
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Visitor ' + visitor.visitorId.slice(-4).toUpperCase());
    await page.context().close();
  });

  it('keeps the session across a reload and catches up on messages sent while disconnected', async () => {
    server = await startTestServer();
    const page = await newConsolePage();
    await signIn(page, server.url);
    const status = page.getByRole('combobox', { name: 'Status' });
    await status.waitFor();
    await status.selectOption({ label: 'Online' });
    const visitor = await visitorSays(server.url, 'Before the reload');
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('textbox', { name: 'Reply' }).fill('Typed before the reload');

    await page.reload();
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
    await page.getByRole('list', { name: /My chats/ }).getByRole('button').first().click();
    await poll(() => page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('Typed before the reload');

    await page.context().setOffline(true);
    await page.getByRole('status').getByText('Reconnecting…').waitFor();
    await visitor.call('message:send', { id: newId('m_'), text: 'Sent while the agent was offline' });
    await page.getByRole('textbox', { name: 'Reply' }).fill('Written while offline');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('log').getByText('Sending…').waitFor();
    await page.context().setOffline(false);
    await page.getByRole('log').getByText('Sent while the agent was offline').waitFor({ timeout: 15_000 });
    const arrived = await visitor.waitFor('message:new', (m) => m.text === 'Written while offline', 15_000);
    expect(arrived.author).toBe('agent');
    await poll(() => page.getByRole('log').getByText('Written while offline').count()).toBe(1);
    await page.context().close();
  });
});
