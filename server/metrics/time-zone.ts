/**
 * Local time in an IANA time zone with Intl only (Node 20 has no Temporal): offsets, local
 * times resolved the way Temporal's "compatible" disambiguation does, and the start of a
 * local day. Everything is UTC epoch milliseconds.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** True for a time zone name Intl knows (`UTC`, `Europe/Sofia`, ...). */
export function isTimeZone(tz: string): boolean {
  if (!tz) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** The wall-clock time at instant `t` in `tz`. */
export function localTime(tz: string, t: number): LocalTime {
  const wholeSecond = Math.floor(t / 1000) * 1000;
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of formatter(tz).formatToParts(wholeSecond)) {
    if (part.type === 'era') bc = part.value === 'BC' || part.value === 'B';
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  return {
    year: bc ? 1 - fields.year! : fields.year!,
    month: fields.month!,
    day: fields.day!,
    hour: fields.hour!,
    minute: fields.minute!,
    second: fields.second!,
    millisecond: t - wholeSecond,
  };
}

/** Local wall time as if it were UTC: the "local epoch" of a LocalTime. */
export function wallMs(l: LocalTime): number {
  const d = new Date(0);
  d.setUTCFullYear(l.year, l.month - 1, l.day);
  d.setUTCHours(l.hour, l.minute, l.second, l.millisecond);
  return d.getTime();
}

/** Offset of `tz` from UTC at instant `t`, in ms (local = t + offset). */
export function offsetAt(tz: string, t: number): number {
  return wallMs(localTime(tz, t)) - t;
}

/**
 * The instant of a local wall time, as Temporal's "compatible": a time inside a DST gap moves
 * forward by the gap; a repeated time is its first occurrence.
 */
export function instantOf(tz: string, local: LocalTime): number {
  const wall = wallMs(local);
  // At most one transition within a day of any instant: the offsets a day either side cover it.
  const before = offsetAt(tz, wall - DAY_MS);
  const after = offsetAt(tz, wall + DAY_MS);
  const valid = [before, after].filter((o) => offsetAt(tz, wall - o) === o).map((o) => wall - o);
  if (valid.length) return Math.min(...valid);
  // In a gap: read the time with the offset from before the jump, which lands past it.
  return wall - Math.min(before, after);
}

const dateKey = (d: LocalDate) => d.year * 10_000 + d.month * 100 + d.day;

/** Calendar arithmetic on local dates. */
export function addDays(d: LocalDate, days: number): LocalDate {
  const x = new Date(0);
  x.setUTCFullYear(d.year, d.month - 1, d.day + days);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

export function addMonths(d: LocalDate, months: number): LocalDate {
  const x = new Date(0);
  x.setUTCFullYear(d.year, d.month - 1 + months, 1);
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: d.day };
}

/** ISO weekday, Monday = 1 ... Sunday = 7. */
export function weekday(d: LocalDate): number {
  const x = new Date(0);
  x.setUTCFullYear(d.year, d.month - 1, d.day);
  return ((x.getUTCDay() + 6) % 7) + 1;
}

/**
 * The first instant of a local day. A local midnight that does not exist (DST gap) gives the
 * first instant after it; a repeated one gives its first occurrence.
 */
export function startOfDay(tz: string, d: LocalDate): number {
  const t = instantOf(tz, { ...d, hour: 0, minute: 0, second: 0, millisecond: 0 });
  const l = localTime(tz, t);
  if (l.hour === 0 && l.minute === 0 && l.second === 0 && l.millisecond === 0) return t;
  // Midnight fell in a gap: find the jump, the first instant whose local date is d.
  const key = dateKey(d);
  let lo = t - DAY_MS;
  let hi = t;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dateKey(localTime(tz, mid)) >= key) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The first instant after `t` (within `limit`) where the offset differs from `offset`. */
function transitionAfter(tz: string, t: number, limit: number, offset: number): number {
  let lo = t;
  let hi = limit;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(tz, mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

const mod = (a: number, n: number) => ((a % n) + n) % n;

/**
 * A local hour starts where the wall clock shows a whole hour, or where a DST jump changes the
 * hour shown: a repeated hour is two hours, a skipped one none.
 */
function startsLocalHour(tz: string, t: number): boolean {
  const o = offsetAt(tz, t);
  if (mod(t + o, HOUR_MS) === 0) return true;
  const prev = offsetAt(tz, t - 1);
  return prev !== o && Math.floor((t + o) / HOUR_MS) !== Math.floor((t - 1 + prev) / HOUR_MS);
}

/** The start of the local hour after the one containing `t`. */
export function nextHourStart(tz: string, t: number): number {
  const o = offsetAt(tz, t);
  const candidate = t + HOUR_MS - mod(t + o, HOUR_MS);
  if (offsetAt(tz, candidate) === o) return candidate;
  const jump = transitionAfter(tz, t, candidate, o);
  return startsLocalHour(tz, jump) ? jump : nextHourStart(tz, jump);
}

/** The start of the local hour containing `t`. */
export function hourStart(tz: string, t: number): number {
  const o = offsetAt(tz, t);
  const candidate = t - mod(t + o, HOUR_MS);
  if (offsetAt(tz, candidate) === o) return candidate;
  // A jump inside this wall hour: find the last one before t.
  let lo = candidate;
  let hi = t;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(tz, mid) === o) hi = mid;
    else lo = mid;
  }
  return startsLocalHour(tz, hi) ? hi : hourStart(tz, hi - 1);
}

export function localDateOf(tz: string, t: number): LocalDate {
  const l = localTime(tz, t);
  return { year: l.year, month: l.month, day: l.day };
}

/** A quarter hour: every UTC offset change in the tz database falls on one. */
const QUARTER_HOUR_MS = 900_000;

/**
 * A formatter of instants as ISO-8601 local times in `tz` with milliseconds and the offset
 * (`2026-03-29T04:00:00.000+03:00`), for long listings: the offset is looked up once per
 * quarter hour met.
 */
export function localIsoFormatter(tz: string): (t: number) => string {
  const offsets = new Map<number, number>();
  return (t) => {
    const quarter = Math.floor(t / QUARTER_HOUR_MS);
    let offset = offsets.get(quarter);
    if (offset === undefined) offsets.set(quarter, (offset = offsetAt(tz, quarter * QUARTER_HOUR_MS)));
    const minutes = Math.abs(offset) / 60_000;
    const sign = offset < 0 ? '-' : '+';
    const zone = `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return new Date(t + offset).toISOString().slice(0, -1) + zone;
  };
}
