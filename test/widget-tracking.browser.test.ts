import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeSettings } from '../server/store/settings.ts';
import { launchChromium } from './helpers/browser.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { requireBuiltWidget, sitePage, startSite, widgetReady, type TestSite } from './widget-site.ts';

/** Page views from a customer's single-page app: one per load and per navigation, in the metrics' rows. */
let server: TestServer;
let site: TestSite;
let browser: Browser;

// A tiny SPA: links that change the address with the history API, as routers do.
const spaBody = `
  <nav>
    <a href="/boots" data-route data-title="Boots">Boots</a>
    <a href="/socks?color=red" data-route data-title="Red socks">Red socks</a>
    <a href="#reviews">Reviews</a>
  </nav>
  <section id="reviews" style="margin-top:1500px">Reviews</section>
  <script>
    document.addEventListener('click', function (event) {
      var link = event.target.closest('a[data-route]');
      if (!link) return;
      event.preventDefault();
      history.pushState({}, '', link.getAttribute('href'));
      // The router renders, then sets the title: the widget reports the page after that.
      setTimeout(function () { document.title = link.dataset.title; }, 50);
    });
  </script>`;

beforeAll(async () => {
  requireBuiltWidget();
  server = await startTestServer();
  site = await startSite();
  site.page('*', sitePage({ server: server.url, title: 'Shop home', body: spaBody }));
  browser = await launchChromium();
});

afterEach(() => writeSettings(server.store, { tracking: true }));

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await server?.close(true);
});

const viewsOf = (visitorId: string) =>
  server.db.prepare('SELECT url, title FROM page_views WHERE visitor_id = ? ORDER BY at, rowid').all(visitorId) as Array<{ url: string; title: string }>;
const latestVisitorId = () => server.db.prepare('SELECT id FROM visitors ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck().get() as string;

describe('tracking on a customer site', () => {
  it('records the load and each SPA navigation once, not jumps within the page, without opening the chat', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    await widgetReady(page);
    const visitor = latestVisitorId();
    await expect.poll(() => viewsOf(visitor)).toEqual([{ url: `${site.url}/`, title: 'Shop home' }]);

    await page.getByRole('link', { name: 'Boots' }).click();
    await expect.poll(() => viewsOf(visitor).length).toBe(2);
    await page.getByRole('link', { name: 'Reviews' }).click();
    await page.evaluate(() => history.replaceState({ scrolled: true }, ''));
    await page.getByRole('link', { name: 'Red socks' }).click();
    await expect.poll(() => viewsOf(visitor).length).toBe(3);
    await page.goBack();
    await expect.poll(() => viewsOf(visitor).length).toBe(4);
    // A real load of another page is the next view of the same visitor.
    await page.goto(`${site.url}/checkout`);
    await expect.poll(() => viewsOf(visitor).length).toBe(5);
    await page.waitForTimeout(800);

    expect(viewsOf(visitor)).toEqual([
      { url: `${site.url}/`, title: 'Shop home' },
      { url: `${site.url}/boots`, title: 'Boots' },
      { url: `${site.url}/socks?color=red`, title: 'Red socks' },
      { url: `${site.url}/boots#reviews`, title: 'Red socks' },
      { url: `${site.url}/checkout`, title: 'Shop home' },
    ]);
    // The chat was never opened, and the visitor is counted in the metrics' rows all the same.
    expect(server.db.prepare('SELECT count(*) FROM chats WHERE visitor_id = ?').pluck().get(visitor)).toBe(0);
    expect(server.db.prepare('SELECT current_url FROM visitors WHERE id = ?').pluck().get(visitor)).toBe(`${site.url}/checkout`);
    // No cookie on the customer's domain: the visitor's id lives with the widget.
    expect(await context.cookies(site.url)).toEqual([]);
    await context.close();
  });

  it('with tracking off in the settings, no page is reported', async () => {
    await writeSettings(server.store, { tracking: false });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/pricing`);
    await widgetReady(page);
    const visitor = latestVisitorId();
    await page.getByRole('link', { name: 'Boots' }).click();
    await page.waitForTimeout(1000);
    expect(viewsOf(visitor)).toEqual([]);
    expect(server.db.prepare('SELECT current_url FROM visitors WHERE id = ?').pluck().get(visitor)).toBeNull();
    await context.close();
  });
});
