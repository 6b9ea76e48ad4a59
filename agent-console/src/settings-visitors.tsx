import { useEffect, useRef, useState } from 'preact/hooks';
import type { Department } from '../../shared/protocol.ts';
import { BusinessHoursEditor, errorText, TimeZoneList } from './business-hours-editor.tsx';
import { hoursErrors, newHours, toApi, toForm, type ApiHours, type HoursError, type HoursForm } from './business-hours-form.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t, type MessageKey } from './i18n.ts';
import { Field, SaveStatus, Section, useSave } from './settings-kit.tsx';
import type { SiteSettings } from './settings-site.tsx';

type Rule = 'off' | 'optional' | 'required';
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
  businessHours: Record<string, ApiHours>;
}
type Loaded = SiteSettings & VisitorSettings & Record<string, unknown>;

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
const mapValues = <A, B>(record: Record<string, A>, f: (a: A) => B): Record<string, B> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

/**
 * Tracking, the pre-chat form, proactive invitations and business hours (per department, `*`
 * for every department without its own: a time zone and up to four opening spans a day).
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
  const [form, setForm] = useState<Omit<VisitorSettings, 'businessHours'>>({
    tracking: settings.tracking,
    preChatForm: settings.preChatForm,
    invitations: settings.invitations,
  });
  // Edited apart from the API's shape (see business-hours-form.ts) and turned back on save.
  const [businessHours, setBusinessHours] = useState<Record<string, HoursForm>>(() => mapValues(settings.businessHours, toForm));
  const save = useSave();
  const formRef = useRef<HTMLFormElement>(null);
  // Removing a department's hours takes its buttons away: the focus goes on to "Add hours for".
  const [focusAddHours, setFocusAddHours] = useState(false);
  useEffect(() => {
    if (!focusAddHours) return;
    formRef.current?.querySelector<HTMLElement>('.add-hours-for')?.focus();
    setFocusAddHours(false);
  }, [focusAddHours]);
  const hourKeys = Object.keys(businessHours).sort();
  const unusedDepartments = [ANY_DEPARTMENT, ...departments.map((d) => d.id)].filter((d) => !(d in businessHours));
  const departmentName = (id: string) => (id === ANY_DEPARTMENT ? t('Every department') : (departments.find((d) => d.id === id)?.name ?? id));
  const hourProblems: Record<string, Map<string, HoursError>> = mapValues(businessHours, hoursErrors);

  async function submit(e: Event) {
    e.preventDefault();
    if (Object.values(hourProblems).some((problems) => problems.size > 0)) {
      await save.run(async () => {
        throw new Error(t('Check the opening hours marked below.'));
      });
      formRef.current?.querySelector<HTMLElement>('.business-hours [aria-invalid="true"]')?.focus();
      return;
    }
    const body: VisitorSettings = { ...form, businessHours: mapValues(businessHours, toApi) };
    await save.run(async () => onSaved((await request(routes.changeSettings, { body })).settings));
  }
  const setInvitation = (index: number, patch: Partial<Invitation>) =>
    setForm({ ...form, invitations: form.invitations.map((inv, i) => (i === index ? { ...inv, ...patch } : inv)) });
  const setHours = (key: string, hours: HoursForm | null) => {
    const next = { ...businessHours };
    if (hours) next[key] = hours;
    else delete next[key];
    setBusinessHours(next);
  };
  /** The editor's own finding at a path in one department's hours, else the server's refusal there. */
  const hoursErrorAt = (key: string) => (path: string, exact?: boolean) => {
    const own = hourProblems[key]?.get(path);
    if (own) return errorText(own);
    const field = path ? `businessHours.${key}.${path}` : `businessHours.${key}`;
    if (exact && !(save.state.kind === 'failed' && save.state.field === field)) return null;
    return save.errorFor(field);
  };
  const hoursListError = save.state.kind === 'failed' && save.state.field === 'businessHours' ? save.errorFor('businessHours') : null;

  return (
    <Section id="visitors" title={t('Visitors and invitations')} intro={t('What the widget asks, shows and records before a chat.')}>
      <form ref={formRef} class="settings-form" onSubmit={submit}>
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
          {hoursListError && <span class="field-error">{hoursListError}</span>}
          <TimeZoneList />
          {hourKeys.map((key) => (
            <BusinessHoursEditor
              key={key}
              idPrefix={`hours-${key === ANY_DEPARTMENT ? 'any' : key}`}
              name={departmentName(key)}
              hours={businessHours[key]!}
              onChange={(hours) => setHours(key, hours)}
              onRemove={() => {
                setHours(key, null);
                setFocusAddHours(true);
              }}
              errorAt={hoursErrorAt(key)}
            />
          ))}
          {unusedDepartments.length > 0 && (
            <Field label={t('Add hours for')}>
              {(f) => (
                <select
                  class="select add-hours-for"
                  id={f.id}
                  value=""
                  onChange={(e) => {
                    const key = e.currentTarget.value;
                    if (key) setHours(key, newHours(Intl.DateTimeFormat().resolvedOptions().timeZone));
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
