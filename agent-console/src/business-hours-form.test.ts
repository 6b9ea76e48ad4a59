import { describe, expect, it } from 'vitest';
import { copyMondayToWeekdays, hoursErrors, newHours, nextSpan, toApi, toForm, type ApiHours } from './business-hours-form.ts';

const closed = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const lunchBreak: ApiHours = {
  timeZone: 'Europe/Sofia',
  days: {
    ...closed,
    mon: [
      { from: '09:00', to: '13:00' },
      { from: '14:00', to: '18:00' },
    ],
    fri: [{ from: '18:00', to: '24:00' }],
  },
};
const errors = (hours: ReturnType<typeof toForm>) => Object.fromEntries(hoursErrors(hours));

describe('business hours form', () => {
  it('turns the API shape into the form and back without losing a span', () => {
    const form = toForm(lunchBreak);
    expect(form.days.mon).toEqual({ open: true, spans: lunchBreak.days.mon });
    // A time input cannot show 24:00: midnight at the end of the day is 00:00 in the form.
    expect(form.days.fri).toEqual({ open: true, spans: [{ from: '18:00', to: '00:00' }] });
    expect(form.days.sun).toEqual({ open: false, spans: [{ from: '09:00', to: '18:00' }] });
    expect(toApi(form)).toEqual(lunchBreak);
    // A closed day keeps its spans in the form, so opening it again brings them back.
    const closedMonday = { ...form, days: { ...form.days, mon: { ...form.days.mon, open: false } } };
    expect(toApi(closedMonday).days.mon).toEqual([]);
    expect(toApi({ ...closedMonday, days: { ...closedMonday.days, mon: { ...closedMonday.days.mon, open: true } } }).days.mon).toEqual(lunchBreak.days.mon);
    // A day open from midnight to midnight.
    expect(toApi(toForm({ ...lunchBreak, days: { ...closed, sat: [{ from: '00:00', to: '24:00' }] } })).days.sat).toEqual([{ from: '00:00', to: '24:00' }]);
  });

  it('starts new hours Monday to Friday, 09:00–18:00', () => {
    expect(toApi(newHours('UTC'))).toEqual({
      timeZone: 'UTC',
      days: { ...closed, mon: [{ from: '09:00', to: '18:00' }], tue: [{ from: '09:00', to: '18:00' }], wed: [{ from: '09:00', to: '18:00' }], thu: [{ from: '09:00', to: '18:00' }], fri: [{ from: '09:00', to: '18:00' }] },
    });
  });

  it('offers the next span an hour after the last one closes', () => {
    expect(nextSpan([{ from: '09:00', to: '13:00' }])).toEqual({ from: '14:00', to: '18:00' });
    expect(nextSpan([{ from: '09:00', to: '22:00' }])).toEqual({ from: '23:00', to: '00:00' });
    expect(nextSpan([{ from: '09:00', to: '23:30' }])).toEqual({ from: '', to: '' });
    expect(nextSpan([{ from: '09:00', to: '00:00' }])).toEqual({ from: '', to: '' });
    expect(nextSpan([])).toEqual({ from: '09:00', to: '18:00' });
  });

  it('copies Monday, closed or with every span, to Tuesday–Friday and leaves the weekend', () => {
    const form = toForm({ ...lunchBreak, days: { ...lunchBreak.days, sat: [{ from: '10:00', to: '14:00' }] } });
    const copied = toApi(copyMondayToWeekdays(form));
    for (const day of ['tue', 'wed', 'thu', 'fri'] as const) expect(copied.days[day]).toEqual(lunchBreak.days.mon);
    expect(copied.days.sat).toEqual([{ from: '10:00', to: '14:00' }]);
    expect(copied.days.sun).toEqual([]);
    const mondayClosed = toApi(copyMondayToWeekdays({ ...form, days: { ...form.days, mon: { ...form.days.mon, open: false } } }));
    expect(mondayClosed.days.tue).toEqual([]);
    // The copies are the days' own: changing Tuesday leaves Monday.
    const own = copyMondayToWeekdays(form);
    own.days.tue.spans[0]!.from = '07:00';
    expect(own.days.mon.spans[0]!.from).toBe('09:00');
  });

  it('finds reversed, overlapping and empty spans and unknown time zones, at the paths the server names', () => {
    expect(errors(toForm(lunchBreak))).toEqual({});
    const form = toForm({
      timeZone: 'Mars/Base',
      days: {
        ...closed,
        mon: [
          { from: '09:00', to: '13:00' },
          { from: '12:00', to: '18:00' },
        ],
        tue: [{ from: '18:00', to: '09:00' }],
        wed: [
          { from: '14:00', to: '18:00' },
          { from: '09:00', to: '14:00' },
        ],
        thu: [{ from: '10:00', to: '10:00' }],
      },
    });
    form.days.fri = { open: true, spans: [{ from: '', to: '12:00' }, { from: '13:00', to: '' }] };
    expect(errors(form)).toEqual({
      timeZone: { message: 'Not a time zone: pick one from the list, e.g. {example}', params: { example: 'Europe/Sofia' } },
      'days.mon.1': { message: 'Overlaps {from}–{to} on the same day', params: { from: '09:00', to: '13:00' } },
      'days.tue.0': { message: 'It must open before it closes ({from}–{to})', params: { from: '18:00', to: '09:00' } },
      'days.thu.0': { message: 'It must open before it closes ({from}–{to})', params: { from: '10:00', to: '10:00' } },
      'days.fri.0.from': { message: 'Enter the time it opens' },
      'days.fri.1.to': { message: 'Enter the time it closes' },
    });
    // A closed day is not checked: its spans are not sent.
    form.days.tue.open = false;
    expect(errors(form)['days.tue.0']).toBeUndefined();
    // Closing at 00:00 is midnight, after every other time of the day.
    expect(errors(toForm({ timeZone: 'UTC', days: { ...closed, sun: [{ from: '20:00', to: '24:00' }, { from: '10:00', to: '20:00' }] } }))).toEqual({});
  });
});
