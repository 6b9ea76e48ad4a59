// What the dashboard shows: a range of whole local days in a time zone, and the filters. It lives
// in the page's query string, so a view can be reloaded, bookmarked and shared.
//
// Dates go to the API as local dates ("2026-03-23") with `tz`: the server turns them into
// instants by METRICS.md §3's rules, so the browser never does time-zone arithmetic on ranges.

import type { MessageKey } from '../i18n.ts';
import { localeOf } from './format.ts';
import { isTimeZone } from '../../../shared/time-zone.ts';

/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

export type RangePreset = 'today' | '7d' | '30d' | 'custom';

/** The presets' names, English keys of the console's dictionaries: show them with t(). */
export const presetLabels: Record<RangePreset, MessageKey> = {
  today: 'Today',
  '7d': '7 days',
  '30d': '30 days',
  custom: 'Custom',
};

const presetDays: Record<Exclude<RangePreset, 'custom'>, number> = { today: 1, '7d': 7, '30d': 30 };

export const filterKeys = ['agent', 'department', 'tag', 'channel', 'priority'] as const;
export type FilterKey = (typeof filterKeys)[number];
export type DashboardFilters = Partial<Record<FilterKey, string>>;

export interface DashboardView {
  preset: RangePreset;
  /** First day shown. */
  from: LocalDate;
  /** Last day shown (inclusive, as the date fields read). */
  to: LocalDate;
  tz: string;
  filters: DashboardFilters;
}

/** The `from`/`to` of an API call: local dates or local date-times in the view's zone. */
export interface ApiPeriod {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

function dateToMs(d: LocalDate): number {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, day);
}

function msToDate(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isLocalDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && msToDate(dateToMs(s)) === s;
}

export function addDays(d: LocalDate, n: number): LocalDate {
  return msToDate(dateToMs(d) + n * DAY_MS);
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((dateToMs(b) - dateToMs(a)) / DAY_MS);
}

/** The zone's own spelling ("europe/sofia" → "Europe/Sofia"), null when it is not a zone. */
export function canonicalTimeZone(tz: string): string | null {
  return isTimeZone(tz) ? new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone : null;
}

export function browserTimeZone(): string {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return tz && isTimeZone(tz) ? tz : 'UTC';
}

/** The date and minute of the day it is at `now` in `tz`. */
export function zonedNow(tz: string, now: Date): { date: LocalDate; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    minutes: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

/** The days of a preset, ending today. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: LocalDate): { from: LocalDate; to: LocalDate } {
  return { from: addDays(today, 1 - presetDays[preset]), to: today };
}

export function defaultView(tz: string, now: Date): DashboardView {
  return { preset: '7d', ...presetRange('7d', zonedNow(tz, now).date), tz, filters: {} };
}

/**
 * The view a query string asks for: `range=today|7d|30d` (relative to today in `tz`, so a shared
 * "last 7 days" link stays current) or `from` and `to` (a custom range, `to` inclusive), `tz`,
 * and the filters. What is missing or malformed falls back to the default.
 */
export function viewFromSearch(search: string, defaults: { tz: string; now: Date }): DashboardView {
  const params = new URLSearchParams(search);
  const tzParam = params.get('tz');
  const tz = tzParam && isTimeZone(tzParam) ? tzParam : defaults.tz;
  const filters: DashboardFilters = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && isLocalDate(from) && isLocalDate(to) && from <= to) {
    return { preset: 'custom', from, to, tz, filters };
  }
  const range = params.get('range');
  const preset = range === 'today' || range === '7d' || range === '30d' ? range : '7d';
  return { preset, ...presetRange(preset, zonedNow(tz, defaults.now).date), tz, filters };
}

