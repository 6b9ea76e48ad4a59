import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { distDir } from '../server/app.ts';
import { newId } from '../shared/ids.ts';
import { launchChromium } from './helpers/browser.ts';
import { connectVisitor, type TestClient } from './helpers/clients.ts';

// What the console's browser tests share: a page per agent in its own context (its own
// cookies), signing in, visitors who start chats, and page errors that fail the test.

/** Waits for a value; the default second of expect.poll is short for a busy CI machine. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

export function assertConsoleBuilt(): void {
  if (!existsSync(join(distDir, 'console', 'index.html'))) {
    throw new Error('The console is not built: run `npm run build` before the browser tests');
  }
}

/**
 * The hooks of a console browser test file: the console must be built, one Chromium serves the
 * file; after each test its page errors fail it, its visitors disconnect and `cleanUp` runs
 * (closing the test's server, …). Call at the top level of the file.
 */
export function consoleBrowserTests(cleanUp: () => Promise<void>): ConsoleBrowserKit {
  let browser: Browser | undefined;
  const kit = new ConsoleBrowserKit(() => browser!);
  beforeAll(async () => {
    assertConsoleBuilt();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    const errors = kit.finish();
    // The test's pages go before its server: a page left open keeps reconnecting to a server
    // that is gone, and its errors landed in the next test of the file.
    try {
      await kit.closePages();
    } finally {
      await cleanUp();
    }
    expect(errors).toEqual([]);
  });
  return kit;
}

/** Opens Settings from the console's navigation; resolves when the page is there. */
export async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
}

export class ConsoleBrowserKit {
  readonly pageErrors: string[] = [];
  readonly visitors: TestClient[] = [];
  private readonly contexts: BrowserContext[] = [];
  constructor(private readonly browser: () => Browser) {}

  async newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await this.browser().newContext({ viewport: { width: 1360, height: 820 }, ...options });
    this.contexts.push(context);
    const page = await context.newPage();
    // A step that cannot happen fails on its own line, well before the test's own timeout.
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (err) => this.pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) this.pageErrors.push(msg.text());
    });
    return page;
  }

  /** Signs in and goes online; resolves when the inbox has loaded. */
  async signIn(page: Page, url: string, email = 'owner@example.com', password = 'owner-password', online = true) {
    await page.goto(`${url}/console/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const status = page.getByRole('combobox', { name: 'Status' });
    await status.waitFor();
    await poll(() => status.isEnabled()).toBe(true);
    if (online) {
      await status.selectOption('online');
      await poll(() => status.inputValue()).toBe('online');
    }
  }

  /** A visitor who says hello (with `hello` facts) and writes a first message: a queued chat. */
  async visitorSays(url: string, text: string, hello: Record<string, unknown> = {}, name?: string) {
    const visitor = await connectVisitor(url);
    this.visitors.push(visitor);
    expect((await visitor.call('visitor:hello', hello)).ok).toBe(true);
    if (name) expect((await visitor.call('visitor:identify', { name })).ok).toBe(true);
    const sent = await visitor.call('message:send', { id: newId('m_'), text });
    expect(sent.ok).toBe(true);
    return Object.assign(visitor, { chatId: sent.message.chatId as string });
  }

  /** Closes the pages (their contexts) the test opened. */
  async closePages(): Promise<void> {
    await Promise.all(this.contexts.splice(0).map((c) => c.close().catch(() => undefined)));
  }

  /** Run after each test: page errors fail it, visitors disconnect. */
  finish(): string[] {
    for (const v of this.visitors.splice(0)) v.close();
    return this.pageErrors.splice(0);
  }
}

export { apiCall as api } from './helpers/server.ts';
