import { useEffect, useState } from 'preact/hooks';
import type { CannedReply, Department } from '../../shared/protocol.ts';
import { groupCanned } from './canned.ts';
import { cannedRepliesChanged } from './canned-source.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t } from './i18n.ts';
import { useInboxState } from './inbox-context.ts';
import { Field, Loading, SaveStatus, useSave } from './settings-kit.tsx';

/**
 * Canned replies to add, edit and remove. Agents keep personal ones; admins and owners also
 * manage the shared ones, for everyone or for a department. The server enforces the same.
 */
export function CannedManager(props: { departments?: Department[] }) {
  const me = useInboxState().me;
  const isAdmin = !!me && me.role !== 'agent';
  const [canned, setCanned] = useState<CannedReply[] | null>(null);
  const [loadedDepartments, setDepartments] = useState<Department[]>([]);
  // The settings page passes its own list, which knows departments added a moment ago.
  const departments = props.departments ?? loadedDepartments;
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  const load = () => {
    setLoadError(null);
    request(routes.cannedReplies).then(
      (r) => setCanned(r.canned),
      (err: Error) => setLoadError(err.message),
    );
    if (!props.departments) {
      request(routes.departments).then(
        (r) => setDepartments(r.departments),
        () => {},
      );
    }
  };
  useEffect(load, []);

  const changed = (next: CannedReply[]) => {
    setCanned(next);
    cannedRepliesChanged();
  };
  const mayEdit = (c: CannedReply) => (c.ownerAgentId ? c.ownerAgentId === me?.id : isAdmin);
  // Admins see every agent's personal replies too (GET /api/canned lists all to them); theirs only are "mine".
  const visible = (canned ?? []).filter((c) => c.ownerAgentId === null || c.ownerAgentId === me?.id);
  const groups = groupCanned(visible, departments, { personal: t('My replies'), everyone: t('All departments') });
  return (
    <div class="canned-manager">
      <p class="muted">
        {t('Type / and the shortcut in the reply box to insert a reply. {visitor.name}, {agent.name} and {site} are filled in.')}
      </p>
      {!canned ? (
        <Loading error={loadError} onRetry={load} />
      ) : groups.length === 0 ? (
        <p class="muted">{t('No canned replies yet.')}</p>
      ) : (
        groups.map((g) => (
          <section key={g.departmentId ?? 'personal'} class="canned-group" aria-label={g.name}>
            <h3 class="form-title">{g.name}</h3>
            <ul class="canned-rows">
              {g.replies.map((c) =>
                editing === c.id ? (
                  <li key={c.id} class="canned-row editing">
                    <CannedForm
                      initial={c}
                      departments={departments}
                      isAdmin={isAdmin}
                      submitLabel={t('Save reply')}
                      onSubmit={async (body) => {
                        // Admins may move a reply between shared, personal and departments; an agent's stay personal.
                        const patch = isAdmin ? body : { shortcut: body.shortcut, text: body.text };
                        const { canned: saved } = await request(routes.changeCannedReply, { params: { id: c.id }, body: patch });
                        changed(canned.map((x) => (x.id === saved.id ? saved : x)));
                        setEditing(null);
                      }}
                      onCancel={() => setEditing(null)}
                    />
                  </li>
                ) : (
                  <CannedRow
                    key={c.id}
                    canned={c}
                    editable={mayEdit(c)}
                    onEdit={() => setEditing(c.id)}
                    onDeleted={() => changed(canned.filter((x) => x.id !== c.id))}
                  />
                ),
              )}
            </ul>
          </section>
        ))
      )}
      <div class="settings-form">
        <h3 class="form-title">{t('Add a canned reply')}</h3>
        <CannedForm
          departments={departments}
          isAdmin={isAdmin}
          submitLabel={t('Add reply')}
          onSubmit={async (body) => {
            const { canned: created } = await request(routes.addCannedReply, { body });
            changed([...(canned ?? []), created].sort((a, b) => a.shortcut.localeCompare(b.shortcut)));
          }}
        />
      </div>
    </div>
  );
}

