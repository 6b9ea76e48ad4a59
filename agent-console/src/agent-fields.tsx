import type { Department, Role } from '../../shared/protocol.ts';
import { t } from './i18n.ts';
import { Field } from './settings-kit.tsx';

// The fields of an agent's forms (add, invite, edit), each one once. A form keeps its own
// state and order; the server's field names are those of the form (`name`, `maxChats`, …).

interface FieldProps<V> {
  value: V;
  onChange: (value: V) => void;
  error: string | null;
}

export function roleLabel(role: Role): string {
  return { agent: t('Agent'), admin: t('Admin'), owner: t('Owner') }[role];
}

export function NameField(props: FieldProps<string>) {
  return (
    <Field label={t('Name')} error={props.error}>
      {(f) => <input class="input" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={props.value} onInput={(e) => props.onChange(e.currentTarget.value)} />}
    </Field>
  );
}

export function EmailField(props: FieldProps<string>) {
  return (
    <Field label={t('Email')} error={props.error}>
      {(f) => <input class="input" id={f.id} type="email" autocomplete="off" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={props.value} onInput={(e) => props.onChange(e.currentTarget.value)} />}
    </Field>
  );
}

export function PasswordField(props: FieldProps<string> & { label: string; hint: string }) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      {(f) => <input class="input" id={f.id} type="password" autocomplete="new-password" aria-describedby={f.describedBy} aria-invalid={f.invalid} value={props.value} onInput={(e) => props.onChange(e.currentTarget.value)} />}
    </Field>
  );
}

export function RoleField(props: FieldProps<Role> & { roles: Role[]; disabled?: boolean; hint?: string }) {
  return (
    <Field label={t('Role')} error={props.error} hint={props.hint}>
      {(f) => (
        <select class="select" id={f.id} disabled={props.disabled} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as Role)}>
          {props.roles.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function MaxChatsField(props: FieldProps<number>) {
  return (
    <Field label={t('Max chats')} error={props.error}>
      {(f) => <input class="input input-narrow" id={f.id} type="number" min={0} max={100} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={props.value} onInput={(e) => props.onChange(e.currentTarget.valueAsNumber)} />}
    </Field>
  );
}

export function DepartmentChoice(props: { departments: Department[]; chosen: string[]; onChange: (ids: string[]) => void; error?: string | null }) {
  if (props.departments.length === 0) return <p class="muted small">{t('No departments yet: the agent takes chats of every department.')}</p>;
  return (
    <fieldset class="checks" aria-invalid={props.error ? true : undefined}>
      <legend>{t('Departments')}</legend>
      {props.departments.map((d) => (
        <label key={d.id} class="check">
          <input
            type="checkbox"
            checked={props.chosen.includes(d.id)}
            onChange={(e) =>
              props.onChange(e.currentTarget.checked ? [...props.chosen, d.id] : props.chosen.filter((x) => x !== d.id))
            }
          />
          {d.name}
        </label>
      ))}
      {props.error && <span class="field-error">{props.error}</span>}
    </fieldset>
  );
}
