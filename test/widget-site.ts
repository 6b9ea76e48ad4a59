import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';

/**
 * A customer's site for the widget's browser tests: its own pages on `localhost`, while the
 * Parley server listens on 127.0.0.1 (another site, as in production). Pages are set per test.
 */
export interface TestSite {
  url: string;
  /** Serves `html` at `path`; `*` for every path not set. */
  page(path: string, html: string): void;
  close(): Promise<void>;
}

export function requireBuiltWidget(): void {
  for (const file of ['../dist/widget/loader.js', '../dist/widget/app/index.html']) {
    if (!existsSync(new URL(file, import.meta.url))) throw new Error('the widget is not built: run npm run build');
  }
}

export async function startSite(): Promise<TestSite> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const html = pages.get(path) ?? pages.get('*');
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    page: (path, html) => pages.set(path, html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface PageOptions {
  /** The server's URL (the script's src). */
  server: string;
  lang?: string;
  title?: string;
  /** `data-` attributes of the script tag, without the prefix. */
  data?: Record<string, string>;
  /** Script run before the tag (the snippet is there already: Parley(...) queues). */
  before?: string;
  body?: string;
}

/** A page with the snippet, the site's early calls and the script tag, as the docs tell owners. */
export function sitePage({ server, lang, title = 'Test shop', data = {}, before = '', body = '' }: PageOptions): string {
  const attributes = Object.entries(data)
    .map(([name, value]) => ` data-${name}="${value.replace(/"/g, '&quot;')}"`)
    .join('');
  return `<!doctype html>
<html${lang === undefined ? '' : ` lang="${lang}"`}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body>
<main><h1>${title}</h1>${body}</main>
<script>
window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
window.parleyEvents = [];
['ready', 'open', 'close', 'chat:started', 'chat:ended', 'message', 'survey:answered'].forEach(function (name) {
  Parley('on', name, function (detail) { parleyEvents.push([name, detail === undefined ? null : detail]); });
});
${before}
</script>
<script src="${server}/widget.js" async${attributes}></script>
</body>
</html>`;
}

/** The chat window's frame (its title is in the visitor's language, so it is found by place). */
export const chatFrame = (page: Page): FrameLocator => page.frameLocator('parley-widget iframe');

/** The site's `Parley('on', …)` events so far, by name. */
export async function siteEvents(page: Page, name?: string): Promise<unknown[][]> {
  const events = (await page.evaluate(() => (window as unknown as { parleyEvents: unknown[][] }).parleyEvents)) ?? [];
  return name ? events.filter(([n]) => n === name) : events;
}

/** Waits for the widget's `ready` (the chat window is live). */
export async function widgetReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { parleyEvents: unknown[][] }).parleyEvents.some(([n]) => n === 'ready'), null, {
    timeout: 15_000,
  });
}

/** Collects what the chat window and the page say on the console (warnings from the widget). */
export function consoleOf(context: BrowserContext): string[] {
  const lines: string[] = [];
  context.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
  return lines;
}
