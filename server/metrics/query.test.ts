import { describe, expect, it } from 'vitest';
import { parseDateTime, parseMetricsQuery } from './query.ts';

describe('parseDateTime', () => {
  it('reads instants and local times', () => {
    expect(parseDateTime('2026-03-23T08:00:00Z', 'Europe/Sofia')).toBe(Date.parse('2026-03-23T08:00:00Z'));
    expect(parseDateTime('2026-03-23T08:00:00.5+02:00', 'UTC')).toBe(Date.parse('2026-03-23T06:00:00.500Z'));
    expect(parseDateTime('2026-03-23T08:00-0130', 'UTC')).toBe(Date.parse('2026-03-23T09:30:00Z'));
    expect(parseDateTime('2026-03-23', 'Europe/Sofia')).toBe(Date.parse('2026-03-22T22:00:00Z'));
    expect(parseDateTime('2026-03-23T08:00', 'America/New_York')).toBe(Date.parse('2026-03-23T12:00:00Z'));
  });

  it('refuses what is not a real date-time', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-03-23T24:00', '23.03.2026', '2026-03-23Z', '', '2026-03-23T08:00+02:75']) {
      expect(parseDateTime(bad, 'UTC'), bad).toBeNull();
    }
  });
});

describe('parseMetricsQuery', () => {
  it('defaults tz to UTC and keeps filters', () => {
    const q = parseMetricsQuery({ from: '2026-03-01', to: '2026-03-02', agent: 'a1', channel: 'widget' }, { bucket: false });
    expect(q).toEqual({
      ok: true,
      value: { from: Date.parse('2026-03-01'), to: Date.parse('2026-03-02'), tz: 'UTC', filters: { agent: 'a1', channel: 'widget' }, bucket: 'day' },
    });
  });

  it('names the parameter that is wrong', () => {
    const field = (q: Record<string, unknown>, bucket = false) => {
      const r = parseMetricsQuery(q, { bucket });
      return r.ok ? null : r.field;
    };
    expect(field({ from: '2026-03-01', to: '2026-03-02', x: '1' })).toBe('x');
    expect(field({ from: '2026-03-02', to: '2026-03-01' })).toBe('from');
    expect(field({ from: '2026-03-01', to: 'soon' })).toBe('to');
    expect(field({ from: '2026-03-01', to: '2026-03-02', tz: 'Nowhere/City' })).toBe('tz');
    expect(field({ from: '2026-03-01', to: '2026-03-02', bucket: 'year' }, true)).toBe('bucket');
    expect(field({ from: ['2026-03-01', '2026-03-02'], to: '2026-03-03' })).toBe('from');
  });
});
