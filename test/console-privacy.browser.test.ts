import { describe, expect, it } from 'vitest';
import { screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { consoleBrowserTests, poll } from './console-browser-kit.ts';
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
});
