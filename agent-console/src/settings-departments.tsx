import { useState } from 'preact/hooks';
import type { Department } from '../../shared/protocol.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t } from './i18n.ts';
import { ConfirmDialog, Field, SaveStatus, Section, useSave } from './settings-kit.tsx';

// Cyrillic department names (the console speaks Russian and Bulgarian) get a Latin id.
const cyrillic: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'sht', ъ: 'a', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** A department id from its name: "Billing & refunds" → "billing-refunds" (the server's slug rule). */
export function departmentIdFor(name: string): string {
  return name
    .toLowerCase()
    .replace(/[а-яё]/g, (ch) => cyrillic[ch] ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 64);
}

export type DepartmentsChange = { added: Department } | { renamed: Department } | { deleted: string };

/** The list after a change, sorted by name as the server lists it. */
export function changedDepartments(list: Department[], change: DepartmentsChange): Department[] {
  const next =
    'added' in change
      ? [...list, change.added]
      : 'renamed' in change
        ? list.map((d) => (d.id === change.renamed.id ? change.renamed : d))
        : list.filter((d) => d.id !== change.deleted);
  return next.sort((a, b) => a.name.localeCompare(b.name));
}

export function DepartmentsSection(props: { departments: Department[]; onChange: (change: DepartmentsChange) => void }) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Department | null>(null);
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  /** The id follows the name until the admin types one. */
  const [idTouched, setIdTouched] = useState(false);
  const save = useSave();
  const shownId = idTouched ? id : departmentIdFor(name);

  async function submit(e: Event) {
    e.preventDefault();
    const ok = await save.run(async () => {
      const { department } = await request(routes.addDepartment, { body: { id: shownId, name } });
      props.onChange({ added: department });
    });
    if (ok) {
      setName('');
      setId('');
      setIdTouched(false);
    }
  }

  return (
    <Section id="departments" title={t('Departments')} intro={t('Visitors can be routed to a department; agents take the chats of their departments.')}>
      {props.departments.length === 0 ? (
        <p class="muted">{t('No departments yet.')}</p>
      ) : (
        <table class="settings-table">
          <thead>
            <tr>
              <th scope="col">{t('Department name')}</th>
              <th scope="col">{t('Department id')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('Actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.departments.map((d) =>
              renaming === d.id ? (
                <tr key={d.id} class="editing">
                  <td colSpan={3}>
                    <RenameForm
                      department={d}
                      onDone={(renamed) => {
                        setRenaming(null);
                        if (renamed) props.onChange({ renamed });
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td>
                    <code class="muted">{d.id}</code>
                  </td>
                  <td class="row-actions">
                    <button type="button" class="button button-small" aria-label={t('Rename {name}', { name: d.name })} onClick={() => setRenaming(d.id)}>
                      {t('Rename')}
                    </button>
                    <button type="button" class="button button-small button-danger-quiet" aria-label={t('Delete {name}', { name: d.name })} onClick={() => setDeleting(d)}>
                      {t('Delete')}
                    </button>
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('Delete the department {name}?', { name: deleting.name })}
          message={t('Only a department that nothing uses can be deleted: no chats, agents, canned replies, SLA policies or business hours. One that has had chats can only be renamed. The widget’s department option will no longer accept its id.')}
          confirmLabel={t('Delete department')}
          onConfirm={async () => {
            await request(routes.removeDepartment, { params: { id: deleting.id } });
            props.onChange({ deleted: deleting.id });
          }}
          onClose={() => setDeleting(null)}
        />
      )}
      <form class="settings-form" onSubmit={submit} aria-labelledby="new-department-title">
        <h3 id="new-department-title" class="form-title">
          {t('Add a department')}
        </h3>
        <div class="form-grid">
          <Field label={t('Department name')} error={save.errorFor('name')}>
            {(f) => <input class="input" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
          </Field>
          <Field label={t('Department id')} error={save.errorFor('id')} hint={t('Lowercase letters, digits, _ or -; used by the widget’s department option.')}>
            {(f) => (
              <input
                class="input"
                id={f.id}
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                value={shownId}
                onInput={(e) => {
                  setIdTouched(true);
                  setId(e.currentTarget.value);
                }}
              />
            )}
          </Field>
        </div>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
            {t('Add department')}
          </button>
          <SaveStatus state={save.state} />
        </div>
      </form>
    </Section>
  );
}

/** A new name; the id stays, since chats, exports and the metrics' filters refer to it. */
function RenameForm(props: { department: Department; onDone: (renamed: Department | null) => void }) {
  const d = props.department;
  const [name, setName] = useState(d.name);
  const save = useSave();
  async function submit(e: Event) {
    e.preventDefault();
    let renamed: Department | null = null;
    const ok = await save.run(async () => {
      renamed = (await request(routes.renameDepartment, { params: { id: d.id }, body: { name } })).department;
    });
    if (ok) props.onDone(renamed);
  }
  return (
    <form class="settings-form inline-form" onSubmit={submit} aria-label={t('Rename {name}', { name: d.name })}>
      <div class="form-grid">
        <Field label={t('New name')} error={save.errorFor('name')} hint={t('The id {id} stays the same.', { id: d.id })}>
          {(f) => <input class="input" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
      </div>
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
          {t('Save name')}
        </button>
        <button type="button" class="button" onClick={() => props.onDone(null)}>
          {t('Cancel')}
        </button>
        <SaveStatus state={save.state} />
      </div>
    </form>
  );
}
