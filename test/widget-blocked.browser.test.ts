import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { connectAgent, type TestClient } from './helpers/clients.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';
import { newId } from '../shared/ids.ts';

/**
 * A deleted message in the widget, then a blocked visitor's widget: chat is not available, in
 * their language; nothing they send arrives.
 */
let server: TestServer;
let site: TestSite;
let browser: Browser;
let agent: TestClient;
let owner: string;

beforeAll(async () => {
  requireBuiltWidget();
  server = await startTestServer();
  site = await startSite();
  browser = await launchChromium();
  owner = await loginToken(server.url);
  agent = await connectAgent(server.url, owner);
  expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
});

afterAll(async () => {
  agent?.close();
  await browser?.close();
  await site?.close();
  await server?.close(true);
});

/** `blocked`: the window never goes live (no `ready` event for the site), the launcher is there. */
async function openIn(path: string, lang: string, blocked = false) {
  site.page(path, sitePage({ server: server.url, lang }));
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(`${site.url}${path}`);
  if (blocked) await page.locator('parley-widget .launcher').waitFor();
  else await widgetReady(page);
  await page.locator('parley-widget .launcher').click();
  return { context, page, chat: chatFrame(page) };
}

describe('a blocked visitor', () => {
  it('is told at once that chat is not available, and again on every visit from their address, in their language', async () => {
    const { context, page, chat } = await openIn('/en', 'en');
    const box = chat.getByRole('textbox', { name: 'Message' });
    await box.fill('buy cheap pills at spam.example');
    await box.press('Enter');
    const upsert = await agent.waitFor('chat:upsert', (c) => c.status === 'queued', 10_000);
    expect((await agent.call('chat:accept', { chatId: upsert.id })).ok).toBe(true);
    expect((await agent.call('message:send', { chatId: upsert.id, id: newId('m_'), text: 'Please stop.' })).ok).toBe(true);
    await chat.getByText('Please stop.').waitFor();
    // The owner deletes the visitor's message: the widget shows "Message deleted" at once.
    const spam = (await agent.call('chat:open', { chatId: upsert.id })).chat.messages.find((m: any) => m.author === 'visitor');
    expect((await agent.call('message:delete', { chatId: upsert.id, messageId: spam.id })).ok).toBe(true);
    await chat.getByText('Message deleted').waitFor();
    expect(await chat.getByText('buy cheap pills').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('widget-message-deleted') });

    expect((await agent.call('visitor:block', { chatId: upsert.id, reason: 'spam', byAddress: true })).ok).toBe(true);
    await chat.getByText('Chat is not available.').waitFor();
    expect(await chat.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('widget-blocked-en') });
    const closed: any = await server.store.get('SELECT closed_by FROM chats WHERE id = ?', [upsert.id]);
    expect(closed.closed_by).toBe('system');

    // A reload keeps saying so, and sends nothing.
    await page.reload();
    await page.locator('parley-widget .launcher').waitFor();
    await page.locator('parley-widget .launcher').click();
    await chatFrame(page).getByText('Chat is not available.').waitFor();
    await context.close();

    // Another browser on the same address (a new visitor token), in Russian and Bulgarian.
    const messagesBefore = await server.store.value('SELECT count(*) FROM messages');
    const ru = await openIn('/ru', 'ru', true);
    await ru.chat.getByText('Чат недоступен.').waitFor();
    expect(await ru.chat.getByRole('textbox').count()).toBe(0);
    await ru.page.screenshot({ path: screenshotPath('widget-blocked-ru') });
    await ru.context.close();
    const bg = await openIn('/bg', 'bg', true);
    await bg.chat.getByText('Чатът не е достъпен.').waitFor();
    await bg.page.screenshot({ path: screenshotPath('widget-blocked-bg') });
    await bg.context.close();
    expect(await server.store.value('SELECT count(*) FROM messages')).toBe(messagesBefore);
    expect(await server.store.value("SELECT count(*) FROM surveys WHERE chat_id = ?", [upsert.id])).toBe(0);

    // Lifted in settings' list: the widget offers the chat again.
    const blocks = (await apiCall(server.url, owner, '/visitor-blocks')).body.blocks;
    expect(blocks).toHaveLength(1);
    expect((await apiCall(server.url, owner, `/visitor-blocks/${blocks[0].id}`, { method: 'DELETE' })).status).toBe(200);
    const again = await openIn('/again', 'en');
    await again.chat.getByRole('textbox', { name: 'Message' }).waitFor();
    await again.context.close();
  });
});
