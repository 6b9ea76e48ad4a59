import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import { language, t, type MessageKey } from '../i18n.ts';
import {
  chartColors,
  chatVolumeChart,
  npsSplitChart,
  responseTimesChart,
  satisfactionChart,
  slaChart,
  type ChartSpec,
} from './chart-options.ts';
import { formatCount, formatNps, formatRate } from './format.ts';
import type { Metrics, MetricsSeries } from './metrics-types.ts';
import { UPlotChart } from './uplot-chart.tsx';
import { useDrill, type DrillKey } from './drill.ts';
import { withElement } from './with-element.tsx';
import type { Loaded } from './use-request.ts';

const CHART_HEIGHT = 220;

/**
 * A titled card that shows its chart, or why there is none: loading, an error, nothing to draw.
 * The title is the English text; it is shown in the console's language, and names the heading's id.
 */
export function Panel(props: {
  title: MessageKey;
  wide?: boolean;
  loading: boolean;
  error: string | null;
  /** Set when there is nothing to draw; says what is missing. */
  empty: string | null;
  hasData: boolean;
  aside?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const headingId = `panel-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  let body: ComponentChildren;
  if (props.error) body = <p class="dash-error" role="alert">{props.error}</p>;
  else if (!props.hasData) body = <div class="panel-placeholder">{t('Loading…')}</div>;
  else if (props.empty) body = <div class="panel-placeholder">{props.empty}</div>;
  else body = props.children;
  return (
    <section
      class={`panel${props.wide ? ' panel-wide' : ''}${props.loading && props.hasData ? ' stale' : ''}`}
      aria-labelledby={headingId}
      aria-busy={props.loading}
    >
      <header class="panel-header">
        <h2 id={headingId}>{t(props.title)}</h2>
        {props.aside && <div class="panel-aside">{props.aside}</div>}
      </header>
      {body}
    </section>
  );
}

function SeriesChartPanel(props: {
  title: MessageKey;
  series: Loaded<MetricsSeries>;
  build: (s: MetricsSeries) => ChartSpec;
  /** Why a series has nothing to draw, or null when it has. */
  emptyWhen: (s: MetricsSeries) => string | null;
  aside?: ComponentChildren;
  children?: ComponentChildren;
  /** What a click on a bucket opens: the chats behind this figure in that bucket. */
  drill?: DrillKey;
}) {
  const { series, build } = props;
  const drill = useDrill();
  const points = series.data?.points;
  const key = props.drill;
  const onPick = useMemo(
    () => (key && points ? (idx: number) => points[idx] && drill({ key, from: points[idx].start, to: points[idx].end }) : undefined),
    [key, points, drill],
  );
  // Built again in another language: legends and axes are words too.
  const lang = language();
  const spec = useMemo(() => (series.data ? build(series.data) : null), [series.data, build, lang]);
  return (
    <Panel
      title={props.title}
      loading={series.loading}
      error={series.error}
      hasData={!!series.data}
      empty={series.data ? props.emptyWhen(series.data) : null}
      aside={props.aside}
    >
      {props.children}
      {spec && <UPlotChart options={spec.options} data={spec.data} height={CHART_HEIGHT} label={t(props.title)} onPick={onPick} />}
    </Panel>
  );
}

const noChats = (s: MetricsSeries) => (s.points.some((p) => p.metrics.chats.total > 0) ? null : t('No chats in this range.'));
const noReplies = (s: MetricsSeries) =>
  s.points.some((p) => p.metrics.frt.count > 0 || p.metrics.resolution.count > 0) ? null : t('No replied chats in this range.');
const noSurveys = (s: MetricsSeries) =>
  s.points.some((p) => p.metrics.csat.count + p.metrics.ces.count + p.metrics.nps.count > 0)
    ? null
    : t('No survey answers in this range.');
const noNps = (s: MetricsSeries) => (s.points.some((p) => p.metrics.nps.count > 0) ? null : t('No NPS answers in this range.'));
const noSla = (s: MetricsSeries) =>
  s.points.some((p) => p.metrics.sla.frt.rate !== null || p.metrics.sla.resolution.rate !== null)
    ? null
    : t('No chats with an SLA target in this range.');

const volumeTitles: Record<MetricsSeries['bucket'], MessageKey> = {
  hour: 'Chats per hour',
  day: 'Chats per day',
  week: 'Chats per week',
  month: 'Chats per month',
};

export function ChatVolumePanel(props: { series: Loaded<MetricsSeries>; bucket: MetricsSeries['bucket'] }) {
  return (
    <SeriesChartPanel
      title={volumeTitles[props.bucket]}
      series={props.series}
      build={chatVolumeChart}
      emptyWhen={noChats}
      drill="chats.total"
    />
  );
}

export function HourlyVolumePanel(props: { series: Loaded<MetricsSeries>; tooLong: string | null }) {
  if (props.tooLong) {
    return (
      <Panel title="Chats per hour" loading={false} error={null} hasData empty={props.tooLong} />
    );
  }
  return <SeriesChartPanel title="Chats per hour" series={props.series} build={chatVolumeChart} emptyWhen={noChats} drill="chats.total" />;
}

export function ResponseTimesPanel(props: { series: Loaded<MetricsSeries> }) {
  return (
    <SeriesChartPanel
      title="First response and resolution (median)"
      series={props.series}
      build={responseTimesChart}
      emptyWhen={noReplies}
      drill="frt"
      aside={<span class="muted">{t('log scale')}</span>}
    />
  );
}

export function SatisfactionPanel(props: { series: Loaded<MetricsSeries> }) {
  return <SeriesChartPanel title="CSAT, CES and NPS" series={props.series} build={satisfactionChart} emptyWhen={noSurveys} />;
}

export function NpsPanel(props: { series: Loaded<MetricsSeries>; summary: Metrics | null }) {
  const nps = props.summary?.nps;
  return (
    <SeriesChartPanel
      title="NPS answers"
      series={props.series}
      build={npsSplitChart}
      emptyWhen={noNps}
      aside={nps && nps.count > 0 ? <span class="panel-figure">{t('NPS {score}', { score: formatNps(nps.score) })}</span> : null}
    >
      {nps && nps.count > 0 && <NpsSplitBar nps={nps} />}
    </SeriesChartPanel>
  );
}

/** The range's promoters, passives and detractors as shares of one bar, with their counts. */
function NpsSplitBar({ nps }: { nps: Metrics['nps'] }) {
  const parts = [
    { label: t('Promoters'), count: nps.promoters, color: chartColors.promoters },
    { label: t('Passives'), count: nps.passives, color: chartColors.passives },
    { label: t('Detractors'), count: nps.detractors, color: chartColors.detractors },
  ];
  return (
    <div class="split">
      <div class="split-bar" aria-hidden="true">
        {parts.map(
          (p) => p.count > 0 && <span key={p.label} style={{ flexGrow: p.count, background: p.color }} />,
        )}
      </div>
      <ul class="split-legend">
        {parts.map((p) => (
          <li key={p.label}>
            <span class="swatch" style={{ background: p.color }} aria-hidden="true" />
            {p.label} <strong>{formatCount(p.count)}</strong>{' '}
            <span class="muted">({formatRate(p.count / nps.count)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function SlaPanel(props: { series: Loaded<MetricsSeries>; summary: Metrics | null }) {
  const sla = props.summary?.sla;
  return (
    <SeriesChartPanel title="SLA compliance" series={props.series} build={slaChart} emptyWhen={noSla} drill="sla.frt.breached">
      {sla && (
        <dl class="sla-figures">
          <SlaFigure label={t('First response')} outcome={sla.frt} />
          <SlaFigure label={t('Resolution')} outcome={sla.resolution} />
        </dl>
      )}
    </SeriesChartPanel>
  );
}

/** "80.0% met · 120 met, 30 breached": the rate first, then the counts behind it. */
function SlaFigure(props: { label: string; outcome: Metrics['sla']['frt'] }) {
  const { outcome } = props;
  const text = t('{rate} met · {met} met, {breached} breached', {
    met: formatCount(outcome.met),
    breached: formatCount(outcome.breached),
  });
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{withElement(text, 'rate', <strong>{formatRate(outcome.rate)}</strong>)}</dd>
    </div>
  );
}
