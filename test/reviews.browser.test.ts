import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeFindings, screenshotPath } from './helpers/browser.ts';
import { createAgentAccount } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { consoleBrowserTests, openSettings, poll } from './console-browser-kit.ts';

/**
 * Quality reviews (IQS, issue 13) in real browsers: the owner defines a scorecard in the
 * settings, reviews a chat from the to-review list beside its transcript, and the chat's agent
 * reads the review, its answers and comment on a phone.
 */
let server: TestServer | undefined;
const kit = consoleBrowserTests(async () => {
  await server?.close(true);
  server = undefined;
});

// Against the initial containing block: a phone browser widens innerWidth with the overflow it should catch.
const scrollsSideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth > document.documentElement.clientWidth);
const iso = (ms: number) => new Date(ms).toISOString();

/** Three closed chats of `agentId` from the last hours, the first rated CSAT 4. */
async function importChats(token: string, agentId: string) {
  const records: object[] = [{ type: 'meta', format: 'chat-history', version: 1 }];
  const start = Date.now() - 4 * 3_600_000;
  for (let i = 0; i < 3; i++) {
    const at = start + i * 3_600_000;
    const id = `chat-${i}`;
    records.push({
      type: 'chat', id, visitorId: `visitor-${i}`, department: null, priority: 'normal', channel: 'widget',
      startedAt: iso(at), closedAt: iso(at + 540_000), closedBy: 'agent', tags: [],
      assignments: [{ agentId, at: iso(at + 1000) }],
      messages: [
        { id: `${id}-1`, author: 'visitor', at: iso(at), text: `Where is my order number ${1000 + i}?` },
        { id: `${id}-2`, author: 'agent', agentId, at: iso(at + 40_000), text: 'Hello! It left the warehouse yesterday; here is the tracking link.' },
        { id: `${id}-3`, author: 'visitor', at: iso(at + 90_000), text: 'Thank you!' },
      ],
    });
  }
  records.push({ type: 'survey', id: 's-0', kind: 'csat', chatId: 'chat-0', visitorId: 'visitor-0', scale: 5, sentAt: iso(start + 540_000), answeredAt: iso(start + 600_000), score: 4, comment: null });
  const res = await fetch(`${server!.url}/api/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: records.map((r) => JSON.stringify(r)).join('\n'),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('quality reviews in the console', () => {
  it('the owner defines a scorecard, reviews a sampled chat beside its transcript; the agent reads it on a phone', { timeout: 120_000 }, async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    await createAgentAccount(server.url, server.store, { name: 'Anna Ivanova', email: 'anna@example.com' });
    const annaId = (await server.store.value('SELECT id FROM agents WHERE email = ?', ['anna@example.com'])) as string;
    await importChats(owner, annaId);

    // The scorecard, in Settings → Quality reviews.
    const page = await kit.newPage({ viewport: { width: 1280, height: 900 } });
    await kit.signIn(page, server.url, undefined, undefined, false);
    await openSettings(page);
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Quality reviews' }).click();
    const reviews = page.getByRole('region', { name: 'Quality reviews', exact: true });
    await reviews.getByText('No criteria yet: add the first one.').waitFor();
    await reviews.getByRole('button', { name: 'Add criterion' }).click();
    await reviews.getByRole('textbox', { name: 'Criterion 1', exact: true }).fill('Greeting');
    await reviews.getByRole('button', { name: 'Add criterion' }).click();
    await reviews.getByRole('textbox', { name: 'Criterion 2', exact: true }).fill('Accuracy');
    await reviews.getByLabel('Weight').nth(1).fill('2');
    await reviews.getByLabel('Answer').nth(1).selectOption('scale');
    await reviews.getByRole('button', { name: 'Add criterion' }).click();
    await reviews.getByRole('textbox', { name: 'Criterion 3', exact: true }).fill('Tone');
    await reviews.getByLabel('Weight').nth(2).fill('0');
    await reviews.getByRole('button', { name: 'Save scorecard' }).click();
    // The server names the refused field; the form shows it there.
    await reviews.getByText('must be more than 0', { exact: true }).waitFor();
    // Not repeated by the button with the server's path, which counts criteria from 0.
    await reviews.getByRole('alert').getByText('Not saved: Check the field marked above.').waitFor();
    expect(await reviews.textContent()).not.toContain('criteria.');
    await reviews.getByRole('button', { name: 'Remove Tone' }).click();
    await reviews.getByRole('button', { name: 'Move Accuracy up' }).click();
    await reviews.getByLabel('Chats to review per agent per week').fill('2');
    await reviews.getByRole('button', { name: 'Save scorecard' }).click();
    await reviews.getByRole('status').getByText('Saved.').waitFor();
    expect(await reviews.getByRole('textbox', { name: 'Criterion 1', exact: true }).inputValue()).toBe('Accuracy');
    expect(await axeFindings(page, '#reviews')).toEqual([]);
    await reviews.screenshot({ path: screenshotPath('reviews-scorecard-1280') });

    // The to-review list: two of Anna's three chats this week.
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Reviews' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quality reviews' }).waitFor();
    const toReview = page.getByRole('list', { name: 'Chats to review' });
    await poll(() => toReview.getByRole('listitem').count()).toBe(2);
    expect(await axeFindings(page, 'main')).toEqual([]);
    await page.screenshot({ path: screenshotPath('reviews-to-review-1280') });

    await toReview.getByRole('button', { name: /^Review the chat of Anna Ivanova/ }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('log', { name: 'Transcript' }).getByText('Thank you!').waitFor();
    await dialog.getByRole('group', { name: /Accuracy/ }).getByLabel('4').check();
    await dialog.getByRole('group', { name: /Greeting/ }).getByLabel('Yes').check();
    await dialog.getByLabel('Comment for the agent').fill('Friendly and quick; add the delivery date next time.');
    expect(await axeFindings(page, 'dialog[open]')).toEqual([]);
    await page.screenshot({ path: screenshotPath('reviews-form-1280') });
    await dialog.getByRole('button', { name: 'Submit review' }).click();
    // (2 · 0.75 + 1 · 1) / 3 = 83 %.
    const made = dialog.getByRole('article', { name: 'Review by Owner' });
    await made.getByText('Score 83%').waitFor();
    await dialog.getByRole('button', { name: 'Change my review' }).waitFor();
    await page.screenshot({ path: screenshotPath('reviews-made-1280') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await poll(() => toReview.getByRole('listitem').count()).toBe(1);
    await page.getByRole('button', { name: 'Reviews made' }).click();
    await page.getByLabel('Agent').selectOption({ label: 'Anna Ivanova' });
    await page.getByRole('list', { name: 'Reviews made' }).getByRole('article', { name: 'Review by Owner' }).getByText('Score 83%').waitFor();
    await page.getByLabel('Agent').selectOption({ label: 'Owner' });
    await page.getByText('No reviews yet.').waitFor();
    expect(await axeFindings(page, 'main')).toEqual([]);

    // The agent, on a phone, reads it under My reviews.
    const phone = await kit.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await kit.signIn(phone, server.url, 'anna@example.com', 'agent-password', false);
    await phone.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Reviews' }).click();
    await phone.getByRole('heading', { level: 1, name: 'My reviews' }).waitFor();
    const card = phone.getByRole('article', { name: 'Review by Owner' });
    await card.getByText('Score 83%').waitFor();
    await card.getByText('4 of 5').waitFor();
    await card.getByText('Friendly and quick; add the delivery date next time.').waitFor();
    expect(await scrollsSideways(phone)).toBe(false);
    expect(await axeFindings(phone, 'main')).toEqual([]);
    await phone.screenshot({ path: screenshotPath('reviews-mine-390'), fullPage: true });
    // The agent reads the chat, without the scorecard.
    await card.getByRole('button', { name: 'Read the chat' }).click();
    await phone.getByRole('dialog').getByRole('log', { name: 'Transcript' }).waitFor();
    expect(await phone.getByRole('dialog').getByRole('button', { name: 'Review this chat' }).count()).toBe(0);
    await phone.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    // The owner's pages on a phone: nothing scrolls sideways, touch targets are large enough.
    const ownerPhone = await kit.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    await kit.signIn(ownerPhone, server.url, undefined, undefined, false);
    await ownerPhone.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Reviews' }).click();
    const phoneList = ownerPhone.getByRole('list', { name: 'Chats to review' });
    await poll(() => phoneList.getByRole('listitem').count()).toBe(1);
    await phoneList.getByRole('button', { name: /^Review the chat/ }).click();
    const phoneDialog = ownerPhone.getByRole('dialog');
    await phoneDialog.getByRole('group', { name: /Greeting/ }).waitFor();
    const choiceHeights = await phoneDialog.locator('.review-choice').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(Math.min(...choiceHeights)).toBeGreaterThanOrEqual(44);
    expect(await scrollsSideways(ownerPhone)).toBe(false);
    await ownerPhone.screenshot({ path: screenshotPath('reviews-form-390') });
    await phoneDialog.getByRole('button', { name: 'Close' }).click();
    await openSettings(ownerPhone);
    await ownerPhone.locator('#reviews').scrollIntoViewIfNeeded();
    expect(await scrollsSideways(ownerPhone)).toBe(false);
    await ownerPhone.locator('#reviews').screenshot({ path: screenshotPath('reviews-scorecard-390') });
  });
});
