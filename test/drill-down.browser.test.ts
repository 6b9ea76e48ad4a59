import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { distDir } from '../server/app.ts';
import { formatRate } from '../agent-console/src/dashboard/format.ts';
import type { AgentReportRow, Metrics, MetricsSeries } from '../agent-console/src/dashboard/metrics-types.ts';
import { launchChromium, screenshotPath } from './helpers/browser.ts';
import { FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

// Drill-down on the built dashboard in Chromium, over the medium history of ../shared/fixtures:
// a tile, a chart's bucket and a cell of the agents table each open the chats behind that
// figure (as many as the API counts), the list sorts and pages, a chat opens read-only, and
// the URL alone opens the same list and chat again. Some of its chats get quality reviews (IQS):
// the IQS tile and an agent's IQS cell open those reviews.

const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });
const range = { from: '2026-03-23', to: '2026-04-06', lastDay: '2026-04-05', tz: 'Europe/Sofia' };
const dashboardPath = `/console/dashboard?from=${range.from}&to=${range.lastDay}&tz=${encodeURIComponent(range.tz)}`;
const rangeQuery = `from=${range.from}&to=${range.to}&tz=${encodeURIComponent(range.tz)}`;

let browser: Browser;
let server: TestServer;
let token: string;
const pageErrors: string[] = [];
const contexts: BrowserContext[] = [];

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

beforeAll(async () => {
  if (!existsSync(join(distDir, 'console', 'index.html'))) {
    throw new Error('The console is not built: run `npm run build` before the browser tests');
  }
  server = await startTestServer({ clock: new FakeClock(Date.parse('2026-11-01T00:00:00Z')) });
  token = await loginToken(server.url);
  const imported = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: readFileSync(resolve(process.cwd(), '../shared/fixtures/medium.ndjson')),
  });
  expect(imported.status).toBe(200);
  const reviewed = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body: reviewsOfMedium(),
  });
  expect(reviewed.status, await reviewed.text()).toBe(200);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close(true);
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  expect(pageErrors.splice(0)).toEqual([]);
});

/**
 * Reviews of every 30th assigned chat of the medium history by its admin (a2), an hour after the
 * chat's start, and of every 90th by its owner (a1) too: a chat reviewed twice.
 */
function reviewsOfMedium(): string {
  const chats = readFileSync(resolve(process.cwd(), '../shared/fixtures/medium.ndjson'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"chat"'))
    .map((l) => JSON.parse(l) as { id: string; startedAt: string; assignments: unknown[] })
    .filter((c) => c.assignments.length > 0)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const lines = ['{"type":"meta","format":"chat-history","version":1}'];
  const scores = [0.55, 0.7, 0.8, 0.9, 1];
  chats.forEach((c, k) => {
    const at = new Date(Date.parse(c.startedAt) + 3_600_000).toISOString();
    if (k % 30 === 0) lines.push(JSON.stringify({ type: 'review', id: `ra${k}`, chatId: c.id, reviewerId: 'a2', at, score: scores[(k / 30) % 5], comment: null }));
    if (k % 90 === 0) lines.push(JSON.stringify({ type: 'review', id: `rb${k}`, chatId: c.id, reviewerId: 'a1', at, score: 0.6 }));
  });
  return lines.join('\n');
}

async function signedIn(width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  contexts.push(context);
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(`${server.url}/console/`);
  await page.getByLabel('Email').fill('owner@example.com');
  await page.getByLabel('Password').fill('owner-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Dashboard' }).waitFor();
  return page;
}

async function openDashboard(page: Page, search = '') {
  await page.goto(`${server.url}${dashboardPath}${search}`);
  // The first query after the import builds the hour blocks: slow on a busy machine.
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 90_000 }).toBe(0);
}

const dialog = (page: Page) => page.getByRole('dialog');
const countText = (n: number) => (n === 1 ? '1 chat' : `${n} chats`);