function CannedRow(props: { canned: CannedReply; editable: boolean; onEdit: () => void; onDeleted: () => void }) {
  const c = props.canned;
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    setError(null);
    try {
      await request(routes.removeCannedReply, { params: { id: c.id } });
      props.onDeleted();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }
  return (
    <li class="canned-row">
      <span class="suggestion-shortcut">/{c.shortcut}</span>
      <span class="canned-row-text">{c.text}</span>
      {props.editable && (
        <span class="row-actions">
          <button type="button" class="button button-small" aria-label={t('Edit /{shortcut}', { shortcut: c.shortcut })} onClick={props.onEdit}>
            {t('Edit')}
          </button>
          <button type="button" class="button button-small button-danger-quiet" aria-label={t('Delete /{shortcut}', { shortcut: c.shortcut })} onClick={() => void remove()}>
            {t('Delete')}
          </button>
        </span>
      )}
      {error && (
        <span class="field-error" role="alert">
          {error}
        </span>
      )}
    </li>
  );
}

interface CannedBody {
  shortcut: string;
  text: string;
  departmentId: string | null;
  personal: boolean;
}

function CannedForm(props: {
  initial?: CannedReply;
  departments: Department[];
  /** Admins choose between a personal and a shared reply, and its department. */
  isAdmin: boolean;
  submitLabel: string;
  onSubmit: (body: CannedBody) => Promise<void>;
  onCancel?: () => void;
}) {
  const empty: CannedBody = { shortcut: '', text: '', departmentId: null, personal: !props.isAdmin };
  const [form, setForm] = useState<CannedBody>(
    props.initial
      ? { shortcut: props.initial.shortcut, text: props.initial.text, departmentId: props.initial.departmentId, personal: props.initial.ownerAgentId !== null }
      : empty,
  );
  const save = useSave();
  async function submit(e: Event) {
    e.preventDefault();
    // A personal reply is only ever the author's: a department chosen before says nothing.
    const ok = await save.run(() => props.onSubmit(form.personal ? { ...form, departmentId: null } : form));
    if (ok && !props.initial) setForm(empty);
  }
  return (
    <form class="canned-form" onSubmit={submit} aria-label={props.initial ? t('Edit /{shortcut}', { shortcut: props.initial.shortcut }) : undefined}>
      <div class="form-grid">
        <Field label={t('Shortcut')} error={save.errorFor('shortcut')} hint={t('Letters, digits, _ or -, without the slash.')}>
          {(f) => (
            <input
              class="input input-narrow"
              id={f.id}
              maxLength={40}
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={form.shortcut}
              onInput={(e) => setForm({ ...form, shortcut: e.currentTarget.value.replace(/^\//, '') })}
            />
          )}
        </Field>
        {props.isAdmin && (
          <Field label={t('Who can use it')} error={save.errorFor('personal')}>
            {(f) => (
              <select class="select" id={f.id} aria-describedby={f.describedBy} value={form.personal ? 'personal' : 'shared'} onChange={(e) => setForm({ ...form, personal: e.currentTarget.value === 'personal' })}>
                <option value="shared">{t('Every agent (shared)')}</option>
                <option value="personal">{t('Only me (personal)')}</option>
              </select>
            )}
          </Field>
        )}
        {props.isAdmin && !form.personal && (
          <Field label={t('Department')} error={save.errorFor('departmentId')}>
            {(f) => (
              <select class="select" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.departmentId ?? ''} onChange={(e) => setForm({ ...form, departmentId: e.currentTarget.value || null })}>
                <option value="">{t('All departments')}</option>
                {props.departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <Field label={t('Reply text')} error={save.errorFor('text')}>
        {(f) => <textarea class="input" id={f.id} rows={3} maxLength={5000} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.text} onInput={(e) => setForm({ ...form, text: e.currentTarget.value })} />}
      </Field>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" class="button" onClick={props.onCancel}>
            {t('Cancel')}
          </button>
        )}
        <SaveStatus state={save.state} />
      </div>
    </form>
  );
}
