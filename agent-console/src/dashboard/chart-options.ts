import uPlot from 'uplot';
import { language, t } from '../i18n.ts';
import { formatCount, formatDuration, formatNps, formatRate, formatWholePercent, localeOf, MISSING } from './format.ts';
import type { MetricsSeries, SeriesPoint } from './metrics-types.ts';

// The dashboard's charts as uPlot options and data, built from a metrics series. Each bucket is
// drawn at its middle, so a day's bar stands between that day's midnights, and the time axis
// reads in the dashboard's zone (uPlot's tzDate), not the browser's. Legends, axes and dates are
// in the console's language at the time the chart is built.

export interface ChartSpec {
  options: Omit<uPlot.Options, 'width' | 'height'>;
  data: uPlot.AlignedData;
}

export const chartColors = {
  live: '#2457d6',
  offline: '#9db8f0',
  frt: '#2457d6',
  resolution: '#c27803',
  csat: '#2457d6',
  ces: '#0f9d8a',
  nps: '#7c3aed',
  promoters: '#1f9254',
  passives: '#b8c0cc',
  detractors: '#d64545',
  slaFrt: '#2457d6',
  slaResolution: '#0f9d8a',
};

const axisFont = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const axisStroke = '#5f6b7a';
const gridStroke = '#edf0f4';

