import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { recordAudit } from '../server/store/audit-log.ts';
import { axeFindings, screenshotPath } from './helpers/browser.ts';
import { FakeClock, loginToken, signInAttempt, startTestServer, type TestServer } from './helpers/server.ts';
import { totpCode } from './helpers/totp.ts';
import { api, consoleBrowserTests, poll } from './console-browser-kit.ts';

// Two-factor sign-in and the audit log as the built console shows them, in Chromium against a
// real server: the test reads the secret off the page and computes the codes an app would show
// (RFC 6238, helpers/totp.ts). The server's clock is a FakeClock started at the real time, so
// that a new 30-second step comes when the test says, not after a wait.

let server: TestServer | undefined;
const kit = consoleBrowserTests(async () => {
  await server?.close(true);
  server = undefined;
});

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).click();

describe('two-factor sign-in in the console', () => {
  it('enrols from the Account page with the QR key, shows the recovery codes once, then asks for the code at sign-in', async () => {
    const clock = new FakeClock(Date.now());
    server = await startTestServer({ clock });
    const page = await kit.newPage();
    await kit.signIn(page, server.url);

    await nav(page, 'Account');
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await page.locator('.two-factor-secret').textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    expect(await page.getByRole('img', { name: 'QR code for your authenticator app' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await axeFindings(page, 'main')).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-two-factor-enrol') });

    // A wrong code is named under the field; the right one turns it on.
    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await poll(() => page.locator('.field-error').textContent()).toContain('code');
    await page.getByLabel('Code from the app').fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await poll(() => codes.count()).toBe(10);
    const recoveryCodes = await codes.allTextContents();
    expect(await axeFindings(page, 'main')).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-two-factor-recovery-codes') });
    await page.getByRole('button', { name: 'I have saved the codes' }).click();
    await poll(() => page.getByText('Two-factor sign-in is on. Recovery codes left: 10.').count()).toBe(1);
    // Shown once: not on the page any more, nor after a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Account' }).waitFor();
    await poll(() => page.getByText('Recovery codes left: 10.', { exact: false }).count()).toBe(1);
    expect(await page.content()).not.toContain(recoveryCodes[0]);

    // Signing in again: the password, then the code.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('owner-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const codeField = page.getByLabel('Authentication code');
    await codeField.waitFor();
    await poll(() => page.getByRole('status').textContent()).toBe('Enter the 6-digit code from your authenticator app, or one of your recovery codes.');
    expect(await axeFindings(page, 'main')).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-two-factor-code-prompt') });

    // The code that turned it on was used: refused. A new step's code signs in.
    await codeField.fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toBe('The code is wrong or was used already.');
    clock.advance(30_000);
    await codeField.fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('combobox', { name: 'Status' }).waitFor();

    // A recovery code works in the same field, once.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('owner-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').fill(recoveryCodes[3]!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
  });

  it('sends an agent to enrol first when the owner requires it', async () => {
    const clock = new FakeClock(Date.now());
    server = await startTestServer({ clock });
    const owner = await loginToken(server.url);
    const started = await api(server.url, owner, '/auth/two-factor', { method: 'POST' });
    await api(server.url, owner, '/auth/two-factor/confirm', { method: 'POST', body: { code: totpCode(started.body.secret, clock.now()) } });
    expect((await api(server.url, owner, '/settings', { method: 'PATCH', body: { requireTwoFactor: true } })).status).toBe(200);
    await api(server.url, owner, '/agents', { method: 'POST', body: { name: 'Bob', email: 'bob@example.com', password: 'bob-password' } });

    const page = await kit.newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Email').fill('bob@example.com');
    await page.getByLabel('Password').fill('bob-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Set up two-factor sign-in' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Console' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await page.locator('.two-factor-secret').textContent())!.trim();
    await page.getByLabel('Code from the app').fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
    expect(await axeFindings(page, 'main')).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-two-factor-required') });
    await page.getByRole('button', { name: 'I have saved the codes' }).click();
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
  });
});

describe('two-factor in the settings', () => {
  it("lets the owner require it for everyone and reset an admin's enrolment from the agent list", async () => {
    const clock = new FakeClock(Date.now());
    server = await startTestServer({ clock });
    const owner = await loginToken(server.url);
    const enrolByApi = async (token: string) => {
      const started = await api(server!.url, token, '/auth/two-factor', { method: 'POST' });
      await api(server!.url, token, '/auth/two-factor/confirm', { method: 'POST', body: { code: totpCode(started.body.secret, clock.now()) } });
      return started.body.secret as string;
    };
    const secret = await enrolByApi(owner);
    await api(server.url, owner, '/agents', { method: 'POST', body: { name: 'Ada', email: 'ada@example.com', password: 'ada-password', role: 'admin' } });
    await enrolByApi(await loginToken(server.url, 'ada@example.com', 'ada-password'));

    const page = await kit.newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Email').fill('owner@example.com');
    await page.getByLabel('Password').fill('owner-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    clock.advance(30_000);
    await page.getByLabel('Authentication code').fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
    await nav(page, 'Settings');

    const security = page.getByRole('region', { name: 'Sign-in security', exact: true });
    await security.getByLabel('Require two-factor sign-in for everyone').check();
    await security.getByRole('button', { name: 'Save' }).click();
    await poll(() => security.getByRole('status').textContent()).toBe('Saved.');
    expect((await api(server.url, owner, '/settings')).body.settings.requireTwoFactor).toBe(true);
    expect(await axeFindings(page, '#security')).toEqual([]);

    const ada = page.getByRole('row').filter({ hasText: 'ada@example.com' });
    await ada.getByText('Two-factor', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reset two-factor sign-in of Ada' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset two-factor sign-in of Ada?' });
    expect(await axeFindings(page, 'dialog[open]')).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-two-factor-reset') });
    await dialog.getByRole('button', { name: 'Reset two-factor' }).click();
    await poll(() => ada.getByText('Two-factor', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reset two-factor sign-in of Ada' }).count()).toBe(0);
    // Ada signs in with her password again, and is sent to enrol: the owner requires it.
    const again = await signInAttempt(server.url, { email: 'ada@example.com', password: 'ada-password' });
    expect(again.status).toBe(200);
    expect(again.body.agent).toMatchObject({ twoFactor: false, mustEnrolTwoFactor: true });
  });
});

describe('the audit log page', () => {
  it('lists entries newest first, filters by action and by who, and pages back', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    const bob = (await api(server.url, owner, '/agents', { method: 'POST', body: { name: 'Bob', email: 'bob@example.com', password: 'bob-password' } })).body.agent;
    await api(server.url, owner, `/agents/${bob.id}`, { method: 'PATCH', body: { role: 'admin' } });
    // Older entries than one page holds: sign-ins of Bob's, an hour apart, long ago.
    const start = Date.parse('2026-01-05T09:00:00Z');
    for (let i = 0; i < 60; i++) {
      await recordAudit(server.store, { at: start + i * 3_600_000, actor: bob.id, action: 'auth.signed_in', target: bob.id, ip: '203.0.113.7', details: null });
    }

    const page = await kit.newPage({ timezoneId: 'UTC' });
    await kit.signIn(page, server.url);
    await nav(page, 'Audit log');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const rows = page.locator('.audit-table tbody tr');
    await poll(() => rows.count()).toBe(50);
    // Newest first: the console's own sign-in (the test's after the API's) on top.
    expect(await rows.first().locator('td').nth(2).textContent()).toBe('Signed in');
    expect(await rows.first().locator('td').nth(1).textContent()).toBe('Owner (owner@example.com)');
    expect(await axeFindings(page, 'main')).toEqual([]);
    await page.screenshot({ path: screenshotPath('console-audit-log'), fullPage: false });

    await page.getByRole('button', { name: 'Older entries' }).click();
    await poll(() => rows.count()).toBeGreaterThan(60);
    expect(await page.getByRole('button', { name: 'Older entries' }).count()).toBe(0);

    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Role changed' });
    await page.getByRole('button', { name: 'Show' }).click();
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('td').nth(3).textContent()).toBe('Bob (bob@example.com)');
    expect(await rows.first().locator('td').nth(5).textContent()).toBe('from: agent; to: admin');

    await page.getByLabel('Action', { exact: true }).selectOption('');
    await page.getByLabel('Who', { exact: true }).selectOption({ label: 'Bob (bob@example.com)' });
    await page.getByLabel('From', { exact: true }).fill('2026-01-05');
    await page.getByLabel('To', { exact: true }).fill('2026-01-05');
    await page.getByRole('button', { name: 'Show' }).click();
    // Bob's sign-ins on that day (in the browser's time zone, UTC here): 09:00 to 23:00.
    await poll(() => rows.count()).toBe(15);
    expect((await rows.locator('td:nth-child(5)').allTextContents()).every((ip) => ip === '203.0.113.7')).toBe(true);
    await page.screenshot({ path: screenshotPath('console-audit-log-filtered') });
  });
});
