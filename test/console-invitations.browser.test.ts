import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { invitationLink, startSmtpInbox } from './helpers/smtp.ts';
import { api, consoleBrowserTests, openSettings, poll } from './console-browser-kit.ts';

// Inviting an agent by email in the built console, in Chromium against a real server: the
// admin invites, the invitee opens the emailed link in another browser, chooses a password
// and lands in the inbox; without SMTP the admin copies the link, sends it again, revokes it.

let server: TestServer | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>> | undefined;
const kit = consoleBrowserTests(async () => {
  await server?.close(true);
  server = undefined;
  await smtp?.close();
  smtp = undefined;
});

async function agentsSection(page: Page) {
  await openSettings(page);
  return page.getByRole('region', { name: 'Agents', exact: true });
}

describe('inviting agents', () => {
  it('the admin invites by email; the invitee sets a password from the link and lands in the inbox', async () => {
    smtp = await startSmtpInbox();
    server = await startTestServer({ config: { smtpUrl: smtp.url } });
    const admin = await kit.newPage();
    await kit.signIn(admin, server.url);
    const agents = await agentsSection(admin);

    const invite = agents.getByRole('form', { name: 'Invite by email' });
    await invite.getByText(/They get an email with a link/).waitFor();
    await invite.getByLabel('Name').fill('Dana');
    await invite.getByLabel('Email').fill('OWNER@example.com');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.getByText('an agent with this email exists already', { exact: true }).waitFor();
    expect(await invite.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await invite.getByLabel('Email').fill('dana@example.com');
    await invite.getByLabel('Max chats').fill('2');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await agents.getByText(/^Invitation emailed to dana@example\.com\. The link works once, until /).waitFor();
    const danaRow = agents.getByRole('row', { name: /Dana/ });
    await danaRow.getByText('Invited', { exact: true }).waitFor();
    await danaRow.getByRole('button', { name: 'Send the invitation to Dana again' }).waitFor();
    expect(await invite.getByLabel('Name').inputValue()).toBe('');
    await agents.screenshot({ path: screenshotPath('invite-agent-emailed') });

    await poll(() => smtp!.inbox.length).toBe(1);
    const link = invitationLink(smtp.inbox[0]!);

    const invitee = await kit.newPage();
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: 'Welcome, Dana' }).waitFor();
    expect(await invitee.getByLabel('Email').inputValue()).toBe('dana@example.com');
    await invitee.getByLabel('Password', { exact: true }).fill('short');
    await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
    await poll(() => invitee.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await invitee.getByLabel('Password', { exact: true }).fill('dana-password');
    await invitee.getByLabel('Password again').fill('dana-passw0rd');
    await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
    await invitee.getByText('The two passwords differ.').waitFor();
    await invitee.getByLabel('Password again').fill('dana-password');
    await invitee.screenshot({ path: screenshotPath('invite-set-password') });
    await invitee.getByRole('button', { name: 'Set password and sign in' }).click();

    // Signed in as Dana, in the inbox; the spent link is no longer the page's address.
    await invitee.getByRole('combobox', { name: 'Status' }).waitFor();
    expect(new URL(invitee.url()).pathname).toBe('/console/inbox');
    expect(await invitee.evaluate(() => fetch('/api/auth/me').then((r) => r.json()))).toMatchObject({ agent: { name: 'Dana' } });
    await invitee.screenshot({ path: screenshotPath('invite-landed-in-inbox') });

    // The same link a second time: a clear page, nothing changed.
    await invitee.goto(link);
    await invitee.getByText('This invitation has been used already. Sign in with your email and password.').waitFor();
    await invitee.screenshot({ path: screenshotPath('invite-link-used') });
    await invitee.getByRole('button', { name: 'Go to sign in' }).click();
    await invitee.getByRole('combobox', { name: 'Status' }).waitFor();

    await admin.reload();
    const reloaded = admin.getByRole('region', { name: 'Agents', exact: true });
    await reloaded.getByRole('row', { name: /Dana/ }).waitFor();
    expect(await reloaded.getByRole('row', { name: /Dana/ }).getByText('Invited', { exact: true }).count()).toBe(0);
    await admin.context().close();
    await invitee.context().close();
  });

  it('without SMTP the admin copies the link; sending again voids the old one; revoking removes the invitee', async () => {
    server = await startTestServer();
    const admin = await kit.newPage({ permissions: ['clipboard-read', 'clipboard-write'] });
    await kit.signIn(admin, server.url, undefined, undefined, false);
    const agents = await agentsSection(admin);

    const invite = agents.getByRole('form', { name: 'Invite by email' });
    await invite.getByText(/Email is not set up on this server \(SMTP_URL\)/).waitFor();
    await invite.getByLabel('Name').fill('Erik');
    await invite.getByLabel('Email').fill('erik@example.com');
    await invite.getByLabel('Role').selectOption('admin');
    await invite.getByRole('button', { name: 'Create invitation link' }).click();
    const linkBox = agents.getByRole('textbox', { name: 'Invitation link for Erik' });
    const first = await linkBox.inputValue();
    expect(first).toMatch(new RegExp(`^${server.url}/console/invite/`));
    await agents.getByRole('button', { name: 'Copy link' }).click();
    await agents.getByText('Copied.').waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(first);
    await agents.screenshot({ path: screenshotPath('invite-agent-link') });

    await agents.getByRole('button', { name: 'Send the invitation to Erik again' }).click();
    await poll(() => linkBox.inputValue()).not.toBe(first);
    const second = await linkBox.inputValue();

    const invitee = await kit.newPage();
    await invitee.goto(first);
    await invitee.getByText('A newer invitation was sent to you: open the link in the latest email.').waitFor();

    await agents.getByRole('button', { name: 'Revoke the invitation of Erik' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Revoke the invitation of Erik?' });
    await dialog.getByRole('button', { name: 'Revoke invitation' }).click();
    await dialog.waitFor({ state: 'detached' });
    await agents.getByRole('row', { name: /Erik/ }).waitFor({ state: 'detached' });
    await invitee.goto(second);
    await invitee.getByText('This invitation was withdrawn. Ask your admin if you still need an account.').waitFor();

    const token = await loginToken(server.url);
    expect((await api(server.url, token, '/agents')).body.agents.map((a: any) => a.name)).toEqual(['Owner']);
    await admin.context().close();
    await invitee.context().close();
  });
});
