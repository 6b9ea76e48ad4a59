import { describe, expect, it } from 'vitest';
import { inQuietHours } from './push-notifier.ts';

describe('quiet hours', () => {
  const at = (iso: string) => Date.parse(iso);
  it('over midnight, on the agent’s clock', () => {
    const night = { quietFrom: '22:00', quietTo: '07:00', timeZone: 'Europe/Sofia' };
    // 20:30 UTC is 22:30 in Sofia in winter (UTC+2).
    expect(inQuietHours(night, at('2026-12-05T20:30:00Z'))).toBe(true);
    expect(inQuietHours(night, at('2026-12-05T04:59:00Z'))).toBe(true);
    expect(inQuietHours(night, at('2026-12-05T05:00:00Z'))).toBe(false);
    expect(inQuietHours(night, at('2026-12-05T19:59:00Z'))).toBe(false);
  });
  it('within a day, following daylight saving time', () => {
    const lunch = { quietFrom: '12:00', quietTo: '13:00', timeZone: 'Europe/Sofia' };
    // Summer: UTC+3; winter: UTC+2.
    expect(inQuietHours(lunch, at('2026-07-01T09:30:00Z'))).toBe(true);
    expect(inQuietHours(lunch, at('2026-12-01T09:30:00Z'))).toBe(false);
    expect(inQuietHours(lunch, at('2026-12-01T10:30:00Z'))).toBe(true);
  });
  it('none set, or an empty span, is never quiet', () => {
    expect(inQuietHours({ quietFrom: null, quietTo: null, timeZone: 'UTC' }, at('2026-12-05T03:00:00Z'))).toBe(false);
    expect(inQuietHours({ quietFrom: '09:00', quietTo: '09:00', timeZone: 'UTC' }, at('2026-12-05T09:00:00Z'))).toBe(false);
  });
});
