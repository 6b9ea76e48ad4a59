import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { distDir } from '../server/app.ts';
import { newId } from '../shared/ids.ts';
import { axeFindings, screenshotPath } from './helpers/browser.ts';
import { connectAgent, connectVisitor, createAgentAccount } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { api, consoleBrowserTests, poll } from './console-browser-kit.ts';

// The console on a phone and on an upright tablet (issue 14), in Chromium against a real
// server: an agent's day (sign in, go online, accept, a canned reply, transfer, close) and the
// owner's (dashboard with filters, a settings page). At every step nothing scrolls sideways,
// what is tapped is inside the viewport and at least 44 px tall, and axe finds nothing serious.

let server: TestServer | undefined;
let deployment: Deployment | undefined;
const kit = consoleBrowserTests(async () => {
  await deployment?.close();
  deployment = undefined;
  await server?.close(true);
  server = undefined;
});

const devices: { name: string; options: BrowserContextOptions; phone: boolean }[] = [
  { name: 'phone', phone: true, options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  { name: 'tablet', phone: false, options: { viewport: { width: 768, height: 1024 }, isMobile: true, hasTouch: true } },
];

async function noSidewaysScroll(page: Page): Promise<void> {
  // Against the initial containing block, not innerWidth: a mobile browser widens its layout
  // viewport (and so innerWidth) to whatever overflows, which hid the overflow from this check.
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth }));
  expect(widths.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(widths.viewport);
}

/**
 * Nor does the page's own pane (`.page` scrolls inside the shell, so the document's width above
 * never shows it): a table wider than a phone widened the pane and took its buttons off screen.
 */
async function paneFits(page: Page): Promise<void> {
  const pane = await page.locator('.page').evaluate((el) => ({ scroll: el.scrollWidth, width: el.clientWidth }));
  expect(pane.scroll, 'the page pane scrolls sideways').toBeLessThanOrEqual(pane.width);
}

/** Each of a table row's cells wholly inside the viewport's width. */
async function rowOnScreen(page: Page, row: Locator): Promise<void> {
  const width = page.viewportSize()!.width;
  const cells = await row.locator('th, td').evaluateAll((els) =>
    els.filter((el) => el.getClientRects().length > 0).map((el) => (({ left, right }) => [Math.round(left), Math.round(right)])(el.getBoundingClientRect())),
  );
  expect(cells.length).toBeGreaterThan(0);
  for (const [left, right] of cells) {
    expect(left).toBeGreaterThanOrEqual(0);
    expect(right).toBeLessThanOrEqual(width);
  }
}

/** The window itself never scrolls: the shell fills it and only the panes inside scroll. */
async function shellFillsWindow(page: Page): Promise<void> {
  const viewport = page.viewportSize()!;
  const where = await page.evaluate(() => ({
    documentScrollTop: document.scrollingElement!.scrollTop,
    panned: visualViewport!.pageTop,
    layoutViewport: [innerWidth, innerHeight],
    shell: (({ top, bottom }) => [top, bottom])(document.querySelector('.shell')!.getBoundingClientRect()),
  }));
  expect(where).toEqual({ documentScrollTop: 0, panned: 0, layoutViewport: [viewport.width, viewport.height], shell: [0, viewport.height] });
}

/** Taps a control after checking that it is wholly on screen and big enough for a finger. */
async function tap(page: Page, control: Locator): Promise<void> {
  await control.waitFor();
  await control.scrollIntoViewIfNeeded();
  const box = (await control.boundingBox())!;
  const viewport = page.viewportSize()!;
  const where = `${await control.evaluate((el) => el.outerHTML.slice(0, 80))} at ${JSON.stringify(box)}`;
  expect(box.x, where).toBeGreaterThanOrEqual(0);
  expect(box.y, where).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, where).toBeLessThanOrEqual(viewport.width + 0.5);
  expect(box.y + box.height, where).toBeLessThanOrEqual(viewport.height + 0.5);
  expect(box.height, `${where}: shorter than 44 px`).toBeGreaterThanOrEqual(44);
  await control.tap();
}

