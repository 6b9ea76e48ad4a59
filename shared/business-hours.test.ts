import { describe, expect, it } from 'vitest';
import { hoursFor, isOpenAt, type BusinessHours } from './business-hours.ts';

const weekdays = (timeZone: string): BusinessHours => {
  const nineToSix = [{ from: '09:00', to: '18:00' }];
  return { timeZone, days: { mon: nineToSix, tue: nineToSix, wed: nineToSix, thu: nineToSix, fri: nineToSix, sat: [], sun: [] } };
};

describe('business hours', () => {
  it('reads the weekday and time in the hours’ own time zone', () => {
    const sofia = weekdays('Europe/Sofia');
    // Monday 2025-01-06 07:30 UTC is 09:30 in Sofia (UTC+2): open; 06:30 UTC is 08:30: closed.
    expect(isOpenAt(sofia, Date.UTC(2025, 0, 6, 7, 30))).toBe(true);
    expect(isOpenAt(sofia, Date.UTC(2025, 0, 6, 6, 30))).toBe(false);
    // 18:00 is closing time: closed from that minute on.
    expect(isOpenAt(sofia, Date.UTC(2025, 0, 6, 15, 59))).toBe(true);
    expect(isOpenAt(sofia, Date.UTC(2025, 0, 6, 16, 0))).toBe(false);
    // Saturday: closed all day.
    expect(isOpenAt(sofia, Date.UTC(2025, 0, 11, 10, 0))).toBe(false);
  });

  it('follows daylight saving time where the department is', () => {
    const newYork = weekdays('America/New_York');
    // Monday 13:30 UTC: 08:30 in winter (UTC-5, closed), 09:30 in summer (UTC-4, open).
    expect(isOpenAt(newYork, Date.UTC(2025, 0, 6, 13, 30))).toBe(false);
    expect(isOpenAt(newYork, Date.UTC(2025, 6, 7, 13, 30))).toBe(true);
  });

  it('a late-night span crosses into the next day only as a second span', () => {
    const hours: BusinessHours = {
      timeZone: 'UTC',
      days: { mon: [{ from: '20:00', to: '24:00' }], tue: [{ from: '00:00', to: '02:00' }], wed: [], thu: [], fri: [], sat: [], sun: [] },
    };
    expect(isOpenAt(hours, Date.UTC(2025, 0, 6, 23, 59))).toBe(true);
    expect(isOpenAt(hours, Date.UTC(2025, 0, 7, 1, 0))).toBe(true);
    expect(isOpenAt(hours, Date.UTC(2025, 0, 7, 2, 0))).toBe(false);
  });

  it('a department without its own hours gets those for everyone, and none means always open', () => {
    const all = { '*': weekdays('UTC'), sales: weekdays('Asia/Tokyo') };
    expect(hoursFor(all, 'sales')!.timeZone).toBe('Asia/Tokyo');
    expect(hoursFor(all, 'support')!.timeZone).toBe('UTC');
    expect(hoursFor(all, undefined)!.timeZone).toBe('UTC');
    expect(hoursFor({}, 'sales')).toBeNull();
  });
});
