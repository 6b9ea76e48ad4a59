import type { Browser, BrowserContext } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIdentity } from '../server/chat/identity.ts';
import { newId } from '../shared/ids.ts';
import type { AgentClientToServer, AgentServerToClient, ChatSummary } from '../shared/protocol.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { chatFrame, consoleOf, requireBuiltWidget, siteEvents, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

/** window.Parley on a customer's page: every command, the events, and identity verification. */
type AgentSocket = Socket<AgentServerToClient, AgentClientToServer>;

let server: TestServer;
let site: TestSite;
let browser: Browser;

beforeAll(async () => {
  requireBuiltWidget();
  server = await startTestServer();
  server.db.prepare("INSERT INTO departments (id, name) VALUES ('sales', 'Sales')").run();
  site = await startSite();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close(true);
});

async function newVisitor(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
}

/** The visitor the latest page load made (each browser context is a new visitor). */
const latestVisitor = () =>
  server.db
    .prepare('SELECT id, name, email, verified, external_id, attributes, locale FROM visitors ORDER BY created_at DESC, rowid DESC LIMIT 1')
    .get() as { id: string; name: string | null; email: string | null; verified: number; external_id: string | null; attributes: string | null };

async function agentOnline(): Promise<AgentSocket> {
  const token = await loginToken(server.url);
  const socket: AgentSocket = io(`${server.url}/agent`, { auth: { token }, transports: ['websocket'], forceNew: true });
  const hello = await socket.timeout(5000).emitWithAck('agent:hello', {});
  if (!hello.ok) throw new Error(hello.error);
  await socket.timeout(5000).emitWithAck('status:set', { status: 'online' });
  return socket;
}

describe('window.Parley on a customer site', () => {
  it('runs calls queued before load, then open, close, toggle, hide and show, with the look from data- attributes', async () => {
    site.page('/look', sitePage({
      server: server.url,
      data: { color: '#ffd400', position: 'left', 'launcher-text': 'Questions?' },
      before: "Parley('open');",
    }));
    const context = await newVisitor();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${site.url}/look`);
    await widgetReady(page);
    const launcher = page.locator('parley-widget .launcher');
    // Opened by the queued call, before any click.
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => chatFrame(page).getByRole('textbox', { name: 'Message' }).isVisible()).toBe(true);
    const look = await launcher.evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, color: style.color, left: el.getBoundingClientRect().left };
    });
    expect(look).toEqual({ background: 'rgb(255, 212, 0)', color: 'rgb(17, 17, 17)', left: 20 });
    const header = await chatFrame(page).locator('.header').evaluate((el) => getComputedStyle(el).color);
    expect(header).toBe('rgb(17, 24, 39)');
    await page.screenshot({ path: screenshotPath('widget-api-look-open') });

    const run = (command: string) => page.evaluate((c) => (window as any).Parley(c), command);
    await run('close');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
    // The owner's launcher text is its name while closed.
    await expect.poll(() => launcher.getAttribute('aria-label')).toBe('Questions?');
    expect(await launcher.textContent()).toBe('Questions?');
    await page.screenshot({ path: screenshotPath('widget-api-look-closed') });
    await run('toggle');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('true');
    await run('toggle');
    await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
    await run('hide');
    await expect.poll(() => launcher.isVisible()).toBe(false);
    await run('show');
    await expect.poll(() => launcher.isVisible()).toBe(true);

    await expect.poll(async () => (await siteEvents(page)).map(([name]) => name).filter((n) => n !== 'ready')).toEqual([
      'open',
      'close',
      'open',
      'close',
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('identify (as a claim), attributes, department and conversion reach the server; chat events reach the site', async () => {
    site.page('/account', sitePage({
      server: server.url,
      before: `
        Parley('identify', { name: 'Jo Visitor', email: 'jo@example.com' });
        Parley('attributes', { plan: 'pro', seats: 5, trial: false });
        Parley('department', 'sales');
        Parley('conversion', { value: 49.9, currency: 'eur' });`,
    }));
    const agent = await agentOnline();
    const context = await newVisitor();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/account`);
      await widgetReady(page);
      await expect.poll(() => latestVisitor().email).toBe('jo@example.com');
      const visitor = latestVisitor();
      expect(visitor).toMatchObject({ name: 'Jo Visitor', verified: 0, external_id: null });
      await expect.poll(() => JSON.parse(latestVisitor().attributes ?? '{}')).toEqual({ plan: 'pro', seats: 5, trial: false });
      await expect
        .poll(() => server.db.prepare('SELECT value, currency FROM conversions WHERE visitor_id = ?').all(visitor.id))
        .toEqual([{ value: 49.9, currency: 'EUR' }]);

      // A conversion made later is a second one (its own id), not the first again.
      await page.evaluate(() => (window as any).Parley('conversion', { value: 10 }));
      await expect.poll(() => server.db.prepare('SELECT count(*) FROM conversions WHERE visitor_id = ?').pluck().get(visitor.id)).toBe(2);

      const queued = new Promise<ChatSummary>((resolve) => agent.on('chat:upsert', (c) => c.status === 'queued' && resolve(c)));
      await page.locator('parley-widget .launcher').click();
      const box = chatFrame(page).getByRole('textbox', { name: 'Message' });
      await box.fill('Is the pro plan per seat?');
      await box.press('Enter');
      const chat = await queued;
      expect(chat.departmentId).toBe('sales');
      await agent.timeout(5000).emitWithAck('chat:accept', { chatId: chat.id });
      await agent.timeout(5000).emitWithAck('message:send', { chatId: chat.id, id: newId('msg_'), text: 'Yes, per seat.' });
      await chatFrame(page).getByText('Yes, per seat.').waitFor();
      await agent.timeout(5000).emitWithAck('chat:close', { chatId: chat.id });
      await expect.poll(async () => (await siteEvents(page, 'chat:ended')).length).toBe(1);

      const events = (await siteEvents(page)).filter(([name]) => name !== 'open');
      expect(events).toEqual([
        ['ready', null],
        ['chat:started', { chatId: chat.id }],
        ['message', expect.objectContaining({ chatId: chat.id, author: 'visitor', text: 'Is the pro plan per seat?', authorName: null })],
        ['message', expect.objectContaining({ chatId: chat.id, author: 'agent', text: 'Yes, per seat.' })],
        ['chat:ended', { chatId: chat.id }],
      ]);
    } finally {
      agent.disconnect();
      await context.close();
    }
  });

  it('Parley("on", "ready") after the widget is ready runs at once; a mistaken call is explained on the console', async () => {
    site.page('/late', sitePage({ server: server.url }));
    const context = await newVisitor();
    const lines = consoleOf(context);
    const page = await context.newPage();
    await page.goto(`${site.url}/late`);
    await widgetReady(page);
    const late = await page.evaluate(
      () => new Promise((resolve) => (window as any).Parley('on', 'ready', () => resolve('ran'))),
    );
    expect(late).toBe('ran');
    await page.evaluate(() => {
      const parley = (window as any).Parley;
      parley('conversion', { value: 'lots' });
      parley('department', 42);
      parley('fly');
      parley('identify', { name: 'Eve', email: 'not-an-email' });
    });
    await expect.poll(() => lines.filter((l) => l.startsWith('warning: Parley'))).toEqual([
      "warning: Parley('conversion'): value must be a number",
      "warning: Parley('department'): give a department id such as \"sales\"",
      'warning: Parley: unknown command "fly"',
      expect.stringMatching(/^warning: Parley\('identify'\): email: /),
    ]);
    expect(latestVisitor().name).toBeNull();
    await context.close();
  });
});

