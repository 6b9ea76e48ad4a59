import type { Range } from './agent-time.ts';
import { BUCKETS, bucketRanges, type Bucket } from './buckets.ts';
import type { Filters } from './scope.ts';
import { instantOf, isTimeZone } from './time-zone.ts';

/** The query string of the metrics endpoints (METRICS.md §3), checked. */
export interface MetricsQuery {
  from: number;
  to: number;
  tz: string;
  filters: Filters;
  bucket: Bucket;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

const FILTERS = ['agent', 'department', 'tag', 'channel', 'priority'] as const;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * An ISO-8601 date or date-time. With `Z` or an offset it is an instant; without, a local time in
 * `tz` ("compatible": a time in a DST gap moves forward by the gap, a repeated one is its first
 * occurrence). Null when it is not a real date-time.
 */
export function parseDateTime(value: string, tz: string): number | null {
  const m = ISO.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  const local = { year, month, day, hour, minute, second, millisecond };
  const zone = m[8];
  if (zone === undefined) return instantOf(tz, local);
  probe.setUTCHours(hour, minute, second, millisecond);
  if (zone === 'Z') return probe.getTime();
  const digits = zone.replace(':', '');
  const offsetMinutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  if (Number(digits.slice(3, 5)) > 59) return null;
  return probe.getTime() - (zone[0] === '-' ? -1 : 1) * offsetMinutes * 60_000;
}

/**
 * Checks the query of /api/metrics (and, with `bucket`, of /api/metrics/series): unknown keys,
 * repeated keys, bad dates, `from` ≥ `to`, unknown time zone or bucket all name the parameter.
 */
export function parseMetricsQuery(
  query: Record<string, unknown>,
  opts: { bucket: boolean; also?: readonly string[] },
): Parsed<MetricsQuery> {
  const allowed = new Set<string>(['from', 'to', 'tz', ...FILTERS, ...(opts.bucket ? ['bucket'] : []), ...(opts.also ?? [])]);
  for (const key of Object.keys(query)) {
    if (!allowed.has(key)) return { ok: false, field: key, message: 'unknown parameter' };
    if (typeof query[key] !== 'string') return { ok: false, field: key, message: 'give it once, as a single value' };
  }
  const q = query as Record<string, string | undefined>;
  const tz = q.tz ?? 'UTC';
  if (!isTimeZone(tz)) return { ok: false, field: 'tz', message: `unknown time zone "${tz}"` };
  let bucket: Bucket = 'day';
  if (opts.bucket && q.bucket !== undefined) {
    if (!(BUCKETS as readonly string[]).includes(q.bucket)) {
      return { ok: false, field: 'bucket', message: `must be one of ${BUCKETS.join(', ')}` };
    }
    bucket = q.bucket as Bucket;
  }
  const times: Record<'from' | 'to', number> = { from: 0, to: 0 };
  for (const field of ['from', 'to'] as const) {
    const raw = q[field];
    if (raw === undefined || raw === '') return { ok: false, field, message: 'required (an ISO-8601 date or date-time)' };
    const t = parseDateTime(raw, tz);
    if (t === null) return { ok: false, field, message: `"${raw}" is not an ISO-8601 date or date-time` };
    times[field] = t;
  }
  if (times.from >= times.to) return { ok: false, field: 'from', message: 'must be before to' };
  const filters: Filters = {};
  for (const key of FILTERS) {
    // An empty value is no filter (a form's "all").
    if (q[key] !== undefined && q[key] !== '') filters[key] = q[key];
  }
  return { ok: true, value: { from: times.from, to: times.to, tz, filters, bucket } };
}

/** The series' ranges, or an error naming `bucket` when there would be too many points. */
export function seriesRanges(q: MetricsQuery): Parsed<Range[]> {
  const ranges = bucketRanges(q.tz, q.bucket, q.from, q.to);
  if (!ranges) return { ok: false, field: 'bucket', message: 'too many points for this range: pick a larger bucket' };
  return { ok: true, value: ranges };
}

export interface ChatsQuery extends MetricsQuery {
  key: string;
  limit: number;
  offset: number;
}

const WHOLE = /^\d+$/;

/** The query of /api/metrics/chats: the metrics query, `key` (one of `keys`), `limit` 1–10000 (100), `offset` ≥ 0 (0). */
export function parseChatsQuery(query: Record<string, unknown>, keys: readonly string[]): Parsed<ChatsQuery> {
  const parsed = parseMetricsQuery(query, { bucket: false, also: ['key', 'limit', 'offset'] });
  if (!parsed.ok) return parsed;
  const q = query as Record<string, string | undefined>;
  if (q.key === undefined || !keys.includes(q.key)) return { ok: false, field: 'key', message: `must be one of ${keys.join(', ')}` };
  const limit = q.limit === undefined ? 100 : WHOLE.test(q.limit) ? Number(q.limit) : NaN;
  if (!(limit >= 1 && limit <= 10_000)) return { ok: false, field: 'limit', message: 'must be a whole number from 1 to 10000' };
  const offset = q.offset === undefined ? 0 : WHOLE.test(q.offset) ? Number(q.offset) : NaN;
  if (!(offset >= 0 && Number.isSafeInteger(offset))) return { ok: false, field: 'offset', message: 'must be a whole number ≥ 0' };
  return { ok: true, value: { ...parsed.value, key: q.key, limit, offset } };
}
