import type { Range } from './agent-time.ts';
import {
  addDays,
  addMonths,
  hourStart,
  localDateOf,
  nextHourStart,
  startOfDay,
  weekday,
  type LocalDate,
} from './time-zone.ts';

export const BUCKETS = ['hour', 'day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

/** A series longer than this is refused (an hour series of a year is 8,784 points). */
export const MAX_POINTS = 10_000;

/**
 * The buckets of `tz` that meet [from, to), clipped to it. Edges are local: a day across a DST
 * change is 23 or 25 hours long, a repeated hour is two buckets, a local midnight that does not
 * exist starts at the first instant after it. Weeks are ISO weeks (Monday). Returns null when
 * there would be more than MAX_POINTS.
 */
export function bucketRanges(tz: string, bucket: Bucket, from: number, to: number): Range[] | null {
  const out: Range[] = [];
  const push = (start: number, end: number) => {
    if (end > from && start < to) out.push({ from: Math.max(start, from), to: Math.min(end, to) });
    return out.length <= MAX_POINTS;
  };
  if (bucket === 'hour') {
    for (let start = hourStart(tz, from); start < to; ) {
      const end = nextHourStart(tz, start);
      if (!push(start, end)) return null;
      start = end;
    }
    return out;
  }
  const first = localDateOf(tz, from);
  let day: LocalDate =
    bucket === 'day' ? first : bucket === 'week' ? addDays(first, 1 - weekday(first)) : { ...first, day: 1 };
  const next = (d: LocalDate) => (bucket === 'day' ? addDays(d, 1) : bucket === 'week' ? addDays(d, 7) : addMonths(d, 1));
  for (let start = startOfDay(tz, day); start < to; ) {
    const following = next(day);
    const end = startOfDay(tz, following);
    if (!push(start, end)) return null;
    day = following;
    start = end;
  }
  return out;
}