it('opens the chats behind a tile, sorts and pages them, reads one, and the URL brings it back', async () => {
  const page = await signedIn();
  await openDashboard(page);
  const metrics = await api<Metrics>(`/api/metrics?${rangeQuery}`);
  expect(metrics.frt.count).toBeGreaterThan(25);
  await page.getByRole('group', { name: 'First response', exact: true }).getByRole('button', { name: /Show the chats behind First response/ }).click();
  await dialog(page).getByRole('heading', { name: 'Chats behind First response' }).waitFor();
  await poll(() => dialog(page).locator('.drill-count').textContent()).toBe(countText(metrics.frt.count));
  await poll(() => dialog(page).locator('tbody tr').count()).toBe(25);
  expect(new URL(page.url()).searchParams.get('drill')).toBe('frt');
  // Visitors named as the inbox names an anonymous one, never by the raw id.
  for (const cell of await dialog(page).locator('tbody tr td:nth-of-type(2)').allTextContents()) expect(cell).toMatch(/^Visitor [0-9A-Z]{4}$/);

  // Sorted by the value, longest first: the first row is the slowest first reply.
  const valueHeader = dialog(page).getByRole('columnheader', { name: 'First response' });
  await valueHeader.getByRole('button').click();
  await valueHeader.getByRole('button').click();
  await poll(() => valueHeader.getAttribute('aria-sort')).toBe('descending');
  const all = await api<{ chats: { chatId: string; value: number }[] }>(`/api/metrics/chats?key=frt&${rangeQuery}&limit=10000`);
  const slowest = all.chats.reduce((a, b) => (b.value > a.value ? b : a));
  await page.screenshot({ path: screenshotPath('drill-tile-frt-sorted') });

  const pages = Math.ceil(metrics.frt.count / 25);
  await dialog(page).getByText(`Page 1 of ${pages}`).waitFor();
  await dialog(page).getByRole('button', { name: 'Next' }).click();
  await dialog(page).getByText(`Page 2 of ${pages}`).waitFor();
  await dialog(page).getByRole('button', { name: 'Previous' }).click();

  await dialog(page).locator('tbody tr').first().getByRole('button').click();
  await poll(() => new URL(page.url()).searchParams.get('chat')).toBe(slowest.chatId);
  await dialog(page).getByRole('log', { name: 'Transcript' }).waitFor();
  await dialog(page).getByText('Read only').waitFor();
  // Its ratings as every read-only transcript shows them; nothing offers deleting a message.
  const { surveys } = await api<{ surveys: { status: string }[] }>(`/api/chats/${slowest.chatId}/surveys`);
  const answered = surveys.filter((s) => s.status === 'answered').length;
  await poll(() => dialog(page).locator('.rating-entry').count()).toBe(answered);
  if (!answered) await dialog(page).getByText('No ratings yet.').waitFor();
  expect(await dialog(page).getByRole('button', { name: 'Delete message' }).count()).toBe(0);
  // A chat read from a figure can be reviewed there (IQS): the dashboard is for reviewers only.
  await dialog(page).getByRole('region', { name: 'Quality reviews' }).getByRole('button', { name: 'Review this chat' }).waitFor();
  await page.screenshot({ path: screenshotPath('drill-tile-frt-chat') });

  // The link alone: the same list and the same chat.
  const link = page.url();
  const other = await signedIn();
  await other.goto(link);
  await poll(() => other.getByRole('dialog').getByRole('log', { name: 'Transcript' }).isVisible()).toBe(true);
  await other.getByRole('dialog').getByRole('button', { name: /Back to the list/ }).click();
  await poll(() => other.getByRole('dialog').locator('.drill-count').textContent()).toBe(countText(metrics.frt.count));
  await other.getByRole('dialog').getByRole('button', { name: 'Close' }).last().click();
  await poll(() => new URL(other.url()).searchParams.get('drill')).toBe(null);
}, 180_000);

it('opens the chats of one bucket from a click on the chats chart', async () => {
  const page = await signedIn();
  await openDashboard(page);
  const chart = page.getByRole('region', { name: 'Chats per day' }).locator('.u-over');
  const box = (await chart.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width * 0.4, box.y + box.height / 2);
  await dialog(page).getByRole('heading', { name: 'Chats behind Chats' }).waitFor();
  const url = new URL(page.url());
  const from = url.searchParams.get('drillFrom')!;
  const series = await api<MetricsSeries>(`/api/metrics/series?${rangeQuery}&bucket=day`);
  const point = series.points.find((p) => p.start === from)!;
  expect(point).toBeDefined();
  expect(url.searchParams.get('drillTo')).toBe(point.end);
  expect(point.metrics.chats.total).toBeGreaterThan(0);
  await poll(() => dialog(page).locator('.drill-count').textContent()).toBe(countText(point.metrics.chats.total));
  await page.screenshot({ path: screenshotPath('drill-chart-bucket') });
}, 180_000);

