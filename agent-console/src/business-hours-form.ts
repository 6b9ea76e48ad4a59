// The opening-hours editor's state and the API's shape (`businessHoursSchema` in
// shared/schemas.ts), and the checks the editor makes before it saves. Pure: no DOM, no i18n
// calls (errors are message keys, translated where they are shown).
import type { MessageKey } from './i18n.ts';
import { isTimeZone } from '../../shared/time-zone.ts';

export type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const DAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** The API takes at most this many spans a day. */
export const MAX_SPANS = 4;

export interface Span {
  from: string;
  to: string;
}
/** As the API has them: a day without spans is closed; `to` may be 24:00 (midnight at the end). */
export interface ApiHours {
  timeZone: string;
  days: Record<Day, Span[]>;
}
/**
 * As the editor has them. A closed day keeps the spans it had, so closing a day by mistake and
 * opening it again loses nothing. Times are as `<input type="time">` has them: it cannot show
 * 24:00, so a day that closes at midnight closes at 00:00 here; '' is a time not (fully) typed.
 */
export interface DayForm {
  open: boolean;
  spans: Span[];
}
export interface HoursForm {
  timeZone: string;
  days: Record<Day, DayForm>;
}

const DEFAULT_SPAN: Span = { from: '09:00', to: '18:00' };

export function toForm(hours: ApiHours): HoursForm {
  const days = {} as Record<Day, DayForm>;
  for (const day of DAYS) {
    const spans = hours.days[day] ?? [];
    days[day] = spans.length
      ? { open: true, spans: spans.map((s) => ({ from: s.from, to: s.to === '24:00' ? '00:00' : s.to })) }
      : { open: false, spans: [{ ...DEFAULT_SPAN }] };
  }
  return { timeZone: hours.timeZone, days };
}

/** The body the API takes; span order is kept, so the server's `days.mon.1` is the second span shown. */
export function toApi(form: HoursForm): ApiHours {
  const days = {} as Record<Day, Span[]>;
  for (const day of DAYS) {
    const { open, spans } = form.days[day];
    days[day] = open ? spans.map((s) => ({ from: s.from, to: s.to === '00:00' ? '24:00' : s.to })) : [];
  }
  return { timeZone: form.timeZone, days };
}

/** New hours: Monday to Friday 09:00–18:00. */
export function newHours(timeZone: string): HoursForm {
  const open = (day: Day) => !['sat', 'sun'].includes(day);
  return toForm({
    timeZone,
    days: Object.fromEntries(DAYS.map((d) => [d, open(d) ? [{ ...DEFAULT_SPAN }] : []])) as Record<Day, Span[]>,
  });
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const isTime = (time: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(time);
/** Minutes since the day began; a close at 00:00 is the midnight that ends the day. */
const closeMinutes = (time: string) => (time === '00:00' ? 24 * 60 : minutes(time));

/** A further span for a day: an hour after the last one closes, for four hours (empty when the day is full). */
export function nextSpan(spans: Span[]): Span {
  const last = spans[spans.length - 1];
  if (!last) return { ...DEFAULT_SPAN };
  if (!isTime(last.to)) return { from: '', to: '' };
  const from = closeMinutes(last.to) + 60;
  if (from >= 24 * 60) return { from: '', to: '' };
  return { from: clock(from), to: clock(Math.min(from + 4 * 60, 24 * 60) % (24 * 60)) };
}

/** Monday's hours (open or closed, every span) on Tuesday to Friday too. */
export function copyMondayToWeekdays(form: HoursForm): HoursForm {
  const monday = form.days.mon;
  const copy = (): DayForm => ({ open: monday.open, spans: monday.spans.map((s) => ({ ...s })) });
  return { ...form, days: { ...form.days, tue: copy(), wed: copy(), thu: copy(), fri: copy() } };
}

export interface HoursError {
  message: MessageKey;
  params?: Record<string, string>;
}

/**
 * What is wrong with one department's hours, by the field path the server would name
 * (`timeZone`, `days.mon.1.from`, `days.mon.1` for the span as a whole). Spans may touch
 * (13:00–14:00 and 14:00–18:00) but not overlap; a span must open before it closes.
 */
export function hoursErrors(form: HoursForm): Map<string, HoursError> {
  const errors = new Map<string, HoursError>();
  if (!isTimeZone(form.timeZone)) {
    errors.set('timeZone', { message: 'Not a time zone: pick one from the list, e.g. {example}', params: { example: 'Europe/Sofia' } });
  }
  for (const day of DAYS) {
    const { open, spans } = form.days[day];
    if (!open) continue;
    const whole: { index: number; from: number; to: number }[] = [];
    spans.forEach((span, i) => {
      const path = `days.${day}.${i}`;
      if (!isTime(span.from)) errors.set(`${path}.from`, { message: 'Enter the time it opens' });
      if (!isTime(span.to)) errors.set(`${path}.to`, { message: 'Enter the time it closes' });
      if (!isTime(span.from) || !isTime(span.to)) return;
      const from = minutes(span.from);
      const to = closeMinutes(span.to);
      if (from >= to) {
        errors.set(path, { message: 'It must open before it closes ({from}–{to})', params: { from: span.from, to: span.to } });
        return;
      }
      const other = whole.find((w) => from < w.to && w.from < to);
      if (other) {
        const o = spans[other.index]!;
        errors.set(path, { message: 'Overlaps {from}–{to} on the same day', params: { from: o.from, to: o.to } });
      }
      whole.push({ index: i, from, to });
    });
  }
  return errors;
}
