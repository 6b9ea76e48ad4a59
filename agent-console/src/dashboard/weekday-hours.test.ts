import { describe, expect, it } from 'vitest';
import type { Metrics } from './metrics-types.ts';
import { weekdayHourCounts, weekdayLabels } from './weekday-hours.ts';

const point = (start: string, total: number) => ({ start, metrics: { chats: { total } } as Metrics });

describe('weekdayHourCounts', () => {
  it('places each hour bucket by its local weekday and hour', () => {
    // Monday 2026-03-23 09:00 in Sofia is 07:00 UTC (UTC+2 before the DST change).
    const grid = weekdayHourCounts([point('2026-03-23T07:00:00.000Z', 4), point('2026-03-30T06:00:00.000Z', 3)], 'Europe/Sofia');
    expect(grid[0]![9]).toBe(7);
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('adds the repeated hour of a DST change to the same cell', () => {
    // Sunday 2026-10-25 in Sofia: 03:00–04:00 local happens twice (00:00 and 01:00 UTC).
    const grid = weekdayHourCounts([point('2026-10-25T00:00:00.000Z', 2), point('2026-10-25T01:00:00.000Z', 5)], 'Europe/Sofia');
    expect(grid[6]![3]).toBe(7);
  });

  it('reads Sunday late evening in UTC as Monday morning further east', () => {
    const grid = weekdayHourCounts([point('2026-03-22T23:00:00.000Z', 1)], 'Asia/Tokyo');
    expect(grid[0]![8]).toBe(1);
  });
});

describe('weekdayLabels', () => {
  it('names the rows Monday first in the console language', () => {
    expect(weekdayLabels('en')).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(weekdayLabels('ru')).toEqual(['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс']);
    expect(weekdayLabels('bg')).toEqual(['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Нд']);
  });
});
