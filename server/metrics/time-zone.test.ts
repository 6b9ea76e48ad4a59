import { describe, expect, it } from 'vitest';
import { bucketRanges } from './buckets.ts';
import { instantOf, localIsoFormatter, offsetAt, startOfDay } from './time-zone.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const local = (year: number, month: number, day: number, hour = 0, minute = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second: 0,
  millisecond: 0,
});

describe('local times (Temporal "compatible")', () => {
  it('knows offsets on both sides of a DST change', () => {
    expect(offsetAt('Europe/Sofia', Date.parse('2026-03-29T00:59:59Z'))).toBe(2 * 3600_000);
    expect(offsetAt('Europe/Sofia', Date.parse('2026-03-29T01:00:00Z'))).toBe(3 * 3600_000);
    expect(offsetAt('UTC', Date.parse('2026-03-29T01:00:00Z'))).toBe(0);
  });

  it('moves a time in a gap forward by the gap and takes the first of a repeated time', () => {
    // Sofia 2026-03-29 03:00 → 04:00; 2026-10-25 04:00 → 03:00.
    expect(iso(instantOf('Europe/Sofia', local(2026, 3, 29, 3, 30)))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(instantOf('Europe/Sofia', local(2026, 10, 25, 3, 30)))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(instantOf('America/New_York', local(2026, 3, 8, 2, 15)))).toBe('2026-03-08T07:15:00.000Z');
    expect(iso(instantOf('America/New_York', local(2026, 11, 1, 1, 15)))).toBe('2026-11-01T05:15:00.000Z');
  });

  it('starts a day whose midnight does not exist at the first instant after it', () => {
    // Chile springs forward at 24:00: 2026-09-06 begins at 01:00 local (-03).
    expect(iso(startOfDay('America/Santiago', { year: 2026, month: 9, day: 6 }))).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(startOfDay('Europe/Sofia', { year: 2026, month: 3, day: 29 }))).toBe('2026-03-28T22:00:00.000Z');
  });
});

describe('bucket edges', () => {
  const edges = (tz: string, bucket: 'hour' | 'day' | 'week' | 'month', from: string, to: string) =>
    bucketRanges(tz, bucket, Date.parse(from), Date.parse(to))!.map((r) => `${iso(r.from)} ${iso(r.to)}`);

  it('makes a 23-hour and a 25-hour day across DST, clipped to the range', () => {
    expect(edges('Europe/Sofia', 'day', '2026-03-28T12:00:00Z', '2026-03-30T00:00:00Z')).toEqual([
      '2026-03-28T12:00:00.000Z 2026-03-28T22:00:00.000Z',
      '2026-03-28T22:00:00.000Z 2026-03-29T21:00:00.000Z',
      '2026-03-29T21:00:00.000Z 2026-03-30T00:00:00.000Z',
    ]);
    const autumn = bucketRanges('Europe/Sofia', 'day', Date.parse('2026-10-24T21:00:00Z'), Date.parse('2026-10-25T22:00:00Z'))!;
    expect(autumn).toHaveLength(1);
    expect(autumn[0]!.to - autumn[0]!.from).toBe(25 * 3600_000);
  });

  it('makes a repeated hour two buckets and skips a missing one', () => {
    const fall = edges('Europe/Sofia', 'hour', '2026-10-24T23:00:00Z', '2026-10-25T02:00:00Z');
    // Local 02:00, 03:00 (EEST), 03:00 (EET), 04:00.
    expect(fall).toEqual([
      '2026-10-24T23:00:00.000Z 2026-10-25T00:00:00.000Z',
      '2026-10-25T00:00:00.000Z 2026-10-25T01:00:00.000Z',
      '2026-10-25T01:00:00.000Z 2026-10-25T02:00:00.000Z',
    ]);
    const spring = edges('Europe/Sofia', 'hour', '2026-03-28T23:00:00Z', '2026-03-29T02:00:00Z');
    expect(spring).toHaveLength(3);
    // Half-hour zones have local hours on the half hour.
    expect(edges('Asia/Kolkata', 'hour', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z')).toEqual([
      '2026-01-01T00:00:00.000Z 2026-01-01T00:30:00.000Z',
      '2026-01-01T00:30:00.000Z 2026-01-01T01:00:00.000Z',
    ]);
  });

  it('starts weeks on Monday and months on the 1st, local', () => {
    expect(edges('Europe/Sofia', 'week', '2026-03-25T00:00:00Z', '2026-04-02T00:00:00Z')).toEqual([
      '2026-03-25T00:00:00.000Z 2026-03-29T21:00:00.000Z',
      '2026-03-29T21:00:00.000Z 2026-04-02T00:00:00.000Z',
    ]);
    expect(edges('America/New_York', 'month', '2026-02-15T00:00:00Z', '2026-04-15T00:00:00Z')).toEqual([
      '2026-02-15T00:00:00.000Z 2026-03-01T05:00:00.000Z',
      '2026-03-01T05:00:00.000Z 2026-04-01T04:00:00.000Z',
      '2026-04-01T04:00:00.000Z 2026-04-15T00:00:00.000Z',
    ]);
  });
});

describe('localIsoFormatter', () => {
  it('writes local times with their offset, across a DST change and in zones off the hour', () => {
    const sofia = localIsoFormatter('Europe/Sofia');
    // 2026-03-29 03:00 local (01:00Z) Sofia moves from +02:00 to +03:00.
    expect(sofia(Date.parse('2026-03-29T00:59:59.999Z'))).toBe('2026-03-29T02:59:59.999+02:00');
    expect(sofia(Date.parse('2026-03-29T01:00:00.000Z'))).toBe('2026-03-29T04:00:00.000+03:00');
    expect(localIsoFormatter('Asia/Kolkata')(Date.parse('2026-01-01T00:00:00.123Z'))).toBe('2026-01-01T05:30:00.123+05:30');
    expect(localIsoFormatter('America/St_Johns')(Date.parse('2026-01-01T00:00:00.000Z'))).toBe('2025-12-31T20:30:00.000-03:30');
    expect(localIsoFormatter('UTC')(Date.parse('2026-01-01T00:00:00.000Z'))).toBe('2026-01-01T00:00:00.000+00:00');
  });
});
