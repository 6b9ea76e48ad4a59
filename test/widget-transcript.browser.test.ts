import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import type { AgentClientToServer, AgentServerToClient, ChatSummary } from '../shared/protocol.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { startSmtpInbox } from './helpers/smtp.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

/** After a chat, the visitor has it emailed to them (the server has SMTP). */
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

describe('transcript by email', () => {
  it('is offered under an ended chat, checks the address, and sends', async () => {
    const agent: Socket<AgentServerToClient, AgentClientToServer> = io(`${server.url}/agent`, {
      auth: { token: await loginToken(server.url) },
      transports: ['websocket'],
      forceNew: true,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    try {
      await agent.timeout(5000).emitWithAck('agent:hello', {});
      await agent.timeout(5000).emitWithAck('status:set', { status: 'online' });
      const page = await context.newPage();
      await page.goto(site.url);
      await widgetReady(page);
      await page.locator('parley-widget .launcher').click();
      const chat = chatFrame(page);
      const queued = new Promise<ChatSummary>((resolve) => agent.on('chat:upsert', (c) => c.status === 'queued' && resolve(c)));
      await chat.getByRole('textbox', { name: 'Message' }).fill('What grind for a moka pot?');
      await chat.getByRole('textbox', { name: 'Message' }).press('Enter');
      const { id: chatId } = await queued;
      await agent.timeout(5000).emitWithAck('chat:accept', { chatId });
      await agent.timeout(5000).emitWithAck('message:send', { chatId, id: newId('msg_'), text: 'Fine, a little coarser than espresso.' });
      // Nothing to email while the chat goes on.
      expect(await chat.getByRole('button', { name: 'Email me this conversation' }).count()).toBe(0);
      await agent.timeout(5000).emitWithAck('chat:close', { chatId });

      await chat.getByRole('button', { name: 'Email me this conversation' }).click();
      const address = chat.getByLabel('Email me this conversation');
      await expect.poll(() => address.evaluate((el) => el === document.activeElement)).toBe(true);
      await address.fill('ann@');
      await chat.getByRole('button', { name: 'Send', exact: true }).first().click();
      await chat.getByRole('alert').getByText('Please enter an email address we can reply to.').waitFor();
      await address.fill('ann@example.com');
      await address.press('Enter');
      await chat.getByText('Sent to ann@example.com.').waitFor();
      await page.screenshot({ path: screenshotPath('widget-transcript-sent') });
      expect(smtp.inbox.map((m) => m.to)).toEqual(['ann@example.com']);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });
});