async function signIn(page: Page) {
  await page.goto(`${server!.url}/console/`);
  await noSidewaysScroll(page);
  await page.getByLabel('Email').fill('owner@example.com');
  await page.getByLabel('Password').fill('owner-password');
  await tap(page, page.getByRole('button', { name: 'Sign in' }));
  const status = page.getByRole('combobox', { name: 'Status' });
  await status.waitFor();
  await poll(() => status.isEnabled()).toBe(true);
  await status.scrollIntoViewIfNeeded();
  await tap(page, status).catch(async (err) => {
    // A select opens the system picker on tap; the choice is made below either way.
    if (!String(err).includes('Timeout')) throw err;
  });
  await status.selectOption('online');
  await poll(() => status.inputValue()).toBe('online');
}

describe.each(devices)('the console on a $name', ({ name, options, phone }) => {
  it("an agent's day: online, accept, a canned reply, transfer, close", async () => {
    server = await startTestServer({ config: { siteName: 'Kettle World' } });
    const token = await loginToken(server.url);
    await api(server.url, token, '/canned', { method: 'POST', body: { shortcut: 'hello', text: 'Hello {visitor.name}, how can I help?' } });
    const bobToken = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    const bob = await connectAgent(server.url, bobToken);
    kit.visitors.push(bob);
    expect((await bob.call('status:set', { status: 'online' })).ok).toBe(true);

    const page = await kit.newPage(options);
    await signIn(page);
    await noSidewaysScroll(page);
    expect(await axeFindings(page)).toEqual([]);

    const first = await kit.visitorSays(server.url, 'My kettle does not boil', { locale: 'en-GB' }, 'Ann');
    const second = await kit.visitorSays(server.url, 'Where is my order?', {}, 'Dan');
    const queued = page.getByRole('listitem', { name: 'Ann' });
    await queued.waitFor();
    await page.screenshot({ path: screenshotPath(`phone-${name}-lists`) });
    await noSidewaysScroll(page);
    await tap(page, queued.getByRole('button', { name: 'Accept' }));
    const title = page.getByRole('heading', { level: 2, name: 'Ann' });
    await title.waitFor();
    if (phone) {
      // One pane at a time: the lists are gone, Back brings them again.
      await poll(() => page.getByRole('navigation', { name: 'Chats' }).isVisible()).toBe(false);
    }

    const reply = page.getByRole('textbox', { name: 'Reply' });
    await tap(page, reply);
    await reply.pressSequentially('/hel');
    const list = page.getByRole('listbox', { name: 'Canned replies' });
    await list.waitFor();
    await page.screenshot({ path: screenshotPath(`phone-${name}-canned`) });
    await reply.press('Enter');
    await poll(() => reply.inputValue()).toBe('Hello Ann, how can I help?');
    await tap(page, page.getByRole('button', { name: 'Send' }));
    await first.waitFor('message:new', (m) => m.text === 'Hello Ann, how can I help?');
    await noSidewaysScroll(page);
    expect(await axeFindings(page)).toEqual([]);

    // The keyboard takes the lower part of the screen: the reply box stays above it.
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: size.width, height: Math.round(size.height * 0.55) });
    await page.screenshot({ path: screenshotPath(`phone-${name}-keyboard`) });
    await poll(async () => {
      const box = (await reply.boundingBox())!;
      return box.y + box.height <= Math.round(size.height * 0.55);
    }).toBe(true);
    await page.screenshot({ path: screenshotPath(`phone-${name}-keyboard`) });
    await page.setViewportSize(size);

    // The visitor panel: a sheet (no column for it at these widths).
    const actions = page.getByRole('button', { name: 'Actions' });
    if (phone) await tap(page, actions);
    await tap(page, page.getByRole('button', { name: 'Visitor', exact: true }));
    const sheet = page.getByRole('dialog', { name: 'Visitor' });
    await sheet.getByText('Ann', { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath(`phone-${name}-visitor-sheet`) });
    expect(await axeFindings(page)).toEqual([]);
    await tap(page, sheet.getByRole('button', { name: 'Close' }));
    await sheet.waitFor({ state: 'detached' });

    // Transfer to Bob from the chat's menu.
    if (phone) await tap(page, actions);
    await page.screenshot({ path: screenshotPath(`phone-${name}-chat-menu`) });
    await tap(page, page.getByRole('button', { name: 'Transfer', exact: true }));
    const dialog = page.getByRole('dialog', { name: 'Transfer this chat' });
    await dialog.getByRole('option', { name: /^Bob · online/ }).waitFor();
    await dialog.getByRole('listbox', { name: 'Transfer to' }).selectOption({ label: 'Bob · online · 0 of 3 chats' });
    await noSidewaysScroll(page);
    await page.screenshot({ path: screenshotPath(`phone-${name}-transfer`) });
    await tap(page, dialog.getByRole('button', { name: 'Transfer chat' }));
    await dialog.waitFor({ state: 'detached' });
    await first.waitFor('chat:update', (c) => c.agent?.name === 'Bob');

    // Back to the lists, accept Dan's chat and close it.
    if (phone) {
      await tap(page, page.getByRole('button', { name: 'Chats' }));
      await page.getByRole('navigation', { name: 'Chats' }).waitFor();
    }
    await tap(page, page.getByRole('listitem', { name: 'Dan' }).getByRole('button', { name: 'Accept' }));
    await page.getByRole('heading', { level: 2, name: 'Dan' }).waitFor();
    if (phone) await tap(page, actions);
    await tap(page, page.getByRole('button', { name: 'Close chat' }));
    await second.waitFor('chat:update', (c) => c.status === 'closed');
    await page.getByText('This chat is closed.').waitFor();
    await noSidewaysScroll(page);
    await page.screenshot({ path: screenshotPath(`phone-${name}-closed`) });

    // Signing out is in the top bar's menu on a phone.
    if (phone) await tap(page, page.getByRole('button', { name: 'Menu' }));
    await page.screenshot({ path: screenshotPath(`phone-${name}-top-menu`) });
    await tap(page, page.getByRole('button', { name: 'Sign out' }));
    await page.getByLabel('Email').waitFor();
    await page.context().close();
    // A whole day with five axe runs: over a minute on a busy 2-core machine.
  }, 150_000);

  it("the owner's day: dashboard with filters, a settings page", async () => {
    server = await startTestServer();
    const page = await kit.newPage(options);
    await signIn(page);
    await tap(page, page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Dashboard' }));
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('.kpi').first().waitFor();
    await noSidewaysScroll(page);
    await page.screenshot({ path: screenshotPath(`phone-${name}-dashboard`), fullPage: true });
    // Tiles in one column on a phone.
    const tiles = await page.locator('.kpi').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().x)));
    if (phone) expect(new Set(tiles).size).toBe(1);
    // Charts fit their cards.
    const overflowing = await page.locator('.chart').evaluateAll((els) =>
      els.filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > innerWidth).length,
    );
    expect(overflowing).toBe(0);
    // The agents table scrolls inside its card, which stays on screen.
    const tableBox = page.locator('.table-scroll');
    await tableBox.scrollIntoViewIfNeeded();
    const card = (await tableBox.boundingBox())!;
    expect(card.x).toBeGreaterThanOrEqual(0);
    expect(card.x + card.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    await page.screenshot({ path: screenshotPath(`phone-${name}-dashboard-agents`) });

    await tap(page, page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '7 days' }));
    if (phone) await tap(page, page.getByRole('button', { name: 'Filters' }));
    const filters = page.getByRole('group', { name: 'Filters' });
    const channel = filters.getByRole('combobox', { name: 'Channel' });
    await channel.waitFor();
    await page.screenshot({ path: screenshotPath(`phone-${name}-dashboard-filters`) });
    expect(await axeFindings(page)).toEqual([]);
    await channel.selectOption('offline');
    await poll(() => page.evaluate(() => location.search)).toContain('channel=offline');
    if (phone) {
      await tap(page, filters.getByRole('button', { name: 'Done' }));
      await poll(() => channel.isVisible()).toBe(false);
      await page.getByRole('button', { name: /Filters/ }).filter({ hasText: '1' }).waitFor();
    }
    await noSidewaysScroll(page);

    await tap(page, page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }));
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await noSidewaysScroll(page);
    await tap(page, page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Site and routing' }));
    const site = page.getByRole('region', { name: 'Site and routing', exact: true });
    await site.waitFor();
    // A section link scrolls the settings pane to the section, not the window under the shell.
    await poll(() => site.evaluate((el) => Math.round(el.getBoundingClientRect().top - el.closest('.page')!.getBoundingClientRect().top))).toBeLessThan(30);
    await shellFillsWindow(page);
    await noSidewaysScroll(page);
    await page.screenshot({ path: screenshotPath(`phone-${name}-settings`) });
    expect(await axeFindings(page)).toEqual([]);
    await page.context().close();
  });
});

