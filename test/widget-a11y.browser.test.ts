import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import type { AgentClientToServer, AgentServerToClient, ChatSummary } from '../shared/protocol.ts';
import { writeSettings } from '../server/store/settings.ts';
import { launchChromium } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

/** axe-core in Chromium: no serious or critical violation in the launcher or any state of the window. */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: TestServer;
let site: TestSite;
let browser: Browser;

beforeAll(async () => {
  requireBuiltWidget();
  server = await startTestServer();
  server.db.prepare("INSERT INTO departments (id, name) VALUES ('sales', 'Sales')").run();
  site = await startSite();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close(true);
});

interface Finding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** Runs axe in a frame (the host page limited to the widget's element) and keeps serious and critical findings. */
async function serious(frame: Page | Frame, include?: string): Promise<Finding[]> {
  await frame.evaluate(axeSource);
  const found = (await frame.evaluate(async (selector) => {
    const axe = (window as any).axe;
    const result = await axe.run(selector ? { include: [[selector]] } : document, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => n.target.join(' ')) }));
  }, include)) as Finding[];
  return found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

const widgetFrame = (page: Page): Frame => page.frames().find((f) => f.url().includes('/widget/'))!;

async function visit(context: BrowserContext, path: string, options: Parameters<typeof sitePage>[0]): Promise<Page> {
  site.page(path, sitePage(options));
  const page = await context.newPage();
  await page.goto(`${site.url}${path}`);
  await widgetReady(page);
  return page;
}

describe('accessibility of the widget (axe-core)', () => {
  it('launcher, offline form with its errors, pre-chat form, an invitation, in light and dark, in Russian', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const results: Record<string, Finding[]> = {};

    const page = await visit(context, '/a11y', { server: server.url, data: { 'launcher-text': 'Chat with us' } });
    results['launcher'] = await serious(page, 'parley-widget');
    await page.locator('parley-widget .launcher').click();
    await chatFrame(page).getByRole('heading', { name: 'Leave us a message' }).waitFor();
    results['offline form'] = await serious(widgetFrame(page));
    await chatFrame(page).getByRole('button', { name: 'Send message' }).click();
    await chatFrame(page).getByRole('alert').waitFor();
    results['offline form with an error'] = await serious(widgetFrame(page));
    results['launcher, open'] = await serious(page, 'parley-widget');

    const dark = await visit(context, '/a11y-dark', { server: server.url, lang: 'ru', data: { theme: 'dark', color: '#facc15' } });
    await dark.locator('parley-widget .launcher').click();
    await chatFrame(dark).getByRole('heading', { name: 'Оставьте нам сообщение' }).waitFor();
    results['offline form, dark, yellow brand, Russian'] = await serious(widgetFrame(dark));

    await writeSettings(server.store, { preChatForm: { name: 'required', email: 'optional', department: 'optional' } });
    const agent: Socket<AgentServerToClient, AgentClientToServer> = io(`${server.url}/agent`, {
      auth: { token: await loginToken(server.url) },
      transports: ['websocket'],
      forceNew: true,
    });
    try {
      await agent.timeout(5000).emitWithAck('agent:hello', {});
      await agent.timeout(5000).emitWithAck('status:set', { status: 'online' });
      const prechat = await visit(context, '/a11y-prechat', { server: server.url });
      await prechat.locator('parley-widget .launcher').click();
      await chatFrame(prechat).getByRole('heading', { name: 'Before we start' }).waitFor();
      results['pre-chat form'] = await serious(widgetFrame(prechat));
      await chatFrame(prechat).getByLabel('Name').fill('Ann');
      await chatFrame(prechat).getByRole('button', { name: 'Start chat' }).click();

      const queued = new Promise<ChatSummary>((resolve) => agent.on('chat:upsert', (c) => c.status === 'queued' && resolve(c)));
      const box = chatFrame(prechat).getByRole('textbox', { name: 'Message' });
      await box.fill('Hello! Is the Kenya roast in stock?');
      await box.press('Enter');
      const chat = await queued;
      await agent.timeout(5000).emitWithAck('chat:accept', { chatId: chat.id });
      await agent.timeout(5000).emitWithAck('message:send', { chatId: chat.id, id: newId('msg_'), text: 'It is: 250 g and 1 kg.' });
      agent.emit('typing:set', { chatId: chat.id, typing: true });
      await chatFrame(prechat).getByText('It is: 250 g and 1 kg.').waitFor();
      results['conversation with an agent typing'] = await serious(widgetFrame(prechat));

      const invited = await visit(context, '/a11y-invite', { server: server.url });
      await invited.evaluate(() => (window as any).Parley('invite', 'Need a hand choosing a roast?'));
      await chatFrame(invited).getByText('Need a hand choosing a roast?').waitFor();
      results['invitation bubble'] = await serious(widgetFrame(invited));
    } finally {
      agent.disconnect();
      await writeSettings(server.store, { preChatForm: { name: 'off', email: 'off', department: 'off' } });
    }

    for (const [state, findings] of Object.entries(results)) expect(findings, state).toEqual([]);
    await context.close();
  });
});

describe('accessibility of the console (axe-core)', () => {
  it('the sign-in page and the inbox after signing in, with chats in it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Email').waitFor();
    const signIn = await serious(page);
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('owner-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Status').waitFor();
    await page.locator('.chat-item').first().waitFor();
    const inbox = await serious(page);
    expect({ signIn, inbox }).toEqual({ signIn: [], inbox: [] });
    await page.close();
  });
});
