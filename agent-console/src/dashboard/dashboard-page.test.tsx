// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentReportRow, Metrics, MetricsSeries } from './metrics-types.ts';

// uPlot draws on a canvas, which happy-dom lacks; the charts are checked in Chromium
// (test/dashboard.browser.test.ts). Here a chart is its accessible name.
vi.mock('./uplot-chart.tsx', () => ({
  UPlotChart: (props: { label: string }) => <div role="img" aria-label={props.label} />,
}));

const { DashboardPage } = await import('./dashboard-page.tsx');
const { setLanguage } = await import('../i18n.ts');

// Real answers of the metrics API for the medium history (../shared/fixtures beside the checkout).
const expected = JSON.parse(
  readFileSync(resolve(process.cwd(), '../shared/fixtures/medium.expected.json'), 'utf8'),
) as { request: string; body: unknown }[];
// The fixtures predate IQS (METRICS.md §2 `iqs`): their answers get some reviews here.
const iqs: Metrics['iqs'] = { count: 12, mean: 0.8625, rate: 0.75 };
const summary = { ...(expected[0]!.body as Metrics), iqs };
const agentReport = (expected[1]!.body as { agents: AgentReportRow[] }).agents.map((a, i) => ({
  ...a,
  metrics: { ...a.metrics, iqs: i % 2 ? { count: 0, mean: null, rate: null } : iqs },
}));
const daySeries = expected[2]!.body as MetricsSeries;
daySeries.points = daySeries.points.map((p) => ({ ...p, metrics: { ...p.metrics, iqs } }));
const previousSummary: Metrics = { ...summary, chats: { ...summary.chats, total: 1000 }, csat: { ...summary.csat, rate: 0.8 } };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

let calls: URL[];
let answer: (url: URL) => Response | undefined;

function defaultAnswer(url: URL): Response {
  switch (url.pathname) {
    case '/api/metrics':
      return json(200, url.searchParams.get('from') === '2026-03-09' ? previousSummary : summary);
    case '/api/metrics/series':
      return json(200, { ...daySeries, bucket: url.searchParams.get('bucket') });
    case '/api/metrics/agents':
      return json(200, { agents: agentReport });
    case '/api/agents':
      return json(200, { agents: agentReport.map((r) => ({ id: r.agentId, name: r.name, role: 'agent' })) });
    case '/api/departments':
      return json(200, { departments: [{ id: 'sales', name: 'Sales' }] });
    case '/api/surveys/comments': {
      // The server filters: by the answer time and by the chat's agent.
      const all = [
          {
            id: 's1',
            kind: 'nps',
            scale: 10,
            score: 3,
            comment: 'Nobody <b>answered</b> for an hour',
            answeredAt: Date.parse('2026-03-30T10:00:00Z'),
            visitorName: 'Mila',
            agent: { id: 'a2', name: 'Ivana Nikolova' },
          },
          {
            id: 's2',
            kind: 'csat',
            scale: 5,
            score: 5,
            comment: 'Too early to count',
            answeredAt: Date.parse('2026-03-01T10:00:00Z'),
            visitorName: null,
            agent: null,
          },
      ];
      const from = Number(url.searchParams.get('from'));
      const before = Number(url.searchParams.get('before'));
      const agent = url.searchParams.get('agent');
      return json(200, {
        comments: all.filter((c) => c.answeredAt >= from && c.answeredAt < before && (!agent || c.agent?.id === agent)),
      });
    }
    default:
      return json(404, { error: 'not found' });
  }
}

beforeEach(() => {
  calls = [];
  answer = () => undefined;
  history.replaceState(null, '', '/console/dashboard?from=2026-03-23&to=2026-04-05&tz=Europe%2FSofia');
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      const url = new URL(input, 'http://parley.test');
      calls.push(url);
      return answer(url) ?? defaultAnswer(url);
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  setLanguage('en');
});

const tileValue = async (label: string) =>
  within(await screen.findByRole('group', { name: label })).findByText((_, el) => el?.classList.contains('kpi-value') ?? false);

/** A tile's line comparing it with the previous period. */
const comparison = async (label: string) =>
  within(await screen.findByRole('group', { name: label })).getByText((_, el) => el?.classList.contains('kpi-compare') ?? false);

