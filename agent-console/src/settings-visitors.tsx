import { useState } from 'preact/hooks';
import type { Department } from '../../shared/protocol.ts';
import { api } from './console-api.ts';
import { t, type MessageKey } from './i18n.ts';
import { Field, SaveStatus, Section, useSave } from './settings-kit.tsx';
import type { SiteSettings } from './settings-site.tsx';

type Rule = 'off' | 'optional' | 'required';
type Day = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
interface Span {
  from: string;
  to: string;
}
interface Hours {
  timeZone: string;
  days: Record<Day, Span[]>;
}
interface Invitation {
  id: string;
  text: string;
  urlPattern: string;
  afterSeconds: number;
  visitors: 'all' | 'new' | 'returning';
  enabled: boolean;
}
export interface VisitorSettings {
  tracking: boolean;
  preChatForm: { name: Rule; email: Rule; department: Rule };
  invitations: Invitation[];
  businessHours: Record<string, Hours>;
}
type Loaded = SiteSettings & VisitorSettings & Record<string, unknown>;

const days: { day: Day; label: MessageKey }[] = [
  { day: 'mon', label: 'Monday' },
  { day: 'tue', label: 'Tuesday' },
  { day: 'wed', label: 'Wednesday' },
  { day: 'thu', label: 'Thursday' },
  { day: 'fri', label: 'Friday' },
  { day: 'sat', label: 'Saturday' },
  { day: 'sun', label: 'Sunday' },
];
const rules: { rule: Rule; label: MessageKey }[] = [
  { rule: 'off', label: 'Not asked' },
  { rule: 'optional', label: 'Optional' },
  { rule: 'required', label: 'Required' },
];
const formFields: { key: 'name' | 'email' | 'department'; label: MessageKey }[] = [
  { key: 'name', label: 'Name' },
  { key: 'email', label: 'Email' },
  { key: 'department', label: 'Department' },
];

const ANY_DEPARTMENT = '*';
const weekdays = (from: string, to: string): Record<Day, Span[]> => ({
  mon: [{ from, to }],
  tue: [{ from, to }],
  wed: [{ from, to }],
  thu: [{ from, to }],
  fri: [{ from, to }],
  sat: [],
  sun: [],
});

/**
 * Tracking, the pre-chat form, proactive invitations and business hours (one opening span a
 * day per department; `*` is every department without its own).
 */
