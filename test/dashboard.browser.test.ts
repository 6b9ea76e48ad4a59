import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { distDir } from '../server/app.ts';
import { setLanguage, type Language } from '../agent-console/src/i18n.ts';
import { periodLabel } from '../agent-console/src/dashboard/dashboard-view.ts';
import { formatCount, formatDuration, formatNps, formatRate } from '../agent-console/src/dashboard/format.ts';
import type { AgentReportRow, Metrics } from '../agent-console/src/dashboard/metrics-types.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

// The metrics dashboard as built by `npm run build`, in Chromium, over the medium history of
// ../shared/fixtures imported into a real server. The clock stands after the history, so every
// number is final; the tiles must show exactly what the API answers.

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

const range = { from: '2026-03-23', to: '2026-04-06', lastDay: '2026-04-05', tz: 'Europe/Sofia' };
const dashboardPath = `/console/dashboard?from=${range.from}&to=${range.lastDay}&tz=${encodeURIComponent(range.tz)}`;

let browser: Browser;
let server: TestServer;
let token: string;
const pageErrors: string[] = [];

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const metricsOf = (query: string) => api<Metrics>(`/api/metrics?${query}`);
const rangeQuery = (extra = '') => `from=${range.from}&to=${range.to}&tz=${encodeURIComponent(range.tz)}${extra}`;

beforeAll(async () => {
  if (!existsSync(join(distDir, 'console', 'index.html'))) {
    throw new Error('The console is not built: run `npm run build` before the browser tests');
  }
  server = await startTestServer({ clock: new FakeClock(Date.parse('2026-11-01T00:00:00Z')) });
  token = await loginToken(server.url);
  const history = readFileSync(resolve(process.cwd(), '../shared/fixtures/medium.ndjson'));
  const imported = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: history,
  });
  expect(imported.status).toBe(200);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close(true);
});

const contexts: BrowserContext[] = [];

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  // Short enough that a missing element fails inside a poll, not at the test's time limit.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) pageErrors.push(msg.text());
  });
  return page;
}

