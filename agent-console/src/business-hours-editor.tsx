import { useEffect, useState } from 'preact/hooks';
import {
  copyMondayToWeekdays,
  DAYS,
  MAX_SPANS,
  nextSpan,
  type Day,
  type DayForm,
  type HoursError,
  type HoursForm,
  type Span,
} from './business-hours-form.ts';
import { t, type MessageKey } from './i18n.ts';
import { Field } from './settings-kit.tsx';
import { isTimeZone } from '../../shared/time-zone.ts';

const dayNames: Record<Day, MessageKey> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
export const TIME_ZONE_LIST_ID = 'business-hours-time-zones';

let zoneList: string[] | undefined;
/** The IANA time zones this browser knows, for the time zone field's suggestions. */
export function TimeZoneList() {
  zoneList ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return (
    <datalist id={TIME_ZONE_LIST_ID}>
      {zoneList.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

const spanLabel = (day: Day, index: number, end: 'opens' | 'closes') =>
  index === 0
    ? t(end === 'opens' ? '{day} opens' : '{day} closes', { day: t(dayNames[day]) })
    : t(end === 'opens' ? '{day}, span {n} opens' : '{day}, span {n} closes', { day: t(dayNames[day]), n: index + 1 });

/**
 * One department's opening hours: its time zone and, for each day, closed or up to four spans.
 * `errorAt` gives the message to show at a path inside these hours (`timeZone`, `days.mon`,
 * `days.mon.1`, `days.mon.1.from`): the editor's own checks first, then the server's refusal.
 */
export function BusinessHoursEditor(props: {
  idPrefix: string;
  name: string;
  hours: HoursForm;
  onChange: (hours: HoursForm) => void;
  onRemove: () => void;
  errorAt: (path: string, exact?: boolean) => string | null;
}) {
  const { idPrefix, hours, onChange, errorAt } = props;
  const [focusId, setFocusId] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [zoneText, setZoneText] = useState(hours.timeZone);
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const inputId = (day: Day, i: number, end: 'from' | 'to') => `${idPrefix}-${day}-${i}-${end}`;
  const change = (next: HoursForm) => {
    setCopied(false);
    onChange(next);
  };
  const setDay = (day: Day, next: DayForm) => change({ ...hours, days: { ...hours.days, [day]: next } });
  const blockError = errorAt('', true) ?? errorAt('days', true);

  return (
    <div role="group" aria-labelledby={`${idPrefix}-title`} class="business-hours">
      <h4 id={`${idPrefix}-title`} class="form-title">
        {props.name}
      </h4>
      {blockError && <span class="field-error">{blockError}</span>}
      <Field label={t('Time zone')} error={errorAt('timeZone')}>
        {(f) => (
          <input
            class="input hours-zone"
            id={f.id}
            list={TIME_ZONE_LIST_ID}
            spellcheck={false}
            autocomplete="off"
            aria-invalid={f.invalid}
            aria-describedby={f.describedBy}
            value={zoneText}
            onInput={(e) => {
              setZoneText(e.currentTarget.value);
              change({ ...hours, timeZone: e.currentTarget.value.trim() });
            }}
            onChange={(e) => {
              // Europe/sofia is Europe/Sofia: the name the time zone database spells.
              const zone = e.currentTarget.value.trim();
              if (!isTimeZone(zone)) return;
              const canonical = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
              setZoneText(canonical);
              change({ ...hours, timeZone: canonical });
            }}
          />
        )}
      </Field>
      <p class="field-hint">{t('Up to four spans a day, e.g. 09:00–13:00 and 14:00–18:00. A span that closes at 00:00 (12:00 AM) runs to midnight.')}</p>
      <div class="hours-days">
        {DAYS.map((day) => {
          const dayForm = hours.days[day];
          const dayName = t(dayNames[day]);
          const dayError = errorAt(`days.${day}`, true);
          const setSpan = (i: number, span: Span) => setDay(day, { ...dayForm, spans: dayForm.spans.map((s, j) => (j === i ? span : s)) });
          return (
            <div key={day} class="hours-day">
              <label class="check hours-day-name">
                <input
                  type="checkbox"
                  aria-label={t('Open on {day}', { day: dayName })}
                  checked={dayForm.open}
                  onChange={(e) => setDay(day, { ...dayForm, open: e.currentTarget.checked })}
                />
                {dayName}
              </label>
              <div class="hours-day-body">
                {dayForm.open ? (
                  <>
                    <ul class="hours-spans">
                      {dayForm.spans.map((span, i) => {
                        const spanError = errorAt(`days.${day}.${i}`, true);
                        const fromError = errorAt(`days.${day}.${i}.from`, true);
                        const toError = errorAt(`days.${day}.${i}.to`, true);
                        const errorId = (end: string) => `${idPrefix}-${day}-${i}-${end}-error`;
                        const describedBy = (end: 'from' | 'to', own: string | null) =>
                          [own ? errorId(end) : '', spanError ? errorId('span') : ''].join(' ').trim() || undefined;
                        return (
                          <li key={i} class="hours-span">
                            <input
                              class="input input-time"
                              type="time"
                              id={inputId(day, i, 'from')}
                              aria-label={spanLabel(day, i, 'opens')}
                              aria-invalid={fromError || spanError ? true : undefined}
                              aria-describedby={describedBy('from', fromError)}
                              value={span.from}
                              onInput={(e) => setSpan(i, { ...span, from: e.currentTarget.value })}
                            />
                            <span aria-hidden="true">–</span>
                            <input
                              class="input input-time"
                              type="time"
                              id={inputId(day, i, 'to')}
                              aria-label={spanLabel(day, i, 'closes')}
                              aria-invalid={toError || spanError ? true : undefined}
                              aria-describedby={describedBy('to', toError)}
                              value={span.to}
                              onInput={(e) => setSpan(i, { ...span, to: e.currentTarget.value })}
                            />
                            {dayForm.spans.length > 1 && (
                              <button
                                type="button"
                                class="button button-small button-quiet"
                                aria-label={t('Remove span {n} on {day}', { n: i + 1, day: dayName })}
                                onClick={() => {
                                  setDay(day, { ...dayForm, spans: dayForm.spans.filter((_, j) => j !== i) });
                                  // The focus stays in this day: on the span now in this place, else the one before.
                                  const next = Math.min(i, dayForm.spans.length - 2);
                                  setFocusId(inputId(day, next, 'from'));
                                }}
                              >
                                {t('Remove')}
                              </button>
                            )}
                            {[
                              [fromError, 'from'],
                              [toError, 'to'],
                              [spanError, 'span'],
                            ].map(
                              ([message, end]) =>
                                message && (
                                  <span key={end} id={errorId(end!)} class="field-error">
                                    {message}
                                  </span>
                                ),
                            )}
                          </li>
                        );
                      })}
                    </ul>
                    {dayForm.spans.length < MAX_SPANS && (
                      <button
                        type="button"
                        class="button button-small"
                        aria-label={t('Add a span on {day}', { day: dayName })}
                        onClick={() => {
                          setDay(day, { ...dayForm, spans: [...dayForm.spans, nextSpan(dayForm.spans)] });
                          setFocusId(inputId(day, dayForm.spans.length, 'from'));
                        }}
                      >
                        {t('Add a span')}
                      </button>
                    )}
                  </>
                ) : (
                  <span class="muted">{t('Closed all day')}</span>
                )}
                {dayError && <span class="field-error">{dayError}</span>}
              </div>
            </div>
          );
        })}
      </div>
      <div class="hours-actions">
        <button
          type="button"
          class="button button-small"
          onClick={() => {
            onChange(copyMondayToWeekdays(hours));
            setCopied(true);
          }}
        >
          {t('Copy Monday to Tuesday–Friday')}
        </button>
        <button type="button" class="button button-small" onClick={props.onRemove}>
          {t('Remove these hours')}
        </button>
        <span role="status" class="muted small">
          {copied ? t('Monday’s hours copied to Tuesday–Friday.') : ''}
        </span>
      </div>
    </div>
  );
}

/** The message of a check that failed, in the console's language. */
export function errorText(error: HoursError): string {
  return t(error.message, error.params);
}