export function VisitorsSection({
  settings,
  departments,
  onSaved,
}: {
  settings: Loaded;
  departments: Department[];
  onSaved: (s: Loaded) => void;
}) {
  const [form, setForm] = useState<VisitorSettings>({
    tracking: settings.tracking,
    preChatForm: settings.preChatForm,
    invitations: settings.invitations,
    businessHours: settings.businessHours,
  });
  const save = useSave();
  const hourKeys = Object.keys(form.businessHours).sort();
  const unusedDepartments = [ANY_DEPARTMENT, ...departments.map((d) => d.id)].filter((d) => !(d in form.businessHours));
  const departmentName = (id: string) => (id === ANY_DEPARTMENT ? t('Every department') : (departments.find((d) => d.id === id)?.name ?? id));

  async function submit(e: Event) {
    e.preventDefault();
    await save.run(async () => onSaved((await api.patch<{ settings: Loaded }>('/settings', form)).settings));
  }
  const setInvitation = (index: number, patch: Partial<Invitation>) =>
    setForm({ ...form, invitations: form.invitations.map((inv, i) => (i === index ? { ...inv, ...patch } : inv)) });
  const setHours = (key: string, hours: Hours | null) => {
    const next = { ...form.businessHours };
    if (hours) next[key] = hours;
    else delete next[key];
    setForm({ ...form, businessHours: next });
  };

  return (
    <Section id="visitors" title={t('Visitors and invitations')} intro={t('What the widget asks, shows and records before a chat.')}>
      <form class="settings-form" onSubmit={submit}>
        <label class="check">
          <input type="checkbox" checked={form.tracking} onChange={(e) => setForm({ ...form, tracking: e.currentTarget.checked })} />
          {t('Record page views (for the visitor context and the metrics)')}
        </label>

        <fieldset class="checks">
          <legend>{t('Pre-chat form')}</legend>
          <div class="form-grid">
            {formFields.map(({ key, label }) => (
              <Field key={key} label={t(label)} error={save.errorFor(`preChatForm.${key}`)}>
                {(f) => (
                  <select
                    class="select"
                    id={f.id}
                    value={form.preChatForm[key]}
                    onChange={(e) => setForm({ ...form, preChatForm: { ...form.preChatForm, [key]: e.currentTarget.value as Rule } })}
                  >
                    {rules.map(({ rule, label: ruleLabel }) => (
                      <option key={rule} value={rule}>
                        {t(ruleLabel)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          </div>
        </fieldset>

        <fieldset class="checks">
          <legend>{t('Proactive invitations')}</legend>
          {form.invitations.map((inv, i) => (
            <div key={i} class="form-grid" role="group" aria-label={t('Invitation {n}', { n: i + 1 })}>
              <Field label={t('Greeting')} error={save.errorFor(`invitations.${i}.text`)}>
                {(f) => <input class="input" id={f.id} aria-invalid={f.invalid} aria-describedby={f.describedBy} value={inv.text} onInput={(e) => setInvitation(i, { text: e.currentTarget.value })} />}
              </Field>
              <Field label={t('Page address contains')} error={save.errorFor(`invitations.${i}.urlPattern`)} hint={t('Empty: every page; /pricing: that path.')}>
                {(f) => <input class="input" id={f.id} aria-invalid={f.invalid} aria-describedby={f.describedBy} value={inv.urlPattern} onInput={(e) => setInvitation(i, { urlPattern: e.currentTarget.value })} />}
              </Field>
              <Field label={t('After (seconds on the page)')} error={save.errorFor(`invitations.${i}.afterSeconds`)}>
                {(f) => <input class="input input-narrow" id={f.id} type="number" min={0} aria-invalid={f.invalid} value={inv.afterSeconds} onInput={(e) => setInvitation(i, { afterSeconds: e.currentTarget.valueAsNumber })} />}
              </Field>
              <Field label={t('Visitors')}>
                {(f) => (
                  <select class="select" id={f.id} value={inv.visitors} onChange={(e) => setInvitation(i, { visitors: e.currentTarget.value as Invitation['visitors'] })}>
                    <option value="all">{t('All visitors')}</option>
                    <option value="new">{t('New visitors')}</option>
                    <option value="returning">{t('Returning visitors')}</option>
                  </select>
                )}
              </Field>
              <label class="check">
                <input type="checkbox" checked={inv.enabled} onChange={(e) => setInvitation(i, { enabled: e.currentTarget.checked })} />
                {t('On')}
              </label>
              <button type="button" class="button button-small" onClick={() => setForm({ ...form, invitations: form.invitations.filter((_, j) => j !== i) })}>
                {t('Remove invitation')}
              </button>
            </div>
          ))}
          <button
            type="button"
            class="button button-small"
            onClick={() =>
              setForm({
                ...form,
                invitations: [
                  ...form.invitations,
                  { id: `inv-${Date.now().toString(36)}`, text: '', urlPattern: '', afterSeconds: 30, visitors: 'all', enabled: true },
                ],
              })
            }
          >
            {t('Add an invitation')}
          </button>
        </fieldset>

        <fieldset class="checks">
          <legend>{t('Business hours')}</legend>
          <p class="muted small">{t('Outside them the widget offers the offline form. No hours: always open.')}</p>
          {hourKeys.map((key) => {
            const hours = form.businessHours[key]!;
            return (
              <div key={key} role="group" aria-label={departmentName(key)} class="business-hours">
                <h4 class="form-title">{departmentName(key)}</h4>
                <Field label={t('Time zone')} error={save.errorFor(`businessHours.${key}.timeZone`)}>
                  {(f) => <input class="input" id={f.id} aria-invalid={f.invalid} aria-describedby={f.describedBy} value={hours.timeZone} onInput={(e) => setHours(key, { ...hours, timeZone: e.currentTarget.value })} />}
                </Field>
                <div class="form-grid">
                  {days.map(({ day, label }) => {
                    const span = hours.days[day][0];
                    const setSpan = (next: Span | null) => setHours(key, { ...hours, days: { ...hours.days, [day]: next ? [next] : [] } });
                    return (
                      <div key={day} class="field">
                        <label class="check">
                          <input type="checkbox" checked={!!span} onChange={(e) => setSpan(e.currentTarget.checked ? { from: '09:00', to: '18:00' } : null)} />
                          {t(label)}
                        </label>
                        {span && (
                          <span>
                            <input class="input input-narrow" type="time" aria-label={t('{day} opens', { day: t(label) })} value={span.from} onInput={(e) => setSpan({ ...span, from: e.currentTarget.value })} />
                            {' – '}
                            <input class="input input-narrow" type="time" aria-label={t('{day} closes', { day: t(label) })} value={span.to} onInput={(e) => setSpan({ ...span, to: e.currentTarget.value })} />
                          </span>
                        )}
                        {save.errorFor(`businessHours.${key}.days.${day}`) && <span class="field-error">{save.errorFor(`businessHours.${key}.days.${day}`)}</span>}
                      </div>
                    );
                  })}
                </div>
                <button type="button" class="button button-small" onClick={() => setHours(key, null)}>
                  {t('Remove these hours')}
                </button>
              </div>
            );
          })}
          {unusedDepartments.length > 0 && (
            <Field label={t('Add hours for')}>
              {(f) => (
                <select
                  class="select"
                  id={f.id}
                  value=""
                  onChange={(e) => {
                    const key = e.currentTarget.value;
                    if (key) setHours(key, { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, days: weekdays('09:00', '18:00') });
                  }}
                >
                  <option value="">{t('Choose…')}</option>
                  {unusedDepartments.map((d) => (
                    <option key={d} value={d}>
                      {departmentName(d)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </fieldset>

        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
            {t('Save visitor settings')}
          </button>
          <SaveStatus state={save.state} />
        </div>
      </form>
    </Section>
  );
}