async function signIn(page: Page, email = 'owner@example.com', password = 'owner-password') {
  await page.goto(`${server.url}/console/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const tile = (page: Page, label: string) => page.getByRole('group', { name: label, exact: true }).locator('.kpi-value');

/** Waits until every chart, the heatmap, the table and the comments have drawn. */
async function settled(page: Page) {
  await poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
  await poll(() => page.locator('.chart canvas').count()).toBe(6);
}

/**
 * No text of the tiles, controls, panel headings or table headers is cut off or spills out of
 * its box: names in Russian and Bulgarian are longer than in English.
 */
async function expectNothingCut(page: Page, { tableFits = true } = {}) {
  const cut = await page.evaluate((fits) => {
    const selectors = [
      '.kpi-label',
      '.kpi-value',
      '.kpi-detail',
      '.kpi-compare',
      '.segmented button',
      '.inline-field',
      '.panel-header h2',
      '.panel-aside',
      '.agent-table thead button',
      '.sla-figures div',
      '.split-legend li',
      '.heatmap tbody th',
    ];
    const found: string[] = [];
    for (const selector of selectors) {
      for (const el of document.querySelectorAll<HTMLElement>(selector)) {
        if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
          found.push(`${selector}: ${el.textContent}`);
        }
        // Spilling out of its tile or panel counts too; the agent table scrolls sideways instead.
        const box = el.closest<HTMLElement>('.table-scroll, .kpi, .panel, .dash-controls');
        if (box?.classList.contains('table-scroll')) continue;
        if (box) {
          const inner = el.getBoundingClientRect();
          const outer = box.getBoundingClientRect();
          if (inner.right > outer.right + 1 || inner.left < outer.left - 1) found.push(`${selector} spills: ${el.textContent}`);
        }
      }
    }
    const table = document.querySelector<HTMLElement>('.table-scroll')!;
    if (fits && table.scrollWidth > table.clientWidth + 1) found.push(`the agent table scrolls: ${table.scrollWidth}px in ${table.clientWidth}px`);
    return found;
  }, tableFits);
  expect(cut).toEqual([]);
}

/**
 * The dashboard scrolls inside the console's shell, so a full-page shot would show only the
 * first screen: one shot per screenful instead, `name`, `name-2`, …
 */
async function screenshots(page: Page, name: string) {
  const main = page.locator('main.dashboard');
  const { height, clientHeight } = await main.evaluate((el) => ({ height: el.scrollHeight, clientHeight: el.clientHeight }));
  for (let top = 0, n = 1; top < height; top += clientHeight, n++) {
    await main.evaluate((el, y) => el.scrollTo(0, y), top);
    await page.screenshot({ path: screenshotPath(n === 1 ? name : `${name}-${n}`) });
  }
  await main.evaluate((el) => el.scrollTo(0, 0));
}

describe('metrics dashboard in Chromium', { timeout: 60_000 }, () => {
  it('shows the API numbers of the imported history, at desktop and laptop widths', async () => {
    const page = await newPage({ width: 1440, height: 900 });
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await signIn(page);
    await page.getByRole('textbox', { name: 'Reply' }).or(page.getByText(/Select a chat/)).first().waitFor();
    // The inbox never loads the dashboard and its chart library; the first visit does.
    expect(scripts.filter((s) => s.includes('dashboard'))).toEqual([]);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(scripts.filter((s) => s.includes('dashboard')).length).toBe(1);

    await page.goto(`${server.url}${dashboardPath}`);
    const [summary, previous] = await Promise.all([
      metricsOf(rangeQuery()),
      metricsOf(`from=2026-03-09&to=2026-03-23&tz=${encodeURIComponent(range.tz)}`),
    ]);
    expect(summary.chats.total).toBeGreaterThan(1000);
    await poll(() => tile(page, 'Chats').textContent()).toBe(formatCount(summary.chats.total));
    expect(await tile(page, 'Missed').textContent()).toBe(formatRate(summary.chats.missedRate));
    expect(await tile(page, 'First response').textContent()).toBe(formatDuration(summary.frt.median));
    expect(await tile(page, 'Resolution').textContent()).toBe(formatDuration(summary.resolution.median));
    expect(await tile(page, 'CSAT').textContent()).toBe(formatRate(summary.csat.rate));
    expect(await tile(page, 'NPS').textContent()).toBe(formatNps(summary.nps.score));
    expect(await tile(page, 'SLA first response').textContent()).toBe(formatRate(summary.sla.frt.rate));
    expect(await tile(page, 'Utilization').textContent()).toBe(formatRate(summary.agents.utilization));
    await poll(() => page.locator('[data-kpi-previous="chats"]').textContent()).toBe(formatCount(previous.chats.total));
    expect(await page.getByText('compared with Mar 9 – Mar 22, 2026').count()).toBe(1);

    await settled(page);
    // The heatmap is the hour series in Sofia time: its cells add up to the range's chats.
    const cells = await page.locator('.heatmap tbody td').allTextContents();
    expect(cells.length).toBe(7 * 24);
    expect(cells.reduce((sum, c) => sum + Number(c || 0), 0)).toBe(summary.chats.total);

    const { agents } = await api<{ agents: AgentReportRow[] }>(`/api/metrics/agents?${rangeQuery()}`);
    const rows = page.getByRole('region', { name: 'Agents' }).getByRole('row');
    expect(await rows.count()).toBe(agents.length + 1);
    const busiest = [...agents].sort((a, b) => b.metrics.chats.total - a.metrics.chats.total)[0]!;
    expect(await rows.nth(1).getByRole('rowheader').textContent()).toBe(busiest.name);
    await page.getByRole('button', { name: 'First response', exact: true }).click();
    const slowest = [...agents]
      .filter((a) => a.metrics.frt.median !== null)
      .sort((a, b) => b.metrics.frt.median! - a.metrics.frt.median!)[0]!;
    expect(await rows.nth(1).getByRole('rowheader').textContent()).toBe(slowest.name);

    await expectNothingCut(page);
    // The dashboard scrolls inside its own pane: the window itself has nothing to scroll to (a
    // hidden caption positioned against the page once made it scroll into blank space).
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight - innerHeight)).toBeLessThanOrEqual(0);
    await screenshots(page, 'dashboard-desktop');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshots(page, 'dashboard-laptop');
    await expectNothingCut(page);

    const csv = await page.request.get(await page.getByRole('link', { name: 'Summary CSV' }).getAttribute('href').then((h) => `${server.url}${h}`));
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(pageErrors).toEqual([]);
  });

  it('filters: the tiles follow the API and the address keeps the filter', async () => {
    const page = await newPage({ width: 1440, height: 900 });
    await signIn(page);
    await page.getByRole('link', { name: 'Dashboard' }).waitFor();
    await page.goto(`${server.url}${dashboardPath}`);
    await page.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'Live chat' });
    const live = await metricsOf(rangeQuery('&channel=widget'));
    await poll(() => tile(page, 'Chats').textContent()).toBe(formatCount(live.chats.total));
    expect(new URL(page.url()).searchParams.get('channel')).toBe('widget');

    await page.getByRole('combobox', { name: 'Agent' }).selectOption({ label: 'Ivana Nikolova' });
    const ivana = await metricsOf(rangeQuery('&agent=a2&channel=widget'));
    await poll(() => tile(page, 'Chats').textContent()).toBe(formatCount(ivana.chats.total));
    await settled(page);
    await screenshots(page, 'dashboard-filtered');

    await page.reload();
    await poll(() => tile(page, 'Chats').textContent()).toBe(formatCount(ivana.chats.total));
    expect(await page.getByRole('combobox', { name: 'Agent' }).inputValue()).toBe('a2');
    expect(pageErrors).toEqual([]);
  });

  it('changes range and time zone from its controls', async () => {
    const page = await newPage({ width: 1440, height: 900 });
    await signIn(page);
    await page.getByRole('link', { name: 'Dashboard' }).waitFor();
    await page.goto(`${server.url}${dashboardPath}`);
    await poll(() => tile(page, 'Chats').textContent()).not.toBe(null);

    await page.getByLabel('From').fill('2026-03-30');
    const week = await metricsOf(`from=2026-03-30&to=${range.to}&tz=${encodeURIComponent(range.tz)}`);
    await poll(() => tile(page, 'Chats').textContent()).toBe(formatCount(week.chats.total));
    expect(new URL(page.url()).search).toBe('?from=2026-03-30&to=2026-04-05&tz=Europe%2FSofia');

    const zone = page.getByRole('combobox', { name: 'Time zone' });
    await zone.fill('America/New_York');
    await zone.press('Enter');
    const newYork = await metricsOf(`from=2026-03-30&to=${range.to}&tz=America%2FNew_York`);
    await poll(() => tile(page, 'Chats').textContent()).toBe(formatCount(newYork.chats.total));
    expect(newYork.chats.total).not.toBe(week.chats.total);
    await page.getByText('Hours in America/New_York').waitFor();

    await page.getByRole('button', { name: '30 days' }).click();
    await poll(() => new URL(page.url()).searchParams.get('range')).toBe('30d');
    expect(await page.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe('true');
    await poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('shows empty charts for a range without chats', async () => {
    const page = await newPage({ width: 1280, height: 720 });
    await signIn(page);
    await page.getByRole('link', { name: 'Dashboard' }).waitFor();
    await page.goto(`${server.url}/console/dashboard?from=2025-01-06&to=2025-01-12&tz=UTC`);
    await poll(() => tile(page, 'Chats').textContent()).toBe('0');
    expect(await tile(page, 'First response').textContent()).toBe('—');
    await poll(() => page.getByText('No chats in this range.').count()).toBe(3);
    await page.screenshot({ path: screenshotPath('dashboard-empty') });
    expect(pageErrors).toEqual([]);
  });

  it('shows tiles loading, then a refused chart call where its charts go', async () => {
    const page = await newPage({ width: 1440, height: 900 });
    await signIn(page);
    await page.getByRole('link', { name: 'Dashboard' }).waitFor();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/metrics?*', async (route) => {
      await held;
      await route.continue();
    });
    await page.route('**/api/metrics/series?*', (route) =>
      route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: 'bucket: must be one of hour, day, week, month', field: 'bucket' }) }),
    );
    await page.goto(`${server.url}${dashboardPath}`);
    await page.getByRole('group', { name: 'Chats', exact: true }).locator('.skeleton').first().waitFor();
    await poll(() => page.getByText('The server refused: bucket: must be one of hour, day, week, month').count()).toBe(8);
    await page.screenshot({ path: screenshotPath('dashboard-loading-and-errors') });
    release();
    const summary = await metricsOf(rangeQuery());
    await poll(() => tile(page, 'Chats').textContent()).toBe(formatCount(summary.chats.total));
    expect(pageErrors).toEqual([]);
  });

  it('follows the console language, and the longer Russian words fit', async () => {
    const page = await newPage({ width: 1440, height: 900 });
    await signIn(page);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await page.getByRole('link', { name: 'Панель' }).click();
    await page.getByRole('heading', { name: 'Панель', level: 1 }).waitFor();
    await page.goto(`${server.url}${dashboardPath}`);
    const summary = await metricsOf(rangeQuery());
    // The expected texts, written the way the page writes them in each language.
    const inLanguage = <T>(lang: Language, read: () => T): T => {
      setLanguage(lang);
      try {
        return read();
      } finally {
        setLanguage('en');
      }
    };
    const ru = inLanguage('ru', () => ({
      chats: formatCount(summary.chats.total),
      frt: formatDuration(summary.frt.median),
      missed: formatRate(summary.chats.missedRate),
      compared: `в сравнении с ${periodLabel({ from: '2026-03-09', to: '2026-03-23' })}`,
    }));
    expect(ru.frt).toMatch(/мин|с$/);
    await poll(() => tile(page, 'Чаты').textContent()).toBe(ru.chats);
    expect(await tile(page, 'Время первого ответа').textContent()).toBe(ru.frt);
    expect(await tile(page, 'Пропущенные').textContent()).toBe(ru.missed);
    expect(await page.getByText(ru.compared).count()).toBe(1);
    await page.getByRole('button', { name: '30 дней' }).waitFor();
    await page.getByRole('combobox', { name: 'Часовой пояс' }).waitFor();
    await settled(page);
    expect(await page.locator('.heatmap tbody th').allTextContents()).toEqual(['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс']);
    await page.getByRole('region', { name: 'Агенты' }).getByRole('button', { name: 'Время обработки', exact: true }).waitFor();
    expect(await page.getByRole('region', { name: 'Ответы NPS' }).locator('.u-legend').textContent()).toContain('Промоутеры');

    await screenshots(page, 'dashboard-russian-desktop');
    await expectNothingCut(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshots(page, 'dashboard-russian-laptop');
    await expectNothingCut(page);
    await page.setViewportSize({ width: 1000, height: 720 });
    await page.screenshot({ path: screenshotPath('dashboard-russian-narrow') });
    // Narrower than a laptop the agent table scrolls sideways, in English too.
    await expectNothingCut(page, { tableFits: false });

    // Switched on the page itself: everything follows at once, the charts' legends too.
    await page.getByRole('combobox', { name: 'Язык' }).selectOption('bg');
    await page.getByRole('heading', { name: 'Табло', level: 1 }).waitFor();
    const bgFrt = inLanguage('bg', () => formatDuration(summary.frt.median));
    expect(await tile(page, 'Време за първи отговор').textContent()).toBe(bgFrt);
    await poll(() => page.getByRole('region', { name: 'Отговори за NPS' }).locator('.u-legend').textContent()).toContain('Поддръжници');
    await settled(page);
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshots(page, 'dashboard-bulgarian-laptop');
    await expectNothingCut(page);
    expect(pageErrors).toEqual([]);
  });

  it('is not offered to agents', async () => {
    const created = await fetch(`${server.url}/api/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Plain Agent', email: 'plain@example.com', role: 'agent', password: 'agent-password' }),
    });
    expect(created.status).toBe(201);
    const page = await newPage({ width: 1280, height: 720 });
    await signIn(page, 'plain@example.com', 'agent-password');
    await page.getByRole('link', { name: 'Inbox' }).waitFor();
    expect(await page.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
    await page.goto(`${server.url}/console/dashboard`);
    await poll(() => new URL(page.url()).pathname).toBe('/console/inbox');
    expect(pageErrors).toEqual([]);
  });
});
