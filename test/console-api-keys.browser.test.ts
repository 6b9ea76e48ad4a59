import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeFindings, screenshotPath } from './helpers/browser.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { api, consoleBrowserTests, openSettings, poll } from './console-browser-kit.ts';

// Settings → API keys and the API reference page in the built console, in Chromium against a
// real server: a key made with its scopes is shown once and works; its last use shows; revoking
// asks first and stops it. The reference page is rendered from /api/openapi.json.

let server: TestServer | undefined;
const kit = consoleBrowserTests(async () => {
  await server?.close(true);
  server = undefined;
});

const section = (page: Page) => page.getByRole('region', { name: 'API keys', exact: true });
// Against the initial containing block: a phone browser widens innerWidth with the overflow it should catch.
const overflowsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

it('makes a key with scopes, shows it once, lists its last use, revokes it after asking, and links to the reference', async () => {
  server = await startTestServer();
  const page = await kit.newPage({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  await kit.signIn(page, server.url);
  await openSettings(page);
  const keys = section(page);
  await keys.getByText('No API keys yet.').waitFor();

  // Refused: the server names the field.
  await keys.getByLabel('Name', { exact: true }).fill('CRM sync');
  await keys.getByRole('checkbox', { name: /metrics:read/ }).uncheck();
  await keys.getByRole('button', { name: 'Make key' }).click();
  await keys.getByText(/choose at least one scope/).first().waitFor();
  // A name too long: in plain words beside the field, not zod's "Too big: expected string …".
  await keys.getByRole('checkbox', { name: /chats:read/ }).check();
  await keys.getByLabel('Name', { exact: true }).fill('x'.repeat(101));
  await keys.getByRole('button', { name: 'Make key' }).click();
  await keys.getByText('is too long: at most 100 characters', { exact: true }).waitFor();
  await keys.getByRole('alert').getByText('Not saved: Check the field marked above.').waitFor();
  expect(await keys.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  await keys.getByLabel('Name', { exact: true }).fill('CRM sync');

  await keys.getByRole('checkbox', { name: /visitors:read/ }).check();
  await keys.getByRole('button', { name: 'Make key' }).click();
  const shown = keys.getByRole('status').filter({ hasText: 'Copy it now' });
  await shown.waitFor();
  const key = await shown.getByLabel('The new API key').inputValue();
  expect(key).toMatch(/^parley_[0-9a-f]{16}_/);
  await shown.getByRole('button', { name: 'Copy key' }).click();
  await shown.getByText('Copied.').waitFor();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  const item = keys.getByRole('listitem').filter({ hasText: 'CRM sync' });
  await item.getByText('Never used').waitFor();
  expect(await item.textContent()).toMatch(/chats:read.*visitors:read/);
  expect(await axeFindings(page, '#api-keys')).toEqual([]);
  await keys.screenshot({ path: screenshotPath('settings-api-keys') });
  await page.screenshot({ path: screenshotPath('settings-api-keys-page'), fullPage: false });

  // The key works; shown once: after Done it is gone from the page.
  expect((await api(server.url, key, '/visitors/live')).status).toBe(200);
  expect((await api(server.url, key, '/metrics?from=2026-01-01&to=2026-01-02')).body.scope).toBe('metrics:read');
  await shown.getByRole('button', { name: 'Done' }).click();
  expect(await page.getByText(key).count()).toBe(0);
  await page.reload();
  await section(page).getByRole('listitem').filter({ hasText: 'CRM sync' }).getByText(/Last used /).waitFor();

  // Revoke asks first; then the key is refused.
  await section(page).getByRole('button', { name: 'Revoke the key “CRM sync”' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke the key “CRM sync”?' });
  await dialog.getByRole('button', { name: 'Revoke key' }).click();
  await section(page).getByText('No API keys yet.').waitFor();
  expect((await api(server.url, key, '/visitors/live')).status).toBe(401);

  // The reference: reached from the section, not from the top bar.
  expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'API reference' }).count()).toBe(0);
  await section(page).getByRole('link', { name: 'API reference' }).click();
  await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
  const chats = page.getByRole('region', { name: 'Chats', exact: true });
  const send = chats.getByRole('article', { name: 'POST /api/chats/{chatId}/messages' });
  await send.waitFor();
  expect(await send.textContent()).toContain('API key scope: chats:write');
  await send.getByText('Body (application/json)').click();
  expect(await send.locator('pre').first().textContent()).toContain('agentId');
  expect(await axeFindings(page, 'main')).toEqual([]);
  await page.screenshot({ path: screenshotPath('api-reference'), fullPage: false });
});

it('fits a phone: the API keys section and the reference page do not scroll sideways', async () => {
  server = await startTestServer();
  const page = await kit.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await kit.signIn(page, server.url);
  await api(server.url, await (await import('./helpers/server.ts')).loginToken(server.url), '/api-keys', {
    method: 'POST',
    body: { name: 'A rather long integration name for the warehouse export', scopes: ['metrics:read', 'chats:read'] },
  });
  await page.goto(`${server.url}/console/settings#api-keys`);
  const keys = section(page);
  await keys.getByText('A rather long integration name').waitFor();
  await keys.scrollIntoViewIfNeeded();
  expect(await overflowsSideways(page)).toBe(false);
  const revoke = await keys.getByRole('button', { name: /^Revoke the key/ }).boundingBox();
  expect(revoke!.height).toBeGreaterThanOrEqual(44);
  await page.screenshot({ path: screenshotPath('settings-api-keys-phone'), fullPage: false });

  await page.goto(`${server.url}/console/api-reference`);
  await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
  await page.getByRole('article', { name: 'GET /api/chats', exact: true }).waitFor();
  await poll(() => overflowsSideways(page)).toBe(false);
  await page.screenshot({ path: screenshotPath('api-reference-phone'), fullPage: false });
});