const bucketFormats: Record<MetricsSeries['bucket'], Intl.DateTimeFormatOptions> = {
  hour: { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  day: { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' },
  week: { month: 'short', day: 'numeric', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
};

/** How the legend names a bucket: "Mon, Mar 23, 2026", "Week of Mar 23, 2026", "March 2026". */
export function bucketLabels(series: MetricsSeries): string[] {
  const format = new Intl.DateTimeFormat(localeOf(), { ...bucketFormats[series.bucket], timeZone: series.tz });
  return series.points.map((p) => {
    const date = format.format(new Date(p.start));
    return series.bucket === 'week' ? t('Week of {date}', { date }) : date;
  });
}

/**
 * uPlot's date templates for the time axis, in Russian or Bulgarian: month names of the
 * language and day.month dates on a 24-hour clock ("23.03", "14:00") instead of uPlot's
 * American "3/23" and "2pm". English keeps uPlot's own.
 */
export function localDateTemplates(lang = language()): ((tpl: string) => (date: Date) => string) | undefined {
  if (lang === 'en') return undefined;
  const month = (style: 'long' | 'short') => {
    const f = new Intl.DateTimeFormat(lang, { month: style, timeZone: 'UTC' });
    const long = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
    // Bulgarian has no short month name of its own ("03"): the full one then.
    return Array.from({ length: 12 }, (_, m) => {
      const d = new Date(Date.UTC(2026, m, 15));
      const name = f.format(d);
      return /\d/.test(name) ? long.format(d) : name;
    });
  };
  const weekday = (style: 'long' | 'short') => {
    const f = new Intl.DateTimeFormat(lang, { weekday: style, timeZone: 'UTC' });
    // 2026-03-01 is a Sunday: uPlot's names start on Sunday, as Date#getDay counts.
    return Array.from({ length: 7 }, (_, d) => f.format(new Date(Date.UTC(2026, 2, 1 + d))));
  };
  const names = { MMMM: month('long'), MMM: month('short'), WWWW: weekday('long'), WWW: weekday('short') };
  return (tpl) =>
    uPlot.fmtDate(
      tpl
        .replace(/\{M\}\/\{D\}\/\{YY\}/g, '{DD}.{MM}.{YY}')
        .replace(/\{M\}\/\{D\}/g, '{DD}.{MM}')
        .replace(/\{h\}:\{mm\}\{aa\}/g, '{HH}:{mm}')
        .replace(/\{h\}\{aa\}/g, '{HH}:00'),
      names,
    );
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

function timeAxis(series: MetricsSeries): Partial<ChartSpec['options']> {
  const points = series.points;
  const labels = bucketLabels(series);
  const first = points[0];
  const last = points[points.length - 1];
  const fmtDate = localDateTemplates();
  return {
    ...(fmtDate ? { fmtDate } : {}),
    tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), series.tz),
    scales: {
      x: {
        time: true,
        range: (): uPlot.Range.MinMax => (first && last ? [seconds(first.start), seconds(last.end)] : [0, 1]),
      },
    },
    series: [{ label: t('Time'), value: (_u, _v, _s, idx) => (idx === null ? MISSING : labels[idx] ?? MISSING) }],
  };
}

function xValues(points: SeriesPoint[]): number[] {
  return points.map((p) => (seconds(p.start) + seconds(p.end)) / 2);
}

const xAxis: uPlot.Axis = { font: axisFont, stroke: axisStroke, grid: { stroke: gridStroke, width: 1 }, ticks: { show: false } };

function yAxis(extra: Partial<uPlot.Axis>): uPlot.Axis {
  return { font: axisFont, stroke: axisStroke, grid: { stroke: gridStroke, width: 1 }, ticks: { show: false }, size: 56, ...extra };
}

const bars = uPlot.paths.bars!({ size: [0.75, 48], gap: 1 });

/**
 * Stacked bars by overlap: each series is drawn as the running sum of itself and those after
 * it, first the tallest, so the last one sits at the bottom. The legend shows each part's own
 * value, not the sum.
 */
function stackedBars(
  parts: { label: string; color: string; values: number[] }[],
  format: (v: number | null) => string,
): { series: uPlot.Series[]; data: number[][] } {
  const sums = parts.map((_, i) => parts[0]!.values.map((_, j) => parts.slice(i).reduce((s, p) => s + p.values[j]!, 0)));
  const series = parts.map(
    (part): uPlot.Series => ({
      label: part.label,
      fill: part.color,
      stroke: part.color,
      width: 0,
      paths: bars,
      points: { show: false },
      value: (_u, _v, _s, idx) => (idx === null ? MISSING : format(part.values[idx] ?? null)),
    }),
  );
  return { series, data: sums };
}

/** Counts per bucket as stacked bars on a whole-number axis from 0. */
function stackedCountChart(series: MetricsSeries, parts: { label: string; color: string; values: number[] }[]): ChartSpec {
  const time = timeAxis(series);
  const stack = stackedBars(parts, formatCount);
  return {
    options: {
      ...time,
      series: [...time.series!, ...stack.series],
      scales: { ...time.scales, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [xAxis, yAxis({ values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? formatCount(v) : '')) })],
    },
    data: [xValues(series.points), ...stack.data],
  };
}

/** Chats started per bucket: live chats on top of offline messages. */
export function chatVolumeChart(series: MetricsSeries): ChartSpec {
  return stackedCountChart(series, [
    { label: t('Live chats'), color: chartColors.live, values: series.points.map((p) => p.metrics.chats.byChannel.widget) },
    { label: t('Offline messages'), color: chartColors.offline, values: series.points.map((p) => p.metrics.chats.byChannel.offline) },
  ]);
}

function line(label: string, color: string, scale: string, format: (v: number | null) => string): uPlot.Series {
  return {
    label,
    stroke: color,
    width: 2,
    scale,
    spanGaps: false,
    points: { show: true, size: 5, fill: color },
    value: (_u, v) => format(v),
  };
}

const values = (series: MetricsSeries, read: (p: SeriesPoint) => number | null) => series.points.map(read);

/** Where the duration axis is labelled: 0s, 10s, 1m, 10m, 1h, 6h, 1d, 1w. */
const durationTicks = [0, 10, 60, 600, 3_600, 21_600, 86_400, 604_800];

/**
 * Median first response and resolution per bucket on one arcsinh (log-like, zero-safe) axis: a
 * day when offline messages waited overnight is hours, a normal day is minutes, and both stay
 * readable.
 */
export function responseTimesChart(series: MetricsSeries): ChartSpec {
  const time = timeAxis(series);
  return {
    options: {
      ...time,
      series: [
        ...time.series!,
        line(t('First response (median)'), chartColors.frt, 'duration', formatDuration),
        line(t('Resolution (median)'), chartColors.resolution, 'duration', formatDuration),
      ],
      scales: {
        ...time.scales,
        duration: {
          distr: 4,
          asinh: 1,
          range: (_u, _min, max): uPlot.Range.MinMax => [0, durationTicks.find((t) => t >= max) ?? max],
        },
      },
      axes: [
        xAxis,
        yAxis({
          scale: 'duration',
          splits: (u) => durationTicks.filter((t) => t <= (u.scales.duration!.max ?? 0)),
          // uPlot's log axes label only powers of ten by default; every tick here is chosen.
          filter: (_u, splits) => splits,
          values: (_u, splits) => splits.map((v) => formatDuration(v)),
        }),
      ],
    },
    data: [xValues(series.points), values(series, (p) => p.metrics.frt.median), values(series, (p) => p.metrics.resolution.median)],
  };
}

const percentAxis = (scale: string) =>
  yAxis({ scale, values: (_u, splits) => splits.map((v) => formatWholePercent(v)) });

/** CSAT (satisfied) and CES (easy) shares on the left, the NPS score on the right. */
export function satisfactionChart(series: MetricsSeries): ChartSpec {
  const time = timeAxis(series);
  return {
    options: {
      ...time,
      series: [
        ...time.series!,
        line(t('CSAT satisfied'), chartColors.csat, 'share', formatRate),
        line(t('CES easy'), chartColors.ces, 'share', formatRate),
        line(t('NPS'), chartColors.nps, 'nps', formatNps),
      ],
      scales: { ...time.scales, share: { range: [0, 1] }, nps: { range: [-100, 100] } },
      axes: [
        xAxis,
        percentAxis('share'),
        yAxis({ scale: 'nps', side: 1, grid: { show: false }, values: (_u, splits) => splits.map((v) => (v > 0 ? `+${v}` : String(v))) }),
      ],
    },
    data: [
      xValues(series.points),
      values(series, (p) => p.metrics.csat.rate),
      values(series, (p) => p.metrics.ces.rate),
      values(series, (p) => p.metrics.nps.score),
    ],
  };
}

/** NPS answers per bucket: promoters over passives over detractors. */
export function npsSplitChart(series: MetricsSeries): ChartSpec {
  return stackedCountChart(series, [
    { label: t('Promoters'), color: chartColors.promoters, values: series.points.map((p) => p.metrics.nps.promoters) },
    { label: t('Passives'), color: chartColors.passives, values: series.points.map((p) => p.metrics.nps.passives) },
    { label: t('Detractors'), color: chartColors.detractors, values: series.points.map((p) => p.metrics.nps.detractors) },
  ]);
}

/** Share of chats meeting their first-response and resolution targets per bucket. */
export function slaChart(series: MetricsSeries): ChartSpec {
  const time = timeAxis(series);
  return {
    options: {
      ...time,
      series: [
        ...time.series!,
        line(t('First response met'), chartColors.slaFrt, 'share', formatRate),
        line(t('Resolution met'), chartColors.slaResolution, 'share', formatRate),
      ],
      scales: { ...time.scales, share: { range: [0, 1] } },
      axes: [xAxis, percentAxis('share')],
    },
    data: [xValues(series.points), values(series, (p) => p.metrics.sla.frt.rate), values(series, (p) => p.metrics.sla.resolution.rate)],
  };
}