export function searchOfView(view: DashboardView): string {
  const params = new URLSearchParams();
  if (view.preset === 'custom') {
    params.set('from', view.from);
    params.set('to', view.to);
  } else {
    params.set('range', view.preset);
  }
  params.set('tz', view.tz);
  for (const key of filterKeys) {
    const value = view.filters[key];
    if (value) params.set(key, value);
  }
  return `?${params}`;
}

/** The view with another preset, resolved against today in its zone. */
export function withPreset(view: DashboardView, preset: Exclude<RangePreset, 'custom'>, now: Date): DashboardView {
  return { ...view, preset, ...presetRange(preset, zonedNow(view.tz, now).date) };
}

/** The view in another zone: presets mean "ending today there", custom dates stay as typed. */
export function withTimeZone(view: DashboardView, tz: string, now: Date): DashboardView {
  const moved = { ...view, tz };
  return view.preset === 'custom' ? moved : withPreset(moved, view.preset, now);
}

export function dayCount(view: DashboardView): number {
  return daysBetween(view.from, view.to) + 1;
}

/** The shown days as an API range, `to` exclusive. */
export function apiPeriod(view: DashboardView): ApiPeriod {
  return { from: view.from, to: addDays(view.to, 1) };
}

/**
 * The period the tiles compare with: the same number of days just before. While the range is
 * still running (it contains now), the previous period is cut at the same local time of its
 * corresponding day, so this morning is compared with yesterday morning, not all of yesterday.
 */
export function previousPeriod(view: DashboardView, now: Date): ApiPeriod & { cut: boolean } {
  const days = dayCount(view);
  const from = addDays(view.from, -days);
  const local = zonedNow(view.tz, now);
  if (local.date < view.from || local.date > view.to) return { from, to: view.from, cut: false };
  // At least a minute, so the range is never empty right after midnight.
  const elapsed = Math.max(1, daysBetween(view.from, local.date) * 1440 + local.minutes);
  const date = addDays(from, Math.floor(elapsed / 1440));
  const minutes = elapsed % 1440;
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return { from, to: minutes === 0 ? date : `${date}T${time}`, cut: true };
}

/** The query of a metrics call: the period, the zone, the filters set, and `extra`. */
export function metricsParams(period: ApiPeriod, view: DashboardView, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams({ from: period.from, to: period.to, tz: view.tz });
  for (const key of filterKeys) {
    const value = view.filters[key];
    if (value) params.set(key, value);
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params;
}

export type TrendBucket = 'hour' | 'day' | 'week' | 'month';

/**
 * Buckets of the charts over time: hours for a day or two (one bar for "today" tells nothing),
 * days up to about a quarter, then weeks, then months.
 */
export function trendBucket(days: number): TrendBucket {
  if (days <= 2) return 'hour';
  if (days <= 92) return 'day';
  if (days <= 731) return 'week';
  return 'month';
}

/** Hour buckets (hourly volume, weekday × hour heatmap) are asked for up to this many days. */
export const MAX_HOURLY_DAYS = 92;

function dateLabel(d: LocalDate, withYear: boolean): string {
  const format = new Intl.DateTimeFormat(localeOf(), {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    ...(withYear ? { year: 'numeric' } : {}),
  });
  return format.format(new Date(dateToMs(d)));
}

/**
 * An API period as people read it, in the console's language: "Mar 23 – Apr 5, 2026" (the last
 * day shown, not the exclusive end), or "Nov 9, 00:00 – Nov 15, 18:30" for a period cut at a
 * time of day.
 */
export function periodLabel(period: ApiPeriod): string {
  const [toDate, toTime] = period.to.split('T') as [LocalDate, string | undefined];
  if (toTime) return `${dateLabel(period.from, false)}, 00:00 – ${dateLabel(toDate, false)}, ${toTime}`;
  const last = addDays(toDate, -1);
  if (last === period.from) return dateLabel(last, true);
  const sameYear = last.slice(0, 4) === period.from.slice(0, 4);
  return `${dateLabel(period.from, !sameYear)} – ${dateLabel(last, true)}`;
}