// Pages with wide tables, as a new user found them on a 390 px phone: Visitors was 588 px wide
// (its Start chat button off screen), the Audit log 860 px, the Agents card 520 px (Departments
// and Edit hidden). On a phone each row is a block of lines; the table stays a table to a screen reader.
describe('tables on a phone', () => {
  const phone = devices[0]!.options;

  it('Visitors: a live visitor’s row fits, and Start chat is tapped and sent', async () => {
    server = await startTestServer();
    const visitor = await connectVisitor(server.url);
    kit.visitors.push(visitor);
    expect((await visitor.call('visitor:hello', { locale: 'bg-BG', timeZone: 'Europe/Sofia' })).ok).toBe(true);
    const title = 'Kettle & Co. — small-batch coffee and the blue enamel kettle with a whistle';
    const url = 'https://shop.example/kettles/the-blue-enamel-kettle-with-a-whistle?utm_source=newsletter&utm_campaign=winter';
    expect((await visitor.call('page:view', { id: newId('pv_'), url, title })).ok).toBe(true);

    const page = await kit.newPage(phone);
    await signIn(page);
    await tap(page, page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Visitors' }));
    const heading = page.getByRole('heading', { level: 1, name: 'Visitors' });
    await heading.waitFor();
    const row = page.getByRole('row').filter({ hasText: title });
    await row.waitFor();
    await noSidewaysScroll(page);
    await paneFits(page);
    await rowOnScreen(page, row);
    const headingBox = (await heading.boundingBox())!;
    expect(headingBox.x).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: screenshotPath('phone-visitors') });
    expect(await axeFindings(page)).toEqual([]);

    const name = (await row.getByRole('rowheader').textContent())!;
    await tap(page, row.getByRole('button', { name: `Start chat with ${name}` }));
    const message = row.getByRole('textbox', { name: `First message to ${name}` });
    await tap(page, message);
    await message.fill('Hello! Which kettle are you after?');
    await paneFits(page);
    await page.screenshot({ path: screenshotPath('phone-visitors-start-chat') });
    await tap(page, row.getByRole('button', { name: 'Send' }));
    await visitor.waitFor('message:new', (m: { text: string }) => m.text === 'Hello! Which kettle are you after?');
    await page.waitForURL(/\/console\/inbox$/);
    await page.context().close();
  });

  it('Audit log: the filters and each entry fit', async () => {
    server = await startTestServer();
    // The "Who" filter lists every agent's name and email: a long one widened the page.
    await createAgentAccount(server.url, server.store, { name: 'Bartholomew Longname-Smithers', email: 'bartholomew.longname-smithers@kettle-and-co.example' });
    const page = await kit.newPage(phone);
    await signIn(page);
    await tap(page, page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Audit log' }));
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const table = page.getByRole('table', { name: 'Audit log entries, newest first' });
    await table.waitFor();
    await poll(() => table.getByRole('row').count()).toBeGreaterThan(2);
    await noSidewaysScroll(page);
    await paneFits(page);
    const who = page.getByRole('combobox', { name: 'Who' });
    const whoBox = (await who.boundingBox())!;
    expect(whoBox.x + whoBox.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    for (const row of (await table.getByRole('row').all()).slice(1)) await rowOnScreen(page, row);
    // No tall empty rows: the details column squeezed to a letter's width stretched the first.
    const tallest = Math.max(...(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height))));
    expect(tallest).toBeLessThan(250);
    await tap(page, page.getByRole('button', { name: 'Show' }));
    await page.screenshot({ path: screenshotPath('phone-audit') });
    expect(await axeFindings(page)).toEqual([]);
    await page.context().close();
  });

  it('Settings → Agents: every column and the Edit button are on screen', async () => {
    server = await startTestServer();
    const token = await loginToken(server.url);
    const department = await api(server.url, token, '/departments', { method: 'POST', body: { id: 'returns', name: 'Returns & exchanges' } });
    expect(department.status).toBe(201);
    await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob.longname-smithers@kettle-and-co.example' });
    const page = await kit.newPage(phone);
    await signIn(page);
    await tap(page, page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }));
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await tap(page, page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Agents' }));
    const agents = page.getByRole('region', { name: 'Agents', exact: true });
    const bob = agents.getByRole('row').filter({ hasText: 'Bob' });
    await bob.waitFor();
    await noSidewaysScroll(page);
    await paneFits(page);
    const card = await agents.evaluate((el) => ({ scroll: el.scrollWidth, width: el.clientWidth }));
    expect(card.scroll, 'the Agents card scrolls sideways').toBeLessThanOrEqual(card.width);
    await rowOnScreen(page, bob);
    await bob.getByRole('cell', { name: 'All' }).waitFor();
    await page.screenshot({ path: screenshotPath('phone-settings-agents') });
    expect(await axeFindings(page)).toEqual([]);

    await tap(page, bob.getByRole('button', { name: 'Edit Bob' }));
    const editor = agents.getByRole('form', { name: 'Edit Bob' });
    await editor.waitFor();
    await paneFits(page);
    // The label is the finger's target (44 px tall), the box inside it 20 px.
    await tap(page, editor.locator('label.check').filter({ hasText: 'Returns & exchanges' }));
    expect(await editor.getByRole('checkbox', { name: 'Returns & exchanges' }).isChecked()).toBe(true);
    await tap(page, editor.getByRole('button', { name: 'Save agent' }));
    await bob.getByRole('cell', { name: 'Returns & exchanges' }).waitFor();
    await paneFits(page);
    await rowOnScreen(page, bob);
    await page.context().close();
  });
});