it('opens the chats of one bucket of the chats chart by keyboard', async () => {
  const page = await signedIn();
  await openDashboard(page);
  const series = await api<MetricsSeries>(`/api/metrics/series?${rangeQuery}&bucket=day`);
  const target = series.points.findIndex((p, i) => i >= 3 && p.metrics.chats.total > 0);
  expect(target).toBeGreaterThan(0);
  const point = series.points[target]!;

  // Reached by Tab: from the panel's last control before it, or from the page's start.
  const chart = page.getByRole('region', { name: 'Chats per day' }).getByRole('slider', { name: 'Chats per day' });
  expect(await chart.getAttribute('tabindex')).toBe('0');
  await page.locator('body').focus();
  let tabs = 0;
  while (!(await chart.evaluate((el) => el === document.activeElement)) && tabs++ < 60) await page.keyboard.press('Tab');
  expect(tabs, 'Tab never reached the chart').toBeLessThan(60);
  expect(await chart.evaluate((el) => el.matches(':focus-visible'))).toBe(true);
  // The hint is read with the chart and shown under it while it has focus.
  const hint = page.locator(`[id="${await chart.getAttribute('aria-describedby')}"]`);
  expect(await hint.textContent()).toBe('The arrow keys choose a bucket; Enter shows its chats.');
  expect((await hint.boundingBox())!.width).toBeGreaterThan(100);

  await page.keyboard.press('End');
  await poll(() => chart.getAttribute('aria-valuenow')).toBe(String(series.points.length - 1));
  await page.keyboard.press('Home');
  for (let i = 0; i < target; i++) await page.keyboard.press('ArrowRight');
  await poll(() => chart.getAttribute('aria-valuenow')).toBe(String(target));
  const said = (await chart.getAttribute('aria-valuetext'))!;
  expect(said).toContain(`Live chats: ${point.metrics.chats.byChannel.widget}`);
  expect(said).toContain(`Offline messages: ${point.metrics.chats.byChannel.offline}`);
  // The cursor stands on that bucket and the legend says so, as under a pointer.
  const legendTime = await page.getByRole('region', { name: 'Chats per day' }).locator('.u-legend .u-series').first().locator('.u-value').textContent();
  expect(said.startsWith(legendTime!)).toBe(true);
  await page.screenshot({ path: screenshotPath('drill-chart-keyboard') });

  await page.keyboard.press('Enter');
  await dialog(page).getByRole('heading', { name: 'Chats behind Chats' }).waitFor();
  const url = new URL(page.url());
  expect([url.searchParams.get('drillFrom'), url.searchParams.get('drillTo')]).toEqual([point.start, point.end]);
  await poll(() => dialog(page).locator('.drill-count').textContent()).toBe(countText(point.metrics.chats.total));

  // On a phone the chart still takes the keys, and its hint fits the screen.
  await page.keyboard.press('Escape');
  await poll(() => new URL(page.url()).searchParams.get('drill')).toBe(null);
  await page.setViewportSize({ width: 390, height: 844 });
  await chart.focus();
  await page.keyboard.press('End');
  await poll(() => chart.getAttribute('aria-valuenow')).toBe(String(series.points.length - 1));
  await chart.scrollIntoViewIfNeeded();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  await page.screenshot({ path: screenshotPath('drill-chart-keyboard-phone') });
}, 180_000);