describe('DashboardPage', () => {
  it('asks for the deep-linked range and the previous one, and shows the numbers for people', async () => {
    render(<DashboardPage />);
    expect((await tileValue('Chats')).textContent).toBe('1,498');
    expect((await tileValue('Missed')).textContent).toBe('11.7%');
    expect((await tileValue('First response')).textContent).toBe('1m 16s');
    expect((await tileValue('NPS')).textContent).toBe('+36.6');
    expect((await tileValue('IQS')).textContent).toBe('86.3%');
    expect(within(await screen.findByRole('group', { name: 'IQS' })).getByText('75.0% at 80%+ · reviews: 12')).toBeTruthy();
    const csat = await screen.findByRole('group', { name: 'CSAT' });
    await within(csat).findByText('−2.5 pp');
    expect(csat.textContent).toContain('vs 80.0%');

    const summaries = calls.filter((u) => u.pathname === '/api/metrics').map((u) => u.search);
    expect(summaries).toEqual([
      '?from=2026-03-23&to=2026-04-06&tz=Europe%2FSofia',
      '?from=2026-03-09&to=2026-03-23&tz=Europe%2FSofia',
    ]);
    const buckets = calls.filter((u) => u.pathname === '/api/metrics/series').map((u) => u.searchParams.get('bucket'));
    expect(buckets.sort()).toEqual(['day', 'hour']);
    expect(screen.getByText('Mar 23 – Apr 5, 2026')).toBeTruthy();
    expect(within(await screen.findByRole('region', { name: 'Agents' })).getByRole('link', { name: 'Agents CSV' }).getAttribute('href')).toBe(
      '/api/metrics/agents.csv?from=2026-03-23&to=2026-04-06&tz=Europe%2FSofia',
    );
    expect(screen.getByRole('link', { name: 'Summary CSV' }).getAttribute('href')).toBe(
      '/api/metrics.csv?from=2026-03-23&to=2026-04-06&tz=Europe%2FSofia',
    );
  });

  it('shows the comments answered in the range, as text', async () => {
    render(<DashboardPage />);
    const comments = await screen.findByRole('region', { name: 'Survey comments' });
    await within(comments).findByText('Nobody <b>answered</b> for an hour');
    expect(comments.querySelector('b')).toBeNull();
    expect(comments.textContent).not.toContain('Too early to count');
    const asked = calls.find((u) => u.pathname === '/api/surveys/comments')!;
    // The end of the range as the server resolved it: the series' last edge.
    expect(asked.searchParams.get('before')).toBe(String(Date.parse('2026-04-06T00:00:00.000Z')));
    expect(asked.searchParams.get('from')).toBe(String(Date.parse('2026-03-23T00:00:00.000Z')));
  });

  it('filters by agent: the query, the address and the comments follow', async () => {
    render(<DashboardPage />);
    const agent = await screen.findByRole('combobox', { name: 'Agent' });
    await within(agent).findByText('Ivana Nikolova');
    fireEvent.change(agent, { target: { value: 'a1' } });
    await vi.waitFor(() =>
      expect(calls.some((u) => u.pathname === '/api/metrics' && u.searchParams.get('agent') === 'a1')).toBe(true),
    );
    expect(location.search).toBe('?from=2026-03-23&to=2026-04-05&tz=Europe%2FSofia&agent=a1');
    const comments = screen.getByRole('region', { name: 'Survey comments' });
    await within(comments).findByText('No comments in this range.');
    expect(calls.some((u) => u.pathname === '/api/surveys/comments' && u.searchParams.get('agent') === 'a1')).toBe(true);
  });

  it('sorts the agent table by any column', async () => {
    render(<DashboardPage />);
    const table = await screen.findByRole('table', { name: '' });
    const firstAgent = () => within(table).getAllByRole('rowheader')[0]!.textContent;
    fireEvent.click(within(table).getByRole('button', { name: 'Agent' }));
    expect(firstAgent()).toBe('Anna Petrova');
    fireEvent.click(within(table).getByRole('button', { name: /^Agent/ }));
    expect(firstAgent()).toBe('Viktor Popov');
    fireEvent.click(within(table).getByRole('button', { name: 'Chats' }));
    const busiest = [...agentReport].sort((a, b) => b.metrics.chats.total - a.metrics.chats.total)[0]!;
    expect(firstAgent()).toBe(busiest.name);
    expect(within(table).getByRole('columnheader', { name: 'Chats' }).getAttribute('aria-sort')).toBe('descending');
  });

  it('says what the server refused', async () => {
    answer = (url) =>
      url.pathname.startsWith('/api/metrics') ? json(400, { error: 'tz: unknown time zone "Mars/Base"', field: 'tz' }) : undefined;
    render(<DashboardPage />);
    const alerts = await screen.findAllByRole('alert');
    expect(alerts[0]!.textContent).toBe('The server refused: tz: unknown time zone "Mars/Base"');
  });

  it('shows empty states when nothing happened in the range', async () => {
    const quiet = {
      ...daySeries,
      points: daySeries.points.map((p) => ({ ...p, metrics: { ...p.metrics, chats: { ...p.metrics.chats, total: 0 } } })),
    };
    answer = (url) => (url.pathname === '/api/metrics/series' ? json(200, quiet) : undefined);
    render(<DashboardPage />);
    const volume = await screen.findByRole('region', { name: 'Chats per day' });
    await within(volume).findByText('No chats in this range.');
    expect(within(volume).queryByRole('img')).toBeNull();
  });

  it('compares a figure only when the previous period has it, and says once that it had no chats', async () => {
    const none = { count: 0, mean: null, rate: null };
    const emptyBefore: Metrics = {
      ...previousSummary,
      chats: { ...previousSummary.chats, total: 0, missedRate: null },
      csat: { ...previousSummary.csat, ...none },
      nps: { ...previousSummary.nps, count: 0, score: null },
    };
    answer = (url) => (url.pathname === '/api/metrics' && url.searchParams.get('from') === '2026-03-09' ? json(200, emptyBefore) : undefined);
    render(<DashboardPage />);
    await screen.findByText('No chats in Mar 9 – Mar 22, 2026: nothing to compare with.');
    await vi.waitFor(async () => expect((await comparison('Chats')).textContent).toContain('vs 0 before'));
    for (const label of ['Missed', 'CSAT', 'NPS']) expect((await comparison(label)).textContent).toBe('');
    expect(document.body.textContent).not.toContain('vs — before');
  });

  it('says nothing of an empty previous period when it had chats', async () => {
    render(<DashboardPage />);
    await vi.waitFor(async () => expect((await comparison('CSAT')).textContent).toContain('vs 80.0% before'));
    expect(screen.queryByText(/nothing to compare with/)).toBeNull();
  });

  it('says beside the time zone field that a zone is unknown, while it is, and asks for nothing with it', async () => {
    render(<DashboardPage />);
    const zone = (await screen.findByLabelText('Time zone')) as HTMLInputElement;
    fireEvent.input(zone, { target: { value: 'Europe/Sof' } });
    expect(screen.queryByRole('alert')).toBeNull();

    fireEvent.input(zone, { target: { value: 'Nowhere/Foo' } });
    const error = screen.getByRole('alert');
    expect(error.textContent).toBe('Not a time zone: pick one from the list, e.g. Europe/Sofia');
    expect(zone.getAttribute('aria-invalid')).toBe('true');
    expect(zone.getAttribute('aria-describedby')).toBe(error.id);
    fireEvent.change(zone);
    expect(calls.some((u) => u.searchParams.get('tz') === 'Nowhere/Foo')).toBe(false);

    fireEvent.input(zone, { target: { value: 'Europe/Sofia' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(zone.getAttribute('aria-describedby')).toBeNull();
  });

  it('speaks the console language: tiles, numbers, controls, panels, table and comments', async () => {
    setLanguage('ru');
    render(<DashboardPage />);
    expect((await tileValue('Чаты')).textContent).toBe('1\u00a0498');
    expect((await tileValue('Время первого ответа')).textContent).toBe('1\u00a0мин 16\u00a0с');
    expect((await tileValue('Пропущенные')).textContent).toBe('11,7\u00a0%');
    const csat = await screen.findByRole('group', { name: 'CSAT' });
    await within(csat).findByText('−2,5 п. п.');
    expect(csat.textContent).toContain('против 80,0\u00a0% ранее');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Панель');
    expect(screen.getByText('23 мар. – 5 апр. 2026 г.')).toBeTruthy();
    expect(screen.getByRole('button', { name: '7 дней' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Метка' })).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Канал' }).textContent).toContain('Живой чат');
    await screen.findByRole('region', { name: 'Чаты по дням' });
    await screen.findByRole('img', { name: 'Время первого ответа и решения (медиана)' });
    const table = await screen.findByRole('region', { name: 'Агенты' });
    await within(table).findByRole('columnheader', { name: 'Загрузка' });
    const comments = screen.getByRole('region', { name: 'Комментарии к опросам' });
    await within(comments).findByText(/агент: Ivana Nikolova/);
    const heatmap = screen.getByRole('region', { name: 'Чаты по дням недели и часам' });
    expect(within(heatmap).getAllByRole('rowheader').map((th) => th.textContent)).toEqual(['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс']);
  });

  it('tells a refusal again in the language picked after it', async () => {
    answer = (url) =>
      url.pathname.startsWith('/api/metrics') ? json(400, { error: 'tz: unknown time zone "Mars/Base"', field: 'tz' }) : undefined;
    const { rerender } = render(<DashboardPage />);
    await screen.findAllByRole('alert');
    setLanguage('bg');
    // The console's root re-renders the page when the language changes.
    rerender(<DashboardPage />);
    const alerts = await screen.findAllByRole('alert');
    expect(alerts[0]!.textContent).toBe('Сървърът отказа: tz: unknown time zone "Mars/Base"');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Табло');
  });
});
