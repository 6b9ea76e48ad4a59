import { language, type Language } from '../i18n.ts';
import { localeOf } from './format.ts';
import type { SeriesPoint } from './metrics-types.ts';

export const weekdayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** The short weekday names, Monday first, in a console language: "Mon" in English, "пн" in Russian. */
export function weekdayLabels(lang: Language = language()): string[] {
  if (lang === 'en') return [...weekdayNames];
  const format = new Intl.DateTimeFormat(localeOf(lang), { weekday: 'short', timeZone: 'UTC' });
  // 2026-03-02 is a Monday.
  return weekdayNames.map((_, d) => {
    const name = format.format(new Date(Date.UTC(2026, 2, 2 + d)));
    return name[0]!.toLocaleUpperCase(lang) + name.slice(1);
  });
}

const weekdayIndex: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/**
 * Chats started per local weekday (Monday first) and hour of day, summed over an hour series in
 * `tz`. Each bucket is placed by its local start, so the repeated hour of a DST change adds to
 * the same cell and the skipped one stays empty that day.
 */
export function weekdayHourCounts(points: Pick<SeriesPoint, 'start' | 'metrics'>[], tz: string): number[][] {
  const grid = weekdayNames.map(() => Array.from({ length: 24 }, () => 0));
  const cellOf = weekdayHourOf(tz);
  for (const point of points) {
    const [weekday, hour] = cellOf(point.start);
    grid[weekday]![hour]! += point.metrics.chats.total;
  }
  return grid;
}

/** The buckets (`start/end`) of the series that make up one cell of weekdayHourCounts. */
export function weekdayHourBuckets(points: Pick<SeriesPoint, 'start' | 'end'>[], tz: string, weekday: number, hour: number): string[] {
  const cellOf = weekdayHourOf(tz);
  return points.filter((p) => {
    const [d, h] = cellOf(p.start);
    return d === weekday && h === hour;
  }).map((p) => `${p.start}/${p.end}`);
}

/** The local weekday (Monday = 0) and hour of an instant in `tz`. */
function weekdayHourOf(tz: string): (iso: string) => [number, number] {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', hour: '2-digit', hourCycle: 'h23' });
  return (iso) => {
    const parts = format.formatToParts(new Date(iso));
    return [weekdayIndex[parts.find((p) => p.type === 'weekday')!.value]!, Number(parts.find((p) => p.type === 'hour')!.value)];
  };
}
