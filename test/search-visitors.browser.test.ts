import { describe, expect, it } from 'vitest';
import { screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { consoleBrowserTests, poll } from './console-browser-kit.ts';
import { chatFrame, requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

// Search and Visitors now (issue 12) in the built console and widget, in Chromium against a
// real server: a search whose results mark the words and open a transcript with Enter, and a
// visitor on a customer's page whom an agent writes to first.

let server: TestServer | undefined;
let site: TestSite | undefined;
const kit = consoleBrowserTests(async () => {
  await site?.close();
  site = undefined;
  await server?.close(true);
  server = undefined;
});

const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 10, minute)).toISOString();

function history(): string {
  const chat = (id: string, visitorId: string, texts: string[], minute: number) =>
    JSON.stringify({
      type: 'chat', id, visitorId, department: null, priority: 'normal', channel: 'widget',
      startedAt: at(minute), closedAt: at(minute + 30), closedBy: 'agent', tags: ['billing'],
      assignments: [], messages: texts.map((text, i) => ({ id: `${id}_m${i}`, author: 'visitor', at: at(minute + 1 + i), text })),
    });
  return [
    JSON.stringify({ type: 'meta', format: 'chat-history', version: 1 }),
    chat('h1', 'v1', ['Where is the refund for my order 1042?', 'It has been two weeks.'], 0),
    chat('h2', 'v2', ['<img src=x onerror="window.injected=1"> refund asap'], 5),
    chat('h3', 'v3', ['Do you ship to Norway?'], 10),
    JSON.stringify({
      type: 'survey', id: 's1', kind: 'csat', chatId: 'h1', visitorId: 'v1', scale: 5,
      sentAt: at(31), answeredAt: at(32), score: 1, comment: 'Still no refund',
    }),
  ].join('\n') + '\n';
}

