import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { AgentTable } from './agent-table.tsx';
import {
  ChatVolumePanel,
  HourlyVolumePanel,
  NpsPanel,
  ResponseTimesPanel,
  SatisfactionPanel,
  SlaPanel,
} from './chart-panels.tsx';
import { DashboardControls, type FilterOptions } from './dashboard-controls.tsx';
import {
  apiPeriod,
  browserTimeZone,
  dayCount,
  MAX_HOURLY_DAYS,
  metricsParams,
  periodLabel,
  previousPeriod,
  searchOfView,
  trendBucket,
  viewFromSearch,
  type DashboardView,
} from './dashboard-view.ts';
import { KpiTiles } from './kpi-tiles.tsx';
import { DrillContext, drillFromSearch, searchOfDrill, type Drill } from './drill.ts';
import { DrillDialog } from './drill-dialog.tsx';
import {
  csvHref,
  fetchAgentOptions,
  fetchAgentReport,
  fetchDepartmentOptions,
  fetchMetrics,
  fetchSeries,
} from './metrics-api.ts';
import { SurveyComments } from './survey-comments.tsx';
import { useRequest } from './use-request.ts';
import { WeekdayHourHeatmap } from './weekday-hour-heatmap.tsx';
import './dashboard.css';

/** The support metrics of METRICS.md for owners and admins: tiles, charts, agents, comments. */
export function DashboardPage() {
  const [view, setView] = useState(() => viewFromSearch(location.search, { tz: browserTimeZone(), now: new Date() }));
  const [drill, setDrill] = useState<Drill | null>(() => drillFromSearch(location.search));
  useEffect(() => {
    const search = searchOfView(view) + searchOfDrill(drill);
    if (location.search !== search) history.replaceState(history.state, '', location.pathname + search);
  }, [view, drill]);

  const period = apiPeriod(view);
  // Fixed when the view is chosen: a running range's comparison must not move on every render.
  const previous = useMemo(() => previousPeriod(view, new Date()), [view]);
  const days = dayCount(view);
  const bucket = trendBucket(days);
  const summaryParams = metricsParams(period, view);
  const previousParams = metricsParams(previous, view);
  const trendParams = metricsParams(period, view, { bucket });
  const hourlyParams = days <= MAX_HOURLY_DAYS ? metricsParams(period, view, { bucket: 'hour' }) : null;

  const summary = useRequest(String(summaryParams), (s) => fetchMetrics(summaryParams, s));
  const before = useRequest(String(previousParams), (s) => fetchMetrics(previousParams, s));
  const trend = useRequest(String(trendParams), (s) => fetchSeries(trendParams, s));
  const hourly = useRequest(hourlyParams && String(hourlyParams), (s) => fetchSeries(hourlyParams!, s));
  const agentReport = useRequest(String(summaryParams), (s) => fetchAgentReport(summaryParams, s));
  const agents = useRequest('agents', fetchAgentOptions);
  const departments = useRequest('departments', fetchDepartmentOptions);

  const options: FilterOptions = {
    agents: agents.data ?? [],
    departments: departments.data ?? [],
    tags: Object.keys(summary.data?.tags.counts ?? {}).sort(),
  };
  // The range as instants, as the server resolved the local dates: the edges of the series.
  const points = !trend.loading ? trend.data?.points : undefined;
  const rangeEdges = points?.length ? { from: Date.parse(points[0]!.start), to: Date.parse(points[points.length - 1]!.end) } : null;
  const tooLongForHours = hourlyParams ? null : t('Choose {days} days or fewer to see hours.', { days: MAX_HOURLY_DAYS });

  return (
    <DrillContext.Provider value={setDrill}>
    <main class="dashboard">
      <div class="dash-inner">
        <header class="dash-header">
          <div>
            <h1>{t('Dashboard')}</h1>
            <p class="dash-subtitle">
              <span>{periodLabel(period)}</span> · <span>{view.tz}</span> ·{' '}
              <span class="muted">{t('compared with {period}', { period: periodLabel(previous) })}</span>
            </p>
          </div>
          <div class="dash-downloads">
            <a class="button" href={csvHref('summary', summaryParams)} download>
              <span aria-hidden="true">↓</span> {t('Summary CSV')}
            </a>
            <a class="button" href={csvHref('chats', summaryParams)} download>
              <span aria-hidden="true">↓</span> {t('Chats (CSV)')}
            </a>
          </div>
        </header>
        <DashboardControls
          view={view}
          options={options}
          onChange={(v: DashboardView) => {
            setView(v);
            setDrill(null);
          }}
        />
        <KpiTiles current={summary} previous={before} comparedWith={periodLabel(previous)} />
        <div class="panel-grid">
          <ChatVolumePanel series={trend} bucket={bucket} />
          {/* Over a day or two the volume chart is already by the hour. */}
          {bucket !== 'hour' && <HourlyVolumePanel series={hourly} tooLong={tooLongForHours} />}
          <ResponseTimesPanel series={trend} />
          <SatisfactionPanel series={trend} />
          <NpsPanel series={trend} summary={summary.data} />
          <SlaPanel series={trend} summary={summary.data} />
          <WeekdayHourHeatmap series={hourly} tz={view.tz} tooLong={tooLongForHours} />
          <AgentTable report={agentReport} csvHref={csvHref('agents', summaryParams)} />
          <SurveyComments
            range={rangeEdges}
            rangeError={trend.error}
            filters={view.filters}
            tz={view.tz}
          />
        </div>
      </div>
      {drill && (
        <DrillDialog drill={drill} viewParams={summaryParams} tz={view.tz} agents={options.agents} onChange={setDrill} />
      )}
    </main>
    </DrillContext.Provider>
  );
}
