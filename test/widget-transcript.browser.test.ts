import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import type { AgentClientToServer, AgentServerToClient, ChatSummary } from '../shared/protocol.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { writeSettings } from '../server/store/settings.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { startSmtpInbox } from './helpers/smtp.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

/**
 * After a chat an agent answered, the visitor has it emailed to the address they gave (the server
 * has SMTP); a visitor who gave none is told so, with no box to type one in.
 */
let server: TestServer;
let site: TestSite;
let browser: Browser;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>>;

beforeAll(async () => {
  requireBuiltWidget();
  smtp = await startSmtpInbox();
  server = await startTestServer({ config: { smtpUrl: smtp.url } });
  site = await startSite();
  site.page('*', sitePage({ server: server.url }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close(true);
  await smtp?.close();
});

/** The agent's side of one chat: takes the next one that queues, answers, and can close it. */
async function answeringAgent() {
  const agent: Socket<AgentServerToClient, AgentClientToServer> = io(`${server.url}/agent`, {
    auth: { token: await loginToken(server.url) },
    transports: ['websocket'],
    forceNew: true,
  });
  await agent.timeout(5000).emitWithAck('agent:hello', {});
  await agent.timeout(5000).emitWithAck('status:set', { status: 'online' });
  const queued = new Promise<ChatSummary>((resolve) => agent.on('chat:upsert', (c) => c.status === 'queued' && resolve(c)));
  return {
    agent,
    async answer(text: string) {
      const { id: chatId } = await queued;
      await agent.timeout(5000).emitWithAck('chat:accept', { chatId });
      await agent.timeout(5000).emitWithAck('message:send', { chatId, id: newId('msg_'), text });
      return chatId;
    },
    close: (chatId: string) => agent.timeout(5000).emitWithAck('chat:close', { chatId }),
  };
}

describe('transcript by email', () => {
  it('is offered under an ended chat to the address the visitor gave in the pre-chat form, and sent there', async () => {
    await writeSettings(server.store, { preChatForm: { name: 'off', email: 'required', department: 'off' } });
    const { agent, answer, close } = await answeringAgent();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      await page.goto(site.url);
      await widgetReady(page);
      await page.locator('parley-widget .launcher').click();
      const chat = chatFrame(page);
      await chat.getByLabel('Email').fill('ann@example.com');
      await chat.getByRole('button', { name: 'Start chat' }).click();
      await chat.getByRole('textbox', { name: 'Message' }).fill('What grind for a moka pot?');
      await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
      const chatId = await answer('Fine, a little coarser than espresso.');
      await chat.getByText('Fine, a little coarser than espresso.').waitFor();
      // Nothing to email while the chat goes on.
      expect(await chat.getByRole('button', { name: /^Email this conversation/ }).count()).toBe(0);
      await close(chatId);

      const offer = chat.getByRole('button', { name: 'Email this conversation to ann@example.com' });
      await offer.waitFor();
      // The server sends only to the address the visitor gave: there is none to type.
      expect(await chat.locator('input[type=email]').count()).toBe(0);
      await offer.scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('widget-transcript-offer') });
      await offer.click();
      await chat.getByText('Sent to ann@example.com.').waitFor();
      await page.screenshot({ path: screenshotPath('widget-transcript-sent') });
      expect(smtp.inbox.map((m) => m.to)).toEqual(['ann@example.com']);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });

  it('tells a visitor who gave no address, in their language, that there is none to send to', async () => {
    await writeSettings(server.store, { preChatForm: { name: 'off', email: 'off', department: 'off' } });
    site.page('/ru', sitePage({ server: server.url, lang: 'ru' }));
    const { agent, answer, close } = await answeringAgent();
    const mailed = smtp.inbox.length;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/ru`);
      await widgetReady(page);
      await page.locator('parley-widget .launcher').click();
      const chat = chatFrame(page);
      await chat.getByRole('textbox', { name: 'Сообщение' }).fill('Есть ли кофе без кофеина?');
      await chat.getByRole('textbox', { name: 'Сообщение' }).press('Enter');
      await close(await answer('Да, колумбийский.'));
      const none = chat.getByText('Мы можем прислать переписку только на адрес, который вы нам оставили, а его у нас нет.');
      await none.waitFor();
      await none.scrollIntoViewIfNeeded();
      expect(await chat.getByRole('button', { name: /^Прислать переписку/ }).count()).toBe(0);
      expect(await chat.locator('input[type=email]').count()).toBe(0);
      await page.screenshot({ path: screenshotPath('widget-transcript-no-address') });
      expect(smtp.inbox).toHaveLength(mailed);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });
});
