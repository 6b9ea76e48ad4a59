import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey } from '../i18n.ts';
import {
  canonicalTimeZone,
  isLocalDate,
  presetLabels,
  withPreset,
  withTimeZone,
  type DashboardView,
  type FilterKey,
} from './dashboard-view.ts';
import type { NamedOption } from './metrics-api.ts';
import { isTimeZone } from '../../../shared/time-zone.ts';

export interface FilterOptions {
  agents: NamedOption[];
  departments: NamedOption[];
  tags: string[];
}

const channelNames: [string, MessageKey][] = [
  ['widget', 'Live chat'],
  ['offline', 'Offline message'],
];
const priorityNames: [string, MessageKey][] = [
  ['low', 'Low'],
  ['normal', 'Normal'],
  ['high', 'High'],
  ['urgent', 'Urgent'],
];
/** Fixed choices, named in the console's language. */
const named = (names: [string, MessageKey][]): NamedOption[] => names.map(([id, name]) => ({ id, name: t(name) }));

let zoneList: string[] | undefined;
function timeZones(): string[] {
  zoneList ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zoneList;
}

/** Range, time zone and filters of the dashboard. */
export function DashboardControls(props: {
  view: DashboardView;
  options: FilterOptions;
  onChange: (view: DashboardView) => void;
}) {
  const { view, onChange } = props;
  const setFilter = (key: FilterKey, value: string) =>
    onChange({ ...view, filters: { ...view.filters, [key]: value || undefined } });
  const filterCount = Object.values(view.filters).filter(Boolean).length;
  const anyFilter = filterCount > 0;
  // On a phone the filters are a sheet opened from the range row (CSS shows the toggle only there).
  const [sheetOpen, setSheetOpen] = useState(false);
  const sheetToggle = useRef<HTMLButtonElement>(null);
  const sheet = useRef<HTMLDivElement>(null);
  const openSheet = (open: boolean) => {
    setSheetOpen(open);
    // Focus goes into the sheet and back to its button, as with a dialog.
    if (open) requestAnimationFrame(() => sheet.current?.querySelector<HTMLElement>('select')?.focus());
    else sheetToggle.current?.focus();
  };
  // A selected value the lists don't offer (a deep link, an agent since removed) stays choosable.
  const withCurrent = (options: NamedOption[], key: FilterKey) => {
    const current = view.filters[key];
    return current && !options.some((o) => o.id === current) ? [...options, { id: current, name: current }] : options;
  };
  return (
    <div class="dash-controls">
      <div class="control-row">
        <div class="segmented" role="group" aria-label={t('Range')}>
          {(['today', '7d', '30d', 'custom'] as const).map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={view.preset === p}
              onClick={() => onChange(p === 'custom' ? { ...view, preset: 'custom' } : withPreset(view, p, new Date()))}
            >
              {t(presetLabels[p])}
            </button>
          ))}
        </div>
        <DateField
          label={t('From')}
          value={view.from}
          onChange={(from) => onChange({ ...view, preset: 'custom', from, to: from > view.to ? from : view.to })}
        />
        <DateField
          label={t('To')}
          value={view.to}
          onChange={(to) => onChange({ ...view, preset: 'custom', to, from: to < view.from ? to : view.from })}
        />
        <TimeZoneField value={view.tz} onChange={(tz) => onChange(withTimeZone(view, tz, new Date()))} />
        <button
          type="button"
          ref={sheetToggle}
          class="button filter-sheet-toggle"
          aria-expanded={sheetOpen}
          aria-controls="dashboard-filters"
          onClick={() => openSheet(!sheetOpen)}
        >
          {t('Filters')}
          {anyFilter && <span class="count">{filterCount}</span>}
        </button>
      </div>
      <div
        id="dashboard-filters"
        ref={sheet}
        class={sheetOpen ? 'control-row filter-row open' : 'control-row filter-row'}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && sheetOpen) openSheet(false);
        }}
        role="group"
        aria-label={t('Filters')}
      >
        <FilterSelect
          label={t('Agent')}
          all={t('All agents')}
          value={view.filters.agent}
          options={withCurrent(props.options.agents, 'agent')}
          onChange={(v) => setFilter('agent', v)}
        />
        <FilterSelect
          label={t('Department')}
          all={t('All departments')}
          value={view.filters.department}
          options={withCurrent(props.options.departments, 'department')}
          onChange={(v) => setFilter('department', v)}
        />
        <FilterSelect
          label={t('Tag')}
          all={t('All tags')}
          value={view.filters.tag}
          options={withCurrent(props.options.tags.map((t) => ({ id: t, name: t })), 'tag')}
          onChange={(v) => setFilter('tag', v)}
        />
        <FilterSelect
          label={t('Channel')}
          all={t('All channels')}
          value={view.filters.channel}
          options={withCurrent(named(channelNames), 'channel')}
          onChange={(v) => setFilter('channel', v)}
        />
        <FilterSelect
          label={t('Priority')}
          all={t('All priorities')}
          value={view.filters.priority}
          options={withCurrent(named(priorityNames), 'priority')}
          onChange={(v) => setFilter('priority', v)}
        />
        {anyFilter && (
          <button type="button" class="button button-quiet button-small" onClick={() => onChange({ ...view, filters: {} })}>
            {t('Clear filters')}
          </button>
        )}
        <button type="button" class="button button-primary filter-sheet-done" onClick={() => openSheet(false)}>
          {t('Done')}
        </button>
      </div>
    </div>
  );
}

function DateField(props: { label: string; value: string; onChange: (date: string) => void }) {
  return (
    <label class="inline-field">
      <span>{props.label}</span>
      <input
        type="date"
        value={props.value}
        required
        onChange={(e) => {
          const value = e.currentTarget.value;
          if (isLocalDate(value)) props.onChange(value);
          else e.currentTarget.value = props.value;
        }}
      />
    </label>
  );
}

/** A time zone typed or picked from the list; an unknown one is said beside it and never applied. */
function TimeZoneField(props: { value: string; onChange: (tz: string) => void }) {
  const [text, setText] = useState(props.value);
  useEffect(() => setText(props.value), [props.value]);
  const valid = isTimeZone(text);
  // Half a zone name ("Europe/Sof") is on its way to one: said wrong only once the list offers nothing for it.
  const typed = text.trim().toLowerCase();
  const unknown = !valid && !timeZones().some((z) => z.toLowerCase().includes(typed));
  return (
    <div class="tz-field">
      <label class="inline-field">
        <span>{t('Time zone')}</span>
        <input
          type="text"
          list="dashboard-time-zones"
          value={text}
          spellcheck={false}
          autocomplete="off"
          aria-invalid={!valid}
          aria-describedby={unknown ? 'dashboard-tz-error' : undefined}
          onInput={(e) => setText(e.currentTarget.value)}
          onChange={(e) => {
            const tz = canonicalTimeZone(e.currentTarget.value.trim());
            if (tz) props.onChange(tz);
          }}
          onBlur={() => {
            if (!isTimeZone(text.trim())) setText(props.value);
          }}
        />
        <datalist id="dashboard-time-zones">
          {timeZones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
      {unknown && (
        <span id="dashboard-tz-error" class="field-error tz-error" role="alert">
          {t('Not a time zone: pick one from the list, e.g. {example}', { example: 'Europe/Sofia' })}
        </span>
      )}
    </div>
  );
}

function FilterSelect(props: {
  label: string;
  all: string;
  value: string | undefined;
  options: NamedOption[];
  onChange: (value: string) => void;
}) {
  return (
    <label class={`inline-field${props.value ? ' active' : ''}`}>
      <span>{props.label}</span>
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}
