import { useEffect, useState } from 'preact/hooks';
import type { Department, Priority } from '../../shared/protocol.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import type { SlaPolicy } from '../../shared/team-schemas.ts';
import { t } from './i18n.ts';
import { ConfirmDialog, Field, Loading, SaveStatus, Section, useSave } from './settings-kit.tsx';
import { priorities, priorityLabel } from './sla-clock.tsx';
import { formatDuration } from './waiting-time.ts';


/** Minutes as typed (decimals allowed, empty: no target) to seconds for the server. */
export function minutesToSeconds(typed: string): number | null {
  const trimmed = typed.trim().replace(',', '.');
  if (!trimmed) return null;
  const minutes = Number(trimmed);
  // Not a number is sent as -1 so that the server names the field and says why.
  return Number.isFinite(minutes) ? Math.round(minutes * 60) : -1;
}

export function SlaSection({ departments }: { departments: Department[] }) {
  const [policies, setPolicies] = useState<SlaPolicy[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState({ departmentId: '', priority: 'normal' as Priority, firstResponse: '', resolution: '' });
  const [deleting, setDeleting] = useState<SlaPolicy | null>(null);
  const save = useSave();

  const load = () => {
    setLoadError(null);
    request(routes.slaPolicies).then(
      (r) => setPolicies(r.policies),
      (err: Error) => setLoadError(err.message),
    );
  };
  useEffect(load, []);

  async function submit(e: Event) {
    e.preventDefault();
    await save.run(async () => {
      const body = {
        departmentId: form.departmentId || null,
        priority: form.priority,
        firstResponseSec: minutesToSeconds(form.firstResponse),
        resolutionSec: minutesToSeconds(form.resolution),
      };
      setPolicies((await request(routes.saveSlaPolicy, { body })).policies);
    });
  }

  const deptName = (id: string | null) => (id === null ? t('All departments') : (departments.find((d) => d.id === id)?.name ?? id));
  const target = (sec: number | null) => (sec === null ? <span class="muted">{t('No target')}</span> : formatDuration(sec * 1000));
  return (
    <Section
      id="sla"
      title={t('SLA policies')}
      intro={t('Targets for the first reply and for resolving a chat, by department and priority. A department’s own policy wins over the one for all departments.')}
    >
      {!policies ? (
        <Loading error={loadError} onRetry={load} />
      ) : policies.length === 0 ? (
        <p class="muted">{t('No SLA policies yet: chats have no SLA clock.')}</p>
      ) : (
        <table class="settings-table">
          <thead>
            <tr>
              <th scope="col">{t('Department')}</th>
              <th scope="col">{t('Priority')}</th>
              <th scope="col">{t('First reply within')}</th>
              <th scope="col">{t('Resolved within')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('Actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {policies.map((p) => (
              <tr key={p.id}>
                <td>{deptName(p.departmentId)}</td>
                <td>{priorityLabel(p.priority)}</td>
                <td>{target(p.firstResponseSec)}</td>
                <td>{target(p.resolutionSec)}</td>
                <td class="row-actions">
                  <button
                    type="button"
                    class="button button-small button-danger-quiet"
                    aria-label={t('Delete the SLA policy for {department}, {priority}', { department: deptName(p.departmentId), priority: priorityLabel(p.priority) })}
                    onClick={() => setDeleting(p)}
                  >
                    {t('Delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('Delete the SLA policy for {department}, {priority}?', { department: deptName(deleting.departmentId), priority: priorityLabel(deleting.priority) })}
          message={
            // The metrics look the policy up when they are read, so past chats change too.
            deleting.departmentId === null
              ? t('Chats of this priority in departments without a policy of their own then have no SLA target: no SLA clock, and the SLA metrics leave them out, past chats included.')
              : t('This department’s chats of this priority then follow the policy for all departments, if there is one: in the SLA clock and in the SLA metrics, past chats included.')
          }
          confirmLabel={t('Delete policy')}
          onConfirm={async () => {
            setPolicies((await request(routes.removeSlaPolicy, { params: { id: deleting.id } })).policies);
          }}
          onClose={() => setDeleting(null)}
        />
      )}
      <form class="settings-form" onSubmit={submit} aria-labelledby="sla-form-title">
        <h3 id="sla-form-title" class="form-title">
          {t('Set a policy')}
        </h3>
        <p class="muted small">{t('Setting a policy for a department and priority that has one replaces it.')}</p>
        <div class="form-grid">
          <Field label={t('Department')} error={save.errorFor('departmentId')}>
            {(f) => (
              <select class="select" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.departmentId} onChange={(e) => setForm({ ...form, departmentId: e.currentTarget.value })}>
                <option value="">{t('All departments')}</option>
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('Priority')} error={save.errorFor('priority')}>
            {(f) => (
              <select class="select" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.priority} onChange={(e) => setForm({ ...form, priority: e.currentTarget.value as Priority })}>
                {priorities.map((p) => (
                  <option key={p} value={p}>
                    {priorityLabel(p)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('First reply within (minutes)')} error={save.errorFor('firstResponseSec')} hint={t('Empty: no target.')}>
            {(f) => <input class="input input-narrow" id={f.id} inputMode="decimal" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.firstResponse} onInput={(e) => setForm({ ...form, firstResponse: e.currentTarget.value })} />}
          </Field>
          <Field label={t('Resolved within (minutes)')} error={save.errorFor('resolutionSec')} hint={t('Empty: no target.')}>
            {(f) => <input class="input input-narrow" id={f.id} inputMode="decimal" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.resolution} onInput={(e) => setForm({ ...form, resolution: e.currentTarget.value })} />}
          </Field>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
            {t('Save policy')}
          </button>
          <SaveStatus state={save.state} />
        </div>
      </form>
    </Section>
  );
}