describe('search in the console', () => {
  it('finds chats, marks the words as elements (never HTML), and Enter opens the transcript', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    const imported = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: history(),
    });
    expect(imported.status).toBe(200);
    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Search' }).click();
    await page.getByRole('heading', { level: 1, name: 'Search' }).waitFor();

    const box = page.getByRole('searchbox', { name: 'Search chats' });
    await box.fill('refund');
    await box.press('Enter');
    const results = page.getByRole('region', { name: 'Search results' });
    await poll(() => results.getByRole('status').textContent()).toBe('2 chats found');
    await poll(() => results.locator('mark').allTextContents()).toEqual(['refund', 'refund']);
    // The message's markup is shown as the text it is.
    await poll(() => results.getByRole('button').nth(1).textContent()).toContain('<img src=x onerror="window.injected=1">');
    expect(await results.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();

    // Filters: two words in one message, and a time range.
    await box.fill('refund order');
    const form = page.getByRole('search');
    await form.getByLabel('From').fill('2026-03-02');
    await form.getByLabel('Status').selectOption('closed');
    await box.press('Enter');
    await poll(() => results.getByRole('status').textContent()).toBe('1 chat found');
    await poll(() => results.locator('mark').allTextContents()).toEqual(['refund', 'order']);
    // An anonymous visitor is named as the inbox names them.
    await poll(() => results.getByRole('button').first().locator('strong').textContent()).toBe('Visitor V1');
    await page.screenshot({ path: screenshotPath('search-results') });

    await results.getByRole('button').first().focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('It has been two weeks.').waitFor();
    // The chat's rating, in the log and under Ratings, as every read-only transcript shows it.
    const log = dialog.getByRole('log', { name: 'Transcript' });
    await poll(() => log.locator('.rating-entry').textContent()).toMatch(/^Visitor V1 rated Satisfaction \(CSAT\) 1 \/ 5 Still no refund /);
    await poll(() => dialog.locator('.ratings').textContent()).toBe('Satisfaction (CSAT) 1 / 5 Still no refund');
    // Read only: nothing offers to delete a message, hovered or not.
    await log.getByText('It has been two weeks.').hover();
    expect(await dialog.getByRole('button', { name: 'Delete message' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('search-transcript') });
    await dialog.getByRole('button', { name: 'Close' }).click();

    // A search that fails leaves no results of an earlier one under its error; nor do words of spaces.
    await form.getByLabel('From').fill('2026-03-10');
    await form.getByLabel('To', { exact: true }).fill('2026-03-01');
    await box.press('Enter');
    await poll(() => page.getByRole('alert').textContent()).toBe('Could not search: from: must be before to');
    expect(await results.count()).toBe(0);
    await page.screenshot({ path: screenshotPath('search-reversed-dates') });
    await form.getByLabel('From').fill('');
    await form.getByLabel('To', { exact: true }).fill('');
    await box.press('Enter');
    await poll(() => results.getByRole('status').textContent()).toBe('1 chat found');
    await box.fill('   ');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await poll(() => results.count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});

describe('visitors now in the console', () => {
  it('shows a visitor on the site live, and Start chat opens their widget with the agent message', async () => {
    requireBuiltWidget();
    server = await startTestServer();
    site = await startSite();
    site.page('*', sitePage({ server: server.url, title: 'Winter boots' }));
    const agentPage = await kit.newPage();
    await kit.signIn(agentPage, server.url);
    await agentPage.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Visitors' }).click();
    await agentPage.getByRole('heading', { level: 1, name: 'Visitors' }).waitFor();
    await poll(() => agentPage.getByRole('status').first().textContent()).toBe('0 on the site now');

    const visitorContext = await (await import('./helpers/browser.ts')).launchChromium();
    try {
      const shopper = await (await visitorContext.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' })).newPage();
      await shopper.goto(`${site.url}/boots`);
      await widgetReady(shopper);

      // The row arrives by itself (no reload): page title, one page, new, country from the time zone.
      const row = agentPage.getByRole('row').filter({ hasText: 'Winter boots' });
      await row.waitFor();
      await poll(() => agentPage.getByRole('status').first().textContent()).toBe('1 on the site now');
      await poll(() => row.getByRole('cell').allTextContents()).toEqual([
        'Winter boots' + `${site!.url}/boots`,
        expect.stringMatching(/^0:\d\d$/),
        '1',
        'New',
        'Germany',
        'Start chat',
      ]);
      await agentPage.screenshot({ path: screenshotPath('visitors-now') });

      // Named as the inbox names their chat.
      const name = (await row.getByRole('rowheader').textContent())!;
      expect(name).toMatch(/^Visitor [0-9A-Z]{4}$/);
      await row.getByRole('button', { name: `Start chat with ${name}` }).click();
      // The composer says whom it writes to, and what to write.
      const composer = row.getByRole('textbox', { name: `First message to ${name}` });
      expect(await composer.getAttribute('placeholder')).toBe('Your first message…');
      await agentPage.screenshot({ path: screenshotPath('visitors-now-start-chat') });
      await composer.fill('Hi! Need help choosing a size?');
      await row.getByRole('button', { name: 'Send' }).click();
      // The chat is the agent's, open in the inbox (the link's ?chat= is spent).
      await agentPage.waitForURL(/\/console\/inbox$/);
      await agentPage.getByRole('heading', { level: 2, name }).waitFor();
      await agentPage.getByRole('log').getByText('Hi! Need help choosing a size?').waitFor();
      await agentPage.getByRole('listitem', { name }).waitFor();
      await agentPage.screenshot({ path: screenshotPath('visitors-now-inbox') });

      // The shopper's window opened with the agent's message.
      await chatFrame(shopper).getByText('Hi! Need help choosing a size?').waitFor();
      await shopper.screenshot({ path: screenshotPath('visitors-now-widget-opened') });
      await chatFrame(shopper).getByRole('textbox', { name: 'Message' }).fill('Yes, size 42');
      await chatFrame(shopper).getByRole('textbox', { name: 'Message' }).press('Enter');
      await agentPage.getByRole('log').getByText('Yes, size 42').waitFor();
      await agentPage.screenshot({ path: screenshotPath('visitors-now-chat') });
    } finally {
      await visitorContext.close();
    }
  });
});