describe('identity verification', () => {
  async function secret(): Promise<string> {
    const res = await fetch(`${server.url}/api/settings/identity-secret`, {
      headers: { authorization: `Bearer ${await loginToken(server.url)}` },
    });
    return ((await res.json()) as { secret: string }).secret;
  }

  async function identifyWith(who: Record<string, unknown>) {
    site.page('/signed', sitePage({ server: server.url, before: `Parley('identify', ${JSON.stringify(who)});` }));
    const context = await newVisitor();
    const lines = consoleOf(context);
    const page = await context.newPage();
    await page.goto(`${site.url}/signed`);
    await widgetReady(page);
    return { context, lines, page };
  }

  it('a good signature from the site’s backend marks the visitor verified, with the site’s own id', async () => {
    const signedAt = Math.floor(Date.now() / 1000);
    const { context } = await identifyWith({
      id: 'user-42',
      name: 'Maria Ivanova',
      email: 'maria@example.com',
      signature: signIdentity(await secret(), { id: 'user-42', name: 'Maria Ivanova', email: 'maria@example.com', signedAt }),
      // Server-rendered pages often print it as text.
      signedAt: String(signedAt),
    });
    await expect.poll(() => latestVisitor().verified).toBe(1);
    expect(latestVisitor()).toMatchObject({ name: 'Maria Ivanova', email: 'maria@example.com', external_id: 'user-42' });
    await context.close();
  });

  it('a bad signature and a stale one are refused: nothing is stored, the site’s developer is told why', async () => {
    const key = await secret();
    const now = Math.floor(Date.now() / 1000);
    const bad = await identifyWith({ id: 'user-42', name: 'Eve', signature: signIdentity('another-secret', { id: 'user-42', name: 'Eve', signedAt: now }), signedAt: now });
    await expect.poll(() => bad.lines.find((l) => l.includes("Parley('identify')"))).toMatch(/signature: the signature does not match/);
    expect(latestVisitor()).toMatchObject({ name: null, verified: 0, external_id: null });
    await bad.context.close();

    const staleAt = now - 11 * 60;
    const stale = await identifyWith({ id: 'user-42', name: 'Eve', signature: signIdentity(key, { id: 'user-42', name: 'Eve', signedAt: staleAt }), signedAt: staleAt });
    await expect.poll(() => stale.lines.find((l) => l.includes("Parley('identify')"))).toMatch(/older than 10 minutes/);
    expect(latestVisitor()).toMatchObject({ name: null, verified: 0, external_id: null });
    await stale.context.close();
  });
});