describe('the console as an installed app', () => {
  it('has a manifest opening the inbox, a service worker for /console/, and offline shows the shell reconnecting', async () => {
    server = await startTestServer();
    const manifestRes = await fetch(`${server.url}/console/manifest.webmanifest`);
    expect(manifestRes.status).toBe(200);
    const manifest = (await manifestRes.json()) as { start_url: string; scope: string; display: string; icons: { src: string; sizes: string }[] };
    expect(manifest).toMatchObject({ start_url: '/console/inbox', scope: '/console/', display: 'standalone' });
    for (const icon of manifest.icons) {
      const png = Buffer.from(await (await fetch(new URL(icon.src, `${server.url}/console/`))).arrayBuffer());
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // The PNG's own width and height (IHDR) are what the manifest says.
      expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
    const sw = await fetch(`${server.url}/console/sw.js`);
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    expect(sw.headers.get('cache-control')).toBe('no-cache');

    const page = await kit.newPage(devices[0].options);
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor({ state: 'attached' });
    expect(await page.evaluate(() => document.querySelector('link[rel=manifest]')?.getAttribute('href'))).toBe('/console/manifest.webmanifest');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${server.url}/console/`);
    await poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

    // The network is gone (the server is down): the app still opens, as its shell, reconnecting.
    await server.close(true);
    server = undefined;
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
    await page.getByRole('combobox', { name: 'Status' }).waitFor();
    await page.getByRole('navigation', { name: 'Chats' }).waitFor();
    await noSidewaysScroll(page);
    await page.screenshot({ path: screenshotPath('phone-offline-shell') });
    // A page loaded when first opened (lazy-page.tsx), never opened here before: the worker
    // kept its code with the shell, so it opens offline too.
    await tap(page, page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }));
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.getByRole('alert').filter({ hasText: 'Could not load this page.' }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath('phone-offline-settings') });
    // What the browser says about the refused connections is expected here.
    kit.pageErrors.splice(0, kit.pageErrors.length, ...kit.pageErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to fetch/.test(e)));
    await page.context().close();
  });
});

/**
 * The server as a browser sees a deployment: everything passes through to the test server,
 * except that `/console/sw.js` can be switched to the worker of a later build (the same built
 * worker with another build version, as `npm run build` writes it after a change).
 */
interface Deployment {
  url: string;
  firstVersion: string;
  deploySecond(version: string): void;
  close(): Promise<void>;
}

async function startDeployment(upstream: string): Promise<Deployment> {
  const builtWorker = readFileSync(join(distDir, 'console', 'sw.js'), 'utf8');
  const firstVersion = /parley-console-\$\{"([0-9a-f]{16})"\}/.exec(builtWorker)?.[1];
  if (!firstVersion) throw new Error('the built sw.js has no build version');
  let worker = builtWorker;
  const target = new URL(upstream);
  const proxy: Server = createServer((req, res) => {
    if (req.url?.split('?')[0] === '/console/sw.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-cache' }).end(worker);
      return;
    }
    const forwarded = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    firstVersion,
    deploySecond(version) {
      worker = builtWorker.replaceAll(`"${firstVersion}"`, `"${version}"`);
    },
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}

describe('the service worker across deployments', () => {
  it("a later build's worker, once active, deletes the earlier build's cache and keeps its own shell", async () => {
    server = await startTestServer();
    deployment = await startDeployment(server.url);
    const page = await kit.newPage(devices[0].options);
    await page.goto(`${deployment.url}/console/`);
    await page.getByLabel('Email').waitFor();
    await poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    const cachedShell = (name: string) =>
      page.evaluate(async (cacheName) => {
        const cache = await caches.open(cacheName);
        return (await cache.keys()).map((r) => new URL(r.url).pathname).filter((path) => path === '/console/' || path.endsWith('.js'));
      }, name);
    const cacheNames = () => page.evaluate(() => caches.keys());
    const first = `parley-console-${deployment.firstVersion}`;
    await poll(cacheNames).toEqual([first]);
    expect(await cachedShell(first)).toContain('/console/');

    deployment.deploySecond('0123456789abcdef');
    const second = 'parley-console-0123456789abcdef';
    const scriptOfActive = await page.evaluate(async () => {
      const registration = (await navigator.serviceWorker.getRegistration())!;
      await registration.update();
      const installing = registration.installing ?? registration.waiting;
      if (installing && installing.state !== 'activated') {
        await new Promise<void>((resolve) => installing.addEventListener('statechange', () => installing.state === 'activated' && resolve()));
      }
      return registration.active!.scriptURL;
    });
    expect(new URL(scriptOfActive).pathname).toBe('/console/sw.js');
    await poll(cacheNames).toEqual([second]);
    expect(await cachedShell(second)).toContain('/console/');
    // The new worker serves the app from its own cache: a reload still opens the console.
    await page.reload();
    await page.getByLabel('Email').waitFor();
    await page.context().close();
  });
});

describe('push notifications in the browser', () => {
  it('the service worker shows a delivered push and a tap opens that chat', async () => {
    server = await startTestServer();
    const visitor = await kit.visitorSays(server.url, 'Is the blue kettle in stock?', {}, 'Ann');
    const page = await kit.newPage(devices[0].options);
    await page.context().grantPermissions(['notifications'], { origin: server.url });
    await signIn(page);
    await poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    await tap(page, page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Dashboard' }));
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();

    // Chromium's DevTools protocol hands the worker a push as a push service would.
    const cdp = await page.context().newCDPSession(page);
    const registrationId = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r: { scopeURL: string }) => r.scopeURL === `${server!.url}/console/`);
        if (ours) resolve(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    const payload = { title: 'Ann is waiting', body: 'On shop.example/kettles', chatId: visitor.chatId, url: `/console/inbox?chat=${visitor.chatId}`, tag: `chat-${visitor.chatId}` };
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId: await registrationId, data: JSON.stringify(payload) });
    const shown = () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })),
      );
    await poll(shown).toEqual([{ title: 'Ann is waiting', body: 'On shop.example/kettles', tag: payload.tag, data: { url: payload.url, chatId: visitor.chatId } }]);

    // A tap: the worker's notificationclick, with the notification it showed, dispatched inside
    // the worker. Nothing can click a notification from outside: Chromium 156's own protocol
    // (/json/protocol) has no Notifications domain, its ServiceWorker domain delivers push and
    // sync events only, and WebDriver has no such command either (wpt issue #51125). So the
    // event is made by script, and the worker cannot waitUntil it (it is untrusted).
    const [worker] = page.context().serviceWorkers();
    await worker!.evaluate(async () => {
      const scope = self as any;
      const [notification] = await scope.registration.getNotifications();
      scope.dispatchEvent(new (scope.NotificationEvent)('notificationclick', { notification }));
    });
    await page.getByRole('heading', { level: 2, name: 'Ann' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/inbox');
    await page.getByRole('log').getByText('Is the blue kettle in stock?').waitFor();
    await poll(shown).toEqual([]);
    await page.screenshot({ path: screenshotPath('phone-push-opened-chat') });
    await page.context().close();
  });
});
