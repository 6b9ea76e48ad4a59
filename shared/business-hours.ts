import type { WidgetConfig } from './protocol.ts';

export type BusinessHours = WidgetConfig['businessHours'][string];
type Day = keyof BusinessHours['days'];

const DAYS: Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The opening hours that apply to a department: its own, else those for `*`; null: always open. */
export function hoursFor(all: WidgetConfig['businessHours'], department: string | undefined): BusinessHours | null {
  return (department && all[department]) || all['*'] || null;
}

/**
 * Is `at` (epoch ms) inside the opening hours? The weekday and the time of day are read in the
 * hours' own time zone, so a change of daylight saving time there moves nothing.
 */
export function isOpenAt(hours: BusinessHours, at: number): boolean {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = DAYS.find((d) => d === part('weekday').toLowerCase());
  const time = `${part('hour')}:${part('minute')}`;
  return !!day && (hours.days[day] ?? []).some((span) => span.from <= time && time < span.to);
}
