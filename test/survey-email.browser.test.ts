import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, type TestClient } from './helpers/clients.ts';
import { newId } from '../shared/ids.ts';
import { startSmtpInbox } from './helpers/smtp.ts';

let browser: Browser;
let server: TestServer;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>>;
const clients: TestClient[] = [];

beforeAll(async () => {
  smtp = await startSmtpInbox();
  server = await startTestServer({ config: { smtpUrl: smtp.url } });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await browser?.close();
  await server?.close(true);
  await smtp?.close();
});

/** A visitor who left an email has a chat answered and closed; the NPS (due at once) is emailed. */
async function emailedSurveyPath(): Promise<string> {
  const ownerToken = await loginToken(server.url);
  await fetch(`${server.url}/api/surveys/settings`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken}` },
    body: JSON.stringify({ npsDelayHours: 0 }),
  });
  const agent = await connectAgent(server.url, ownerToken);
  const visitor = await connectVisitor(server.url);
  clients.push(agent, visitor);
  await agent.call('status:set', { status: 'online' });
  await visitor.call('visitor:hello', { locale: 'en-US' });
  const { chat } = await visitor.call('offline:submit', { id: newId('m_'), name: 'Ann', email: 'ann@example.com', text: 'Hi' });
  await agent.call('chat:accept', { chatId: chat.id });
  await agent.call('message:send', { chatId: chat.id, id: newId('m_'), text: 'Hello Ann' });
  await agent.call('chat:close', { chatId: chat.id });
  await expect.poll(() => smtp.inbox.length, { timeout: 10_000 }).toBe(1);
  const raw = smtp.inbox[0]!.raw.replace(/=\r?\n/g, '');
  return /https?:\/\/[^/\s]+(\/survey\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(raw)![1]!;
}

it('the emailed NPS link opens an accessible form in Chromium that works once and only once', async () => {
  const path = await emailedSurveyPath();
  const page = await browser.newPage();
  await page.goto(`${server.url}${path}`);
  const group = page.getByRole('group', { name: 'How likely are you to recommend Parley demo shop to a friend or colleague?' });
  await expect.poll(() => group.count()).toBe(1);
  for (let n = 0; n <= 10; n++) expect(await group.getByRole('radio', { name: String(n), exact: true }).count()).toBe(1);
  await page.screenshot({ path: screenshotPath('survey-email-form'), fullPage: true });

  // Submitting without a score is stopped by the browser; nothing is saved.
  await page.getByRole('button', { name: 'Submit' }).click();
  expect(await page.getByRole('status').count()).toBe(0);

  await group.getByRole('radio', { name: '8', exact: true }).check();
  await page.getByRole('textbox', { name: 'Comment' }).fill('Quick answers <3');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you! Your answer has been recorded.');
  const row = server.db.prepare(`SELECT score, comment, answered_via FROM surveys WHERE kind = 'nps'`).get();
  expect(row).toEqual({ score: 8, comment: 'Quick answers <3', answered_via: 'email' });

  // Back to the link: it is spent.
  await page.goto(`${server.url}${path}`);
  await expect.poll(() => page.getByRole('status').textContent()).toBe('This link has already been used: your answer was recorded.');
  await page.screenshot({ path: screenshotPath('survey-email-used') });
  await page.close();
});
