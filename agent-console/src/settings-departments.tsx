import { useState } from 'preact/hooks';
import type { Department } from '../../shared/protocol.ts';
import { api } from './console-api.ts';
import { t } from './i18n.ts';
import { Field, SaveStatus, Section, useSave } from './settings-kit.tsx';

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

export function DepartmentsSection(props: { departments: Department[]; onAdded: (d: Department) => void }) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  /** The id follows the name until the admin types one. */
  const [idTouched, setIdTouched] = useState(false);
  const save = useSave();
  const shownId = idTouched ? id : departmentIdFor(name);

  async function submit(e: Event) {
    e.preventDefault();
    const ok = await save.run(async () => {
      const { department } = await api.post<{ department: Department }>('/departments', { id: shownId, name });
      props.onAdded(department);
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
        <ul class="plain-list">
          {props.departments.map((d) => (
            <li key={d.id}>
              {d.name} <code class="muted">{d.id}</code>
            </li>
          ))}
        </ul>
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
