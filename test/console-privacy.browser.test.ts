import { describe, expect, it } from 'vitest';
import { screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { consoleBrowserTests, openSettings, poll } from './console-browser-kit.ts';
import { apiCall } from './helpers/server.ts';

/** Erasing a visitor from the console: a typed confirmation, then "Erased" where their words were. */
let server: TestServer | undefined;
const kit = consoleBrowserTests(async () => {
  await server?.close(true);
  server = undefined;
});

describe('erasing a visitor in the console', () => {
  it('asks for the typed word, erases, and shows Erased in the chat; the export has no trace of them', async () => {
    server = await startTestServer();
    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    const visitor = await kit.visitorSays(server.url, 'My card number is 4111 1111 1111 1111', { page: { url: 'https://shop.example/checkout', title: 'Checkout' } }, 'Ann Secret');
    const waiting = page.getByRole('list', { name: /Queue/ }).getByRole('listitem');
    await waiting.first().getByRole('button', { name: 'Accept' }).click();
    const log = page.getByRole('log');
    await poll(() => log.textContent()).toContain('4111 1111');
    const panel = page.getByRole('complementary', { name: 'Visitor' });
    await poll(() => panel.textContent()).toContain('Ann Secret');

    await panel.getByRole('button', { name: 'Erase visitor' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase everything about this visitor?' });
    await dialog.waitFor();
    const eraseButton = dialog.getByRole('button', { name: 'Erase for good' });
    expect(await eraseButton.isDisabled()).toBe(true);
    await dialog.getByLabel('Type ERASE to confirm').fill('erase');
    expect(await eraseButton.isDisabled()).toBe(true);
    await dialog.getByLabel('Type ERASE to confirm').fill('ERASE');
    await page.screenshot({ path: screenshotPath('console-erase-confirm') });
    // Nothing happened before the word was typed.
    expect(await server.store.value('SELECT name FROM visitors WHERE id = ?', [visitor.visitorId])).toBe('Ann Secret');
    await eraseButton.click();
    await panel.getByText('The visitor’s data was erased.').waitFor();
    await poll(() => log.textContent()).not.toContain('4111');
    await poll(() => log.textContent()).toContain('Erased');
    await poll(() => panel.textContent()).not.toContain('Ann Secret');
    await page.screenshot({ path: screenshotPath('console-erase-done') });

    const owner = await loginToken(server.url);
    const doc = (await apiCall(server.url, owner, `/visitors/${visitor.visitorId}/export`)).body;
    expect(JSON.stringify(doc)).not.toMatch(/4111|Ann Secret|checkout/);
    const audit = (await apiCall(server.url, owner, '/audit?action=visitor.erased')).body.entries;
    expect(audit).toHaveLength(1);
  });

  it('sets retention in Settings → Privacy, says when it runs and what the last run erased, and lists blocks to lift', async () => {
    server = await startTestServer();
    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    const visitor = await kit.visitorSays(server.url, 'spam spam');
    const owner = await loginToken(server.url);
    const agent = await (await import('./helpers/clients.ts')).connectAgent(server.url, owner);
    expect((await agent.call('chat:accept', { chatId: visitor.chatId })).ok).toBe(true);
    expect((await agent.call('visitor:block', { chatId: visitor.chatId, reason: 'spam bot', byAddress: false })).ok).toBe(true);
    agent.close();

    await openSettings(page);
    const section = page.getByRole('region', { name: 'Privacy' });
    await section.getByLabel('Keep chats for (days)').fill('30');
    await section.getByRole('button', { name: 'Save retention' }).click();
    await section.getByText('Saved.').waitFor();
    expect(await section.getByTestId('retention-status').textContent()).toMatch(/Next run: /);
    // Setting it asks one node for a run at once; the page shows it when opened again.
    await poll(async () => (await apiCall(server!.url, owner, '/privacy/retention')).body.lastRun).not.toBeNull();
    await page.reload();
    await section.getByTestId('retention-status').waitFor();
    expect(await section.getByTestId('retention-status').textContent()).toMatch(/Next run: .*Last run: .*, 0 chats erased/);
    const row = section.getByRole('row', { name: /spam bot/ });
    await row.waitFor();
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('console-privacy-settings') });
    await row.getByRole('button', { name: 'Lift block' }).click();
    await section.getByText('No blocked visitors.').waitFor();
    expect((await apiCall(server.url, owner, '/visitor-blocks')).body.blocks).toEqual([]);
    expect((await apiCall(server.url, owner, '/privacy/retention')).body.retentionDays).toBe(30);
  });
});
