import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n.ts';
import {
  addDays,
  apiPeriod,
  daysBetween,
  isLocalDate,
  metricsParams,
  periodLabel,
  previousPeriod,
  searchOfView,
  trendBucket,
  viewFromSearch,
  withPreset,
  withTimeZone,
  zonedNow,
  type DashboardView,
} from './dashboard-view.ts';

afterEach(() => setLanguage('en'));

const now = new Date('2026-11-22T16:30:00Z');
const defaults = { tz: 'UTC', now };

describe('local dates', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-03-23', '2026-04-06')).toBe(14);
  });

  it('knows real dates', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-3-1')).toBe(false);
  });

  it('reads the date and time of now in a zone', () => {
    expect(zonedNow('Europe/Sofia', now)).toEqual({ date: '2026-11-22', minutes: 18 * 60 + 30 });
    expect(zonedNow('Pacific/Kiritimati', now)).toEqual({ date: '2026-11-23', minutes: 6 * 60 + 30 });
    expect(zonedNow('America/Los_Angeles', new Date('2026-11-22T03:00:00Z')).date).toBe('2026-11-21');
  });
});

describe('the view in the query string', () => {
  it('defaults to the last 7 days in the given zone', () => {
    expect(viewFromSearch('', defaults)).toEqual({
      preset: '7d',
      from: '2026-11-16',
      to: '2026-11-22',
      tz: 'UTC',
      filters: {},
    });
  });

  it('reads a custom range, the zone and the filters, and writes them back', () => {
    const search = '?from=2026-03-23&to=2026-04-05&tz=Europe%2FSofia&agent=a1&channel=widget';
    const view = viewFromSearch(search, defaults);
    expect(view).toEqual({
      preset: 'custom',
      from: '2026-03-23',
      to: '2026-04-05',
      tz: 'Europe/Sofia',
      filters: { agent: 'a1', channel: 'widget' },
    });
    expect(searchOfView(view)).toBe(search);
  });

  it('resolves presets against today in the zone', () => {
    expect(viewFromSearch('?range=today&tz=Pacific/Kiritimati', defaults)).toMatchObject({
      preset: 'today',
      from: '2026-11-23',
      to: '2026-11-23',
    });
    expect(viewFromSearch('?range=30d', defaults)).toMatchObject({ from: '2026-10-24', to: '2026-11-22' });
    expect(searchOfView(viewFromSearch('?range=30d', defaults))).toBe('?range=30d&tz=UTC');
  });

  it('ignores what it cannot read', () => {
    const view = viewFromSearch('?from=2026-04-05&to=2026-03-23&tz=Mars/Olympus&range=year', defaults);
    expect(view).toMatchObject({ preset: '7d', tz: 'UTC' });
    expect(viewFromSearch('?from=2026-02-30&to=2026-03-02', defaults).preset).toBe('7d');
  });

  it('moves presets to the new zone but keeps custom dates as typed', () => {
    const today = withPreset(viewFromSearch('', defaults), 'today', now);
    expect(withTimeZone(today, 'Pacific/Kiritimati', now)).toMatchObject({ from: '2026-11-23', to: '2026-11-23' });
    const custom = viewFromSearch('?from=2026-03-23&to=2026-04-05', defaults);
    expect(withTimeZone(custom, 'Asia/Tokyo', now)).toMatchObject({ from: '2026-03-23', to: '2026-04-05', tz: 'Asia/Tokyo' });
  });
});

describe('periods of the API calls', () => {
  const fixtureView: DashboardView = { preset: 'custom', from: '2026-03-23', to: '2026-04-05', tz: 'Europe/Sofia', filters: {} };

  it('asks for the shown days with `to` exclusive', () => {
    expect(apiPeriod(fixtureView)).toEqual({ from: '2026-03-23', to: '2026-04-06' });
  });

  it('compares a past range with the same number of days before it', () => {
    expect(previousPeriod(fixtureView, now)).toEqual({ from: '2026-03-09', to: '2026-03-23', cut: false });
  });

  it('cuts the previous period at the same local time while the range is running', () => {
    const today = withPreset({ ...fixtureView, tz: 'Europe/Sofia' }, 'today', now);
    expect(previousPeriod(today, now)).toEqual({ from: '2026-11-21', to: '2026-11-21T18:30', cut: true });
    const week = withPreset(today, '7d', now);
    expect(previousPeriod(week, now)).toEqual({ from: '2026-11-09', to: '2026-11-15T18:30', cut: true });
    const midnight = new Date('2026-11-22T22:00:00Z');
    expect(previousPeriod(withPreset(today, 'today', midnight), midnight)).toEqual({
      from: '2026-11-22',
      to: '2026-11-22T00:01',
      cut: true,
    });
  });

  it('puts the period, zone and set filters in the query', () => {
    const view = { ...fixtureView, filters: { agent: 'a1', tag: '' } };
    expect(String(metricsParams(apiPeriod(view), view, { bucket: 'day' }))).toBe(
      'from=2026-03-23&to=2026-04-06&tz=Europe%2FSofia&agent=a1&bucket=day',
    );
  });

  it('labels periods by their shown days', () => {
    expect(periodLabel({ from: '2026-03-23', to: '2026-04-06' })).toBe('Mar 23 – Apr 5, 2026');
    expect(periodLabel({ from: '2025-12-29', to: '2026-01-05' })).toBe('Dec 29, 2025 – Jan 4, 2026');
    expect(periodLabel({ from: '2026-11-21', to: '2026-11-22' })).toBe('Nov 21, 2026');
    expect(periodLabel({ from: '2026-11-09', to: '2026-11-15T18:30' })).toBe('Nov 9, 00:00 – Nov 15, 18:30');
  });

  it('labels periods in the console language', () => {
    setLanguage('ru');
    expect(periodLabel({ from: '2026-03-23', to: '2026-04-06' })).toBe('23 мар. – 5 апр. 2026 г.');
    expect(periodLabel({ from: '2026-11-09', to: '2026-11-15T18:30' })).toBe('9 нояб., 00:00 – 15 нояб., 18:30');
    setLanguage('bg');
    expect(periodLabel({ from: '2026-03-23', to: '2026-04-06' })).toBe('23.03 – 5.04.2026 г.');
    expect(periodLabel({ from: '2025-12-29', to: '2026-01-05' })).toBe('29.12.2025 г. – 4.01.2026 г.');
  });

  it('chooses coarser buckets for long ranges', () => {
    expect(trendBucket(1)).toBe('hour');
    expect(trendBucket(2)).toBe('hour');
    expect(trendBucket(3)).toBe('day');
    expect(trendBucket(92)).toBe('day');
    expect(trendBucket(93)).toBe('week');
    expect(trendBucket(800)).toBe('month');
  });
});
