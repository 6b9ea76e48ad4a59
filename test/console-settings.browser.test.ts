import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeFindings, screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { api, consoleBrowserTests, openSettings, poll } from './console-browser-kit.ts';

// Admins' settings in the built console (issue 5), in Chromium against a real server: every
// section saves through the REST API and shows the field the server refused; an agent in
// another browser sees none of it; the console speaks English, Russian and Bulgarian.

let server: TestServer | undefined;
const kit = consoleBrowserTests(async () => {
  await server?.close(true);
  server = undefined;
});

const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

describe('admin settings', () => {
  it('manages departments, agents, SLA policies and shared canned replies, naming refused fields', async () => {
    server = await startTestServer();
    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    await openSettings(page);

    const departments = section(page, 'Departments');
    await departments.getByLabel('Department name').fill('Billing & refunds');
    expect(await departments.getByLabel('Department id').inputValue()).toBe('billing-refunds');
    await departments.getByRole('button', { name: 'Add department' }).click();
    await departments.getByText('Billing & refunds').waitFor();
    await departments.getByRole('button', { name: 'Add department' }).click();
    // The refusal sits beside the field it names; by the button only a pointer to it.
    await departments.getByRole('alert').getByText('Not saved: Check the field marked above.').waitFor();
    await departments.getByText('must not be empty', { exact: true }).waitFor();
    expect(await departments.getByLabel('Department id').getAttribute('aria-invalid')).toBe('true');

    const agents = section(page, 'Agents');
    const newAgent = agents.getByRole('form', { name: 'Add an agent' });
    await newAgent.getByLabel('Name').fill('Dana');
    await newAgent.getByLabel('Email').fill('dana@example.com');
    await newAgent.getByLabel('Password').fill('short');
    await newAgent.getByRole('button', { name: 'Add agent' }).click();
    await newAgent.getByText('must be at least 8 characters', { exact: true }).waitFor();
    expect(await newAgent.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await newAgent.getByLabel('Password').fill('dana-password');
    await newAgent.getByLabel('Max chats').fill('2');
    await newAgent.getByRole('checkbox', { name: 'Billing & refunds' }).check();
    await newAgent.getByRole('button', { name: 'Add agent' }).click();
    const danaRow = agents.getByRole('row', { name: /Dana/ });
    await danaRow.waitFor();
    expect(await danaRow.textContent()).toContain('Billing & refunds');
    expect(await newAgent.getByLabel('Name').inputValue()).toBe('');
    // An owner may make owners: the role list offers it.
    expect(await newAgent.getByLabel('Role').locator('option').allTextContents()).toEqual(['Agent', 'Admin', 'Owner']);

    await danaRow.getByRole('button', { name: 'Edit Dana' }).click();
    const editor = agents.getByRole('form', { name: 'Edit Dana' });
    await editor.getByLabel('Max chats').fill('4');
    await editor.getByLabel('Role').selectOption('admin');
    await editor.getByRole('button', { name: 'Save agent' }).click();
    await poll(() => agents.getByRole('row', { name: /Dana/ }).textContent()).toMatch(/Admin.*4/);
    // My own row cannot change my role or disable me.
    await agents.getByRole('button', { name: 'Edit Owner' }).click();
    const mine = agents.getByRole('form', { name: 'Edit Owner' });
    expect(await mine.getByLabel('Role').isDisabled()).toBe(true);
    expect(await mine.getByRole('checkbox', { name: /Disabled/ }).count()).toBe(0);
    await mine.getByRole('button', { name: 'Cancel' }).click();

    const sla = section(page, 'SLA policies');
    await sla.getByLabel('Department').selectOption({ label: 'Billing & refunds' });
    await sla.getByLabel('Priority').selectOption('high');
    await sla.getByLabel('First reply within (minutes)').fill('-1');
    await sla.getByRole('button', { name: 'Save policy' }).click();
    // In plain words beside the field, not zod's "Too small: expected number to be >=0".
    await sla.getByText('must be 0 or more', { exact: true }).waitFor();
    await sla.getByRole('alert').getByText('Not saved: Check the field marked above.').waitFor();
    await sla.screenshot({ path: screenshotPath('settings-sla-refused') });
    expect(await sla.getByLabel('First reply within (minutes)').getAttribute('aria-invalid')).toBe('true');
    await sla.getByLabel('First reply within (minutes)').fill('2');
    await sla.getByLabel('Resolved within (minutes)').fill('30');
    await sla.getByRole('button', { name: 'Save policy' }).click();
    await poll(() => sla.getByRole('row').nth(1).textContent()).toBe('Billing & refundsHigh2m 0s30m 0sDelete');

    const canned = section(page, 'Canned replies');
    await canned.getByLabel('Shortcut').fill('/refund');
    await canned.getByLabel('Department').selectOption({ label: 'Billing & refunds' });
    await canned.getByLabel('Reply text').fill('Your refund for {site} is on its way, {visitor.name}.');
    await canned.getByRole('button', { name: 'Add reply' }).click();
    await canned.getByRole('region', { name: 'Billing & refunds' }).getByText('/refund').waitFor();
    await canned.getByLabel('Shortcut').fill('hello there');
    await canned.getByLabel('Reply text').fill('Hello!');
    await canned.getByRole('button', { name: 'Add reply' }).click();
    await canned.getByText('must be letters, digits, _ or -', { exact: true }).waitFor();
    await agents.screenshot({ path: screenshotPath('settings-agents') });
    await canned.screenshot({ path: screenshotPath('settings-canned') });

    const token = await loginToken(server.url);
    const stored = await api(server.url, token, '/agents');
    expect(stored.body.agents.find((a: any) => a.email === 'dana@example.com')).toMatchObject({
      role: 'admin',
      maxChats: 4,
      departments: ['billing-refunds'],
    });
    const policies = (await api(server.url, token, '/sla-policies')).body.policies;
    expect(policies).toMatchObject([{ departmentId: 'billing-refunds', priority: 'high', firstResponseSec: 120, resolutionSec: 1800 }]);
    expect((await api(server.url, token, '/canned')).body.canned).toMatchObject([
      { shortcut: 'refund', departmentId: 'billing-refunds', ownerAgentId: null },
    ]);
    await page.context().close();
  });

  it('renames and deletes departments, deletes SLA policies and moves canned replies, asking first and showing the server’s refusals', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    for (const d of [{ id: 'sales', name: 'Sales' }, { id: 'returns', name: 'Returns' }]) {
      await api(server.url, token, '/departments', { method: 'POST', body: d });
    }
    for (const departmentId of [null, 'sales']) {
      await api(server.url, token, '/sla-policies', {
        method: 'PUT',
        body: { departmentId, priority: 'normal', firstResponseSec: departmentId ? 30 : 60, resolutionSec: null },
      });
    }
    const hello = (await api(server.url, token, '/canned', { method: 'POST', body: { shortcut: 'hello', text: 'Hello!' } })).body.canned;
    // A chat in Sales: the department is part of the history from now on.
    await kit.visitorSays(server.url, 'Do you sell kettles?', { department: 'sales' });
    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    await openSettings(page);

    const departments = section(page, 'Departments');
    await departments.getByRole('button', { name: 'Rename Returns' }).click();
    const rename = departments.getByRole('form', { name: 'Rename Returns' });
    await rename.getByLabel('New name').fill('  ');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await rename.getByRole('alert').getByText('Not saved: Check the field marked above.').waitFor();
    await rename.getByText('must not be empty', { exact: true }).waitFor();
    expect(await rename.getByLabel('New name').getAttribute('aria-invalid')).toBe('true');
    await rename.getByLabel('New name').fill('Returns & exchanges');
    await rename.getByRole('button', { name: 'Save name' }).click();
    await poll(() => departments.getByRole('row', { name: /exchanges/ }).textContent()).toBe('Returns & exchangesreturnsRenameDelete');
    // The other sections know the new name at once.
    await section(page, 'SLA policies').getByRole('option', { name: 'Returns & exchanges' }).waitFor({ state: 'attached' });

    // Sales has a chat: the server refuses and says why, in the dialog; nothing is removed.
    const deleteSales = departments.getByRole('button', { name: 'Delete Sales' });
    await deleteSales.click();
    const confirmSales = page.getByRole('dialog', { name: 'Delete the department Sales?' });
    await confirmSales.waitFor();
    expect(await confirmSales.getByRole('button', { name: 'Cancel' }).evaluate((b) => b === document.activeElement)).toBe(true);
    await confirmSales.getByRole('button', { name: 'Delete department' }).click();
    await poll(() => confirmSales.getByRole('alert').textContent()).toBe(
      'Not deleted: the department is in use by 1 chat, 1 SLA policy: chats keep their department for the history and the metrics, so it can only be renamed',
    );
    expect(await axeFindings(page, 'dialog[open]')).toEqual([]);
    await page.screenshot({ path: screenshotPath('settings-department-delete-refused') });
    await confirmSales.getByRole('button', { name: 'Cancel' }).click();
    await confirmSales.waitFor({ state: 'detached' });
    expect(await deleteSales.evaluate((b) => b === document.activeElement)).toBe(true);

    // An unused one goes, after a second thought.
    await departments.getByRole('button', { name: 'Delete Returns & exchanges' }).click();
    const confirmReturns = page.getByRole('dialog', { name: 'Delete the department Returns & exchanges?' });
    await confirmReturns.waitFor();
    await page.keyboard.press('Escape');
    await confirmReturns.waitFor({ state: 'detached' });
    await departments.getByRole('button', { name: 'Delete Returns & exchanges' }).click();
    await confirmReturns.getByRole('button', { name: 'Delete department' }).click();
    await confirmReturns.waitFor({ state: 'detached' });
    await departments.getByRole('row', { name: /exchanges/ }).waitFor({ state: 'detached' });
    expect((await api(server.url, token, '/departments')).body.departments).toEqual([{ id: 'sales', name: 'Sales' }]);
    await departments.screenshot({ path: screenshotPath('settings-departments') });

    const sla = section(page, 'SLA policies');
    await sla.getByRole('button', { name: 'Delete the SLA policy for Sales, Normal' }).click();
    const confirmPolicy = page.getByRole('dialog', { name: 'Delete the SLA policy for Sales, Normal?' });
    await confirmPolicy.getByText(/follow the policy for all departments/).waitFor();
    await confirmPolicy.getByRole('button', { name: 'Delete policy' }).click();
    await confirmPolicy.waitFor({ state: 'detached' });
    await poll(() => sla.getByRole('row').allTextContents()).toEqual([
      'DepartmentPriorityFirst reply withinResolved withinActions',
      'All departmentsNormal1m 0sNo targetDelete',
    ]);
    expect((await api(server.url, token, '/sla-policies')).body.policies).toMatchObject([{ departmentId: null, priority: 'normal' }]);
    expect([...(await axeFindings(page, '#departments')), ...(await axeFindings(page, '#sla'))]).toEqual([]);
    // Now Sales is only in the history: still refused, and the refusal says so.
    await deleteSales.click();
    await confirmSales.getByRole('button', { name: 'Delete department' }).click();
    await poll(() => confirmSales.getByRole('alert').textContent()).toMatch(/in use by 1 chat: /);
    await confirmSales.getByRole('button', { name: 'Cancel' }).click();

    // A shared reply moves to a department, then becomes the admin's own.
    const canned = section(page, 'Canned replies');
    await canned.getByRole('button', { name: 'Edit /hello' }).click();
    let editor = canned.getByRole('form', { name: 'Edit /hello' });
    await editor.getByLabel('Department').selectOption({ label: 'Sales' });
    await editor.getByRole('button', { name: 'Save reply' }).click();
    await canned.getByRole('region', { name: 'Sales' }).getByText('/hello').waitFor();
    await canned.getByRole('button', { name: 'Edit /hello' }).click();
    editor = canned.getByRole('form', { name: 'Edit /hello' });
    expect(await editor.getByLabel('Department').inputValue()).toBe('sales');
    await editor.getByLabel('Who can use it').selectOption('personal');
    expect(await editor.getByLabel('Department').count()).toBe(0);
    await editor.screenshot({ path: screenshotPath('settings-canned-edit') });
    await editor.getByRole('button', { name: 'Save reply' }).click();
    await canned.getByRole('region', { name: 'My replies' }).getByText('/hello').waitFor();
    const me = (await api(server.url, token, '/auth/me')).body.agent;
    expect((await api(server.url, token, '/canned')).body.canned).toEqual([{ ...hello, departmentId: null, ownerAgentId: me.id }]);
    await canned.screenshot({ path: screenshotPath('settings-canned-moved') });
    await page.context().close();
  });

  it('edits the widget look, origins, routing, tag rule, auto-away, surveys and shows the identity secret', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    await openSettings(page);

    const widget = section(page, 'Widget look');
    await widget.getByLabel('Color').fill('red');
    await widget.getByRole('button', { name: 'Save widget look' }).click();
    await widget.getByText('must be a color such as #2f5bea', { exact: true }).waitFor();
    await widget.getByLabel('Color').fill('#c0392b');
    await widget.getByLabel('Position').selectOption('left');
    await widget.getByLabel('Theme').selectOption('dark');
    await widget.getByLabel('Greeting').fill('Questions about kettles? Ask us!');
    await widget.getByLabel('Launcher text').fill('Chat with us');
    await widget.getByRole('button', { name: 'Save widget look' }).click();
    await widget.getByRole('status').getByText('Saved.').waitFor();
    const config = await (await fetch(`${server.url}/api/widget/config`)).json();
    expect(config).toMatchObject({
      color: '#c0392b',
      position: 'left',
      theme: 'dark',
      greeting: 'Questions about kettles? Ask us!',
      launcherText: 'Chat with us',
    });
    await widget.screenshot({ path: screenshotPath('settings-widget') });

    const site = section(page, 'Site and routing');
    await site.getByLabel('Site name').fill('Kettle World');
    await site.getByLabel('Allowed site origins').fill('https://shop.example\nhttps://blog.example/posts');
    await site.getByRole('button', { name: 'Save site settings' }).click();
    await site.getByText(/^Line 2: .*must be an origin/).waitFor();
    await site.getByLabel('Allowed site origins').fill('https://shop.example\n\nhttps://blog.example');
    await site.getByLabel('Routing mode').selectOption('auto');
    await site.getByLabel('Auto-away after (minutes idle)').fill('15');
    await site.getByRole('checkbox', { name: 'Require a tag before a chat can be closed' }).check();
    await site.getByRole('button', { name: 'Save site settings' }).click();
    await site.getByRole('status').getByText('Saved.').waitFor();
    expect((await api(server.url, token, '/settings')).body.settings).toMatchObject({
      siteName: 'Kettle World',
      allowedOrigins: ['https://shop.example', 'https://blog.example'],
      routingMode: 'auto',
      autoAwayMinutes: 15,
      requireTagToClose: true,
    });

    const surveys = section(page, 'Surveys');
    await surveys.getByRole('checkbox', { name: 'Ask CES (effort) after CSAT' }).uncheck();
    await surveys.getByLabel('CES scale').selectOption('5');
    await surveys.getByLabel('NPS after (hours)').fill('0');
    await surveys.getByLabel('An NPS not shown expires after (days)').fill('0');
    await surveys.getByRole('button', { name: 'Save survey settings' }).click();
    await surveys.getByRole('alert').getByText('Not saved: Check the field marked above.').waitFor();
    expect(await surveys.getByLabel('An NPS not shown expires after (days)').getAttribute('aria-invalid')).toBe('true');
    await surveys.getByText('must be 1 or more', { exact: true }).waitFor();
    await surveys.getByLabel('An NPS not shown expires after (days)').fill('14');
    await surveys.getByRole('button', { name: 'Save survey settings' }).click();
    await surveys.getByRole('status').getByText('Saved.').waitFor();
    expect((await api(server.url, token, '/surveys/settings')).body.settings).toMatchObject({
      cesEnabled: false,
      csatEnabled: true,
      cesScale: 5,
      npsDelayHours: 0,
      npsExpireDays: 14,
    });

    // The wording per language: a Russian CSAT question of the owner's, then back to built-in.
    const texts = surveys.getByRole('form', { name: 'Question texts' });
    await texts.getByLabel('Wording for').selectOption('ru');
    const csatQuestion = texts.getByLabel('CSAT question');
    await poll(() => csatQuestion.inputValue()).toBe('Насколько вы довольны полученной поддержкой?');
    await csatQuestion.fill('Как вам наша помощь?');
    await texts.getByLabel('NPS question').fill('   ');
    await texts.getByRole('button', { name: 'Save texts' }).click();
    await texts.getByRole('status').getByText('Saved.').waitFor();
    const saved = (await api(server.url, token, '/surveys/settings')).body;
    expect(saved.settings.texts).toEqual({ ru: { csat: 'Как вам наша помощь?' } });
    expect(saved.effectiveTexts.ru.nps).toBe('Насколько вероятно, что вы порекомендуете {site} другу или коллеге?');
    await texts.getByRole('button', { name: 'Back to the built-in wording' }).click();
    await poll(() => csatQuestion.inputValue()).toBe('Насколько вы довольны полученной поддержкой?');
    expect((await api(server.url, token, '/surveys/settings')).body.settings.texts).toEqual({});

    // What the widget asks, shows and records: tracking, pre-chat form, invitations, hours.
    const visitors = section(page, 'Visitors and invitations');
    await visitors.getByRole('checkbox', { name: /Record page views/ }).uncheck();
    await visitors.getByLabel('Email').selectOption('required');
    await visitors.getByRole('button', { name: 'Add an invitation' }).click();
    const invitation = visitors.getByRole('group', { name: 'Invitation 1' });
    await invitation.getByLabel('Page address contains').fill('/pricing');
    await visitors.getByRole('button', { name: 'Save visitor settings' }).click();
    await invitation.getByText(/must not be empty/).waitFor();
    await invitation.getByLabel('Greeting').fill('Questions about plans? Ask us.');
    await visitors.getByLabel('Add hours for').selectOption('*');
    const hours = visitors.getByRole('group', { name: 'Every department' });
    await hours.getByLabel('Time zone').fill('Europe/Sofia');
    await hours.getByRole('checkbox', { name: 'Open on Saturday' }).check();
    // A lunch break on Monday, by keyboard only: the new span's "opens" takes the focus.
    await hours.getByLabel('Monday closes').fill('13:00');
    // Tab steps through the time's hour, minutes and AM/PM, then on to the next control.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    for (let i = 0; i < 5 && (await focused()) !== 'Add a span on Monday'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('Add a span on Monday');
    await page.keyboard.press('Enter');
    await poll(focused).toBe('Monday, span 2 opens');
    expect(await hours.getByLabel('Monday, span 2 closes').inputValue()).toBe('18:00');
    // 12:00 overlaps the morning: marked at once, and not saved.
    await hours.getByLabel('Monday, span 2 opens').fill('12:00');
    await hours.getByText('Overlaps 09:00–13:00 on the same day').waitFor();
    await visitors.getByRole('button', { name: 'Save visitor settings' }).click();
    await visitors.getByRole('alert').getByText('Not saved: Check the opening hours marked below.').waitFor();
    await poll(focused).toBe('Monday, span 2 opens');
    expect(await hours.getByLabel('Monday, span 2 opens').getAttribute('aria-invalid')).toBe('true');
    await hours.getByLabel('Monday, span 2 opens').fill('14:00');
    await hours.getByRole('button', { name: 'Copy Monday to Tuesday–Friday' }).click();
    await hours.getByRole('status').getByText('Monday’s hours copied to Tuesday–Friday.').waitFor();
    await hours.getByRole('checkbox', { name: 'Open on Wednesday' }).uncheck();
    expect(await axeFindings(page, '#visitors')).toEqual([]);
    await visitors.getByRole('button', { name: 'Save visitor settings' }).click();
    await visitors.getByRole('status').getByText('Saved.').waitFor();
    await hours.screenshot({ path: screenshotPath('settings-visitors-hours') });
    await visitors.screenshot({ path: screenshotPath('settings-visitors') });
    const visitorSettings = (await api(server.url, token, '/settings')).body.settings;
    expect(visitorSettings.tracking).toBe(false);
    expect(visitorSettings.preChatForm.email).toBe('required');
    expect(visitorSettings.invitations).toMatchObject([{ text: 'Questions about plans? Ask us.', urlPattern: '/pricing', enabled: true }]);
    const lunchBreak = [
      { from: '09:00', to: '13:00' },
      { from: '14:00', to: '18:00' },
    ];
    expect(visitorSettings.businessHours['*']).toEqual({
      timeZone: 'Europe/Sofia',
      days: { mon: lunchBreak, tue: lunchBreak, wed: [], thu: lunchBreak, fri: lunchBreak, sat: [{ from: '09:00', to: '18:00' }], sun: [] },
    });

    const identity = section(page, 'Identity secret');
    await identity.getByRole('button', { name: 'Show the identity secret' }).click();
    const secret = (await api(server.url, token, '/settings/identity-secret')).body.secret;
    await poll(() => identity.getByLabel('Identity secret').textContent()).toBe(secret);
    await site.screenshot({ path: screenshotPath('settings-site') });
    await surveys.screenshot({ path: screenshotPath('settings-surveys') });

    // This console follows the new rules at once: auto-assign, and a tag before closing.
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('auto-assign on').waitFor();
    await page.context().close();
  });

  it('an agent sees no settings, keeps personal canned replies and uses them; shared ones are read-only', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    await api(server.url, token, '/canned', { method: 'POST', body: { shortcut: 'hours', text: 'We are open 9 to 5.' } });
    await api(server.url, token, '/agents', {
      method: 'POST',
      body: { name: 'Eve', email: 'eve@example.com', password: 'eve-password', role: 'agent' },
    });
    const page = await kit.newPage();
    await kit.signIn(page, server.url, 'eve@example.com', 'eve-password');
    const nav = page.getByRole('navigation', { name: 'Console' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Inbox', 'Canned replies', 'Search', 'Visitors', 'Follow-ups', 'Reviews', 'Account']);
    await page.goto(`${server.url}/console/settings`);
    await poll(() => page.evaluate(() => location.pathname)).toBe('/console/inbox');

    await nav.getByRole('link', { name: 'Canned replies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Canned replies' }).waitFor();
    const shared = page.getByRole('region', { name: 'All departments' });
    await shared.getByText('/hours').waitFor();
    expect(await shared.getByRole('button').count()).toBe(0);
    // No choice of scope for an agent: theirs only.
    expect(await page.getByLabel('Who can use it').count()).toBe(0);
    await page.getByLabel('Shortcut').fill('sig');
    await page.getByLabel('Reply text').fill('Best regards, {agent.name}');
    await page.getByRole('button', { name: 'Add reply' }).click();
    const personal = page.getByRole('region', { name: 'My replies' });
    await personal.getByText('/sig').waitFor();
    await personal.getByRole('button', { name: 'Edit /sig' }).click();
    await personal.getByLabel('Reply text').fill('Kind regards, {agent.name}');
    await personal.getByRole('button', { name: 'Save reply' }).click();
    await personal.getByText('Kind regards, {agent.name}').waitFor();
    await page.screenshot({ path: screenshotPath('settings-agent-canned') });

    const visitor = await kit.visitorSays(server.url, 'Thanks, bye!', {}, 'Finn');
    await nav.getByRole('link', { name: 'Inbox' }).click();
    await page.getByRole('listitem', { name: 'Finn' }).getByRole('button', { name: 'Accept' }).click();
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.pressSequentially('/si');
    await page.getByRole('listbox', { name: 'Canned replies' }).getByRole('option', { name: /\/sig/ }).waitFor();
    await reply.press('Enter');
    await poll(() => reply.inputValue()).toBe('Kind regards, Eve');
    await reply.press('Enter');
    const sent = await visitor.waitFor('message:new', (m) => m.author === 'agent');
    expect(sent.text).toBe('Kind regards, Eve');
    expect(sent.cannedId).toBeTruthy();

    // Roles hold on the server too.
    const eveToken = await loginToken(server.url, 'eve@example.com', 'eve-password');
    expect((await api(server.url, eveToken, '/settings')).status).toBe(403);
    await page.context().close();
  });

  it('speaks Russian and Bulgarian, chosen in the top bar and kept across a reload; English names stay for English', async () => {
    server = await startTestServer();
    const page = await kit.newPage();
    await kit.signIn(page, server.url);
    await kit.visitorSays(server.url, 'Здравствуйте! Есть чайники?', { locale: 'ru-RU' }, 'Иван');
    await page.getByRole('listitem', { name: 'Иван' }).getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('textbox', { name: 'Reply' }).waitFor();

    await page.locator('.top-bar').getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await page.getByRole('textbox', { name: 'Ответ' }).waitFor();
    await page.getByRole('button', { name: 'Передать' }).waitFor();
    await page.getByRole('textbox', { name: 'Внутренняя заметка' }).waitFor();
    await page.getByRole('textbox', { name: 'Добавить метку' }).waitFor();
    expect(await page.getByRole('combobox', { name: 'Статус' }).inputValue()).toBe('online');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await page.screenshot({ path: screenshotPath('console-russian') });

    await page.reload();
    await page.getByRole('link', { name: 'Настройки' }).click();
    await page.getByRole('heading', { level: 1, name: 'Настройки' }).waitFor();
    await page.locator('.top-bar').getByRole('combobox', { name: 'Язык' }).selectOption('bg');
    await page.getByRole('heading', { level: 1, name: 'Настройки' }).waitFor();
    await page.getByRole('region', { name: 'Агенти', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Входящи' }).click();
    await page.getByRole('list', { name: /Моите чатове/ }).getByRole('button', { name: 'Иван' }).click();
    await page.getByRole('textbox', { name: 'Отговор' }).waitFor();
    await page.screenshot({ path: screenshotPath('console-bulgarian') });

    await page.locator('.top-bar').getByRole('combobox', { name: 'Език' }).selectOption('en');
    await page.getByRole('textbox', { name: 'Reply' }).waitFor();
    await page.getByRole('button', { name: 'Transfer', exact: true }).waitFor();
    await page.context().close();
  });

  // Russian and Bulgarian words are longer: at first their links ran under the status select,
  // cut at "Настрой" and "Н", with Settings, Audit log and Account out of sight.
  it.each(['en', 'ru', 'bg'])('fits an owner’s every page link in the top bar of a 1280 px laptop, in %s', async (lang) => {
    server = await startTestServer();
    const page = await kit.newPage({ viewport: { width: 1280, height: 800 } });
    await kit.signIn(page, server.url);
    const nav = page.locator('.top-nav');
    await nav.getByRole('link', { name: 'Account' }).waitFor();
    if (lang !== 'en') {
      await page.locator('.top-bar').getByRole('combobox', { name: 'Language' }).selectOption(lang);
      await poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await nav.getByRole('link', { name: 'Inbox' }).waitFor({ state: 'detached' });
    }
    const links = await nav.getByRole('link').count();
    expect(links).toBeGreaterThanOrEqual(10);
    // Every link shown whole, none scrolled out of sight (a hidden link is a page nobody finds).
    const { scrollWidth, clientWidth } = await nav.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    // And none under the controls at the bar's end.
    const lastLink = (await nav.getByRole('link').last().boundingBox())!;
    const end = (await page.locator('.top-bar-end').boundingBox())!;
    expect(lastLink.x + lastLink.width).toBeLessThanOrEqual(end.x);
    await page.screenshot({ path: screenshotPath(`console-top-bar-1280-${lang}`) });
    await page.context().close();
  });

  it('starts in the browser’s language on the sign-in page', async () => {
    server = await startTestServer();
    const page = await kit.newPage({ locale: 'bg-BG' });
    await page.goto(`${server.url}/console/`);
    await page.getByRole('heading', { name: 'Вход в конзолата на агента' }).waitFor();
    await page.getByLabel('Имейл').fill('owner@example.com');
    await page.getByLabel('Парола').fill('wrong-password');
    await page.getByRole('button', { name: 'Вход' }).click();
    await poll(() => page.getByRole('alert').textContent()).toBe('Грешен имейл или парола.');
    await page.screenshot({ path: screenshotPath('console-sign-in-bulgarian') });
    await page.context().close();
  });
});