it('opens the chats of one agent from a cell of the agents table', async () => {
  const page = await signedIn();
  await openDashboard(page);
  const { agents } = await api<{ agents: AgentReportRow[] }>(`/api/metrics/agents?${rangeQuery}`);
  const busiest = agents.reduce((a, b) => (b.metrics.chats.total > a.metrics.chats.total ? b : a));
  await page.getByRole('button', { name: `${busiest.name}: Show the chats behind Missed` }).click();
  await dialog(page).getByRole('heading', { name: 'Chats behind Missed' }).waitFor();
  expect(new URL(page.url()).searchParams.get('drillAgent')).toBe(busiest.agentId);
  await poll(() => dialog(page).locator('.drill-count, .panel-placeholder').first().textContent()).toBe(
    busiest.metrics.chats.missed ? countText(busiest.metrics.chats.missed) : 'No chats in this range.',
  );
  await dialog(page).getByRole('button', { name: 'Close' }).last().click();
  await page.getByRole('button', { name: `${busiest.name}: Show the chats behind Chats` }).click();
  await poll(() => dialog(page).locator('.drill-count').textContent()).toBe(countText(busiest.metrics.chats.total));
  const agentCells = await dialog(page).locator('tbody tr td:first-of-type').allTextContents();
  expect(new Set(agentCells)).toEqual(new Set([busiest.name]));
  await page.screenshot({ path: screenshotPath('drill-agent-chats') });
}, 180_000);

it('opens the chats of a weekday and hour from a heatmap cell', async () => {
  const page = await signedIn();
  await openDashboard(page);
  const cells = page.locator('.heatmap .heatmap-drill');
  await poll(() => cells.count()).toBeGreaterThan(0);
  // The busiest cell: several days' chats of one weekday and hour.
  const counts = (await cells.allTextContents()).map(Number);
  const busiest = counts.indexOf(Math.max(...counts));
  await cells.nth(busiest).click();
  await dialog(page).getByRole('heading', { name: 'Chats behind Chats' }).waitFor();
  const buckets = new URL(page.url()).searchParams.get('drillBuckets')!.split(',');
  expect(buckets.length).toBeGreaterThan(1);
  await poll(() => dialog(page).locator('.drill-count').textContent()).toBe(countText(counts[busiest]!));
  await page.screenshot({ path: screenshotPath('drill-heatmap-cell') });
}, 180_000);

it('opens the reviews behind the IQS tile and an agent’s IQS cell, in the order they were made', async () => {
  const page = await signedIn();
  await openDashboard(page);
  const metrics = await api<Metrics>(`/api/metrics?${rangeQuery}`);
  expect(metrics.iqs.count).toBeGreaterThan(25);
  const tile = page.getByRole('group', { name: 'IQS', exact: true });
  await poll(() => tile.locator('.kpi-value').textContent()).toBe(formatRate(metrics.iqs.mean));
  await page.screenshot({ path: screenshotPath('dashboard-iqs-1280'), fullPage: true });
  await tile.getByRole('button', { name: /Show the chats behind IQS/ }).click();
  await dialog(page).getByRole('heading', { name: 'Chats behind IQS' }).waitFor();
  await poll(() => dialog(page).locator('.drill-count').textContent()).toBe(`${metrics.iqs.count} reviews`);
  expect(new URL(page.url()).searchParams.get('drill')).toBe('iqs');
  // As listed by the API (the reviews' time, then id), each with its score.
  const listed = await api<{ chats: { value: number }[] }>(`/api/metrics/chats?key=iqs&${rangeQuery}&limit=25`);
  await poll(() => dialog(page).locator('tbody tr td.num').allTextContents()).toEqual(listed.chats.map((c) => formatRate(c.value)));
  await page.screenshot({ path: screenshotPath('drill-iqs-tile') });
  await dialog(page).getByRole('button', { name: 'Close' }).last().click();

  const { agents } = await api<{ agents: AgentReportRow[] }>(`/api/metrics/agents?${rangeQuery}`);
  const reviewed = agents.reduce((a, b) => (b.metrics.iqs.count > a.metrics.iqs.count ? b : a));
  await page.getByRole('button', { name: `${formatRate(reviewed.metrics.iqs.mean)}, ${reviewed.name}: Show the chats behind IQS` }).click();
  await poll(() => dialog(page).locator('.drill-count').textContent()).toBe(`${reviewed.metrics.iqs.count} reviews`);
  expect(new Set(await dialog(page).locator('tbody tr td:first-of-type').allTextContents())).toEqual(new Set([reviewed.name]));
}, 180_000);

it('fits the IQS tile on a phone', async () => {
  const page = await signedIn(390);
  await openDashboard(page);
  const tile = page.getByRole('group', { name: 'IQS', exact: true });
  await tile.scrollIntoViewIfNeeded();
  const box = (await tile.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: screenshotPath('dashboard-iqs-390'), fullPage: true });
}, 180_000);
