import { useState } from 'preact/hooks';
import type { Department } from '../../shared/protocol.ts';
import { EMAIL, type FormResult } from './chat-session.ts';
import type { PreChatField, PreChatQuestion } from './pre-chat.ts';
import { useWords } from './words-context.ts';

export type PreChatValues = Record<PreChatField, string>;

interface Props {
  questions: PreChatQuestion[];
  departments: Department[];
  /** The department the site chose (`Parley('department')`), preselected. */
  department: string | null;
  onSubmit(values: Partial<PreChatValues>): Promise<FormResult>;
}

/** The owner's questions before a chat starts: name, email, department, each optional or required. */
export function PreChatForm({ questions, departments, department, onSubmit }: Props) {
  const t = useWords();
  const [values, setValues] = useState<PreChatValues>({ name: '', email: '', department: department ?? '' });
  const [problem, setProblem] = useState<{ error: string; field?: string } | null>(null);
  const [sending, setSending] = useState(false);

  const check = (): { error: string; field: PreChatField } | null => {
    for (const { field, required } of questions) {
      const value = values[field].trim();
      if (field === 'email' && value && !EMAIL.test(value)) return { field, error: t.needEmail };
      if (required && !value) return { field, error: field === 'name' ? t.needName : field === 'email' ? t.needEmail : t.needDepartment };
    }
    return null;
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (sending) return;
    const wrong = check();
    const result = wrong
      ? ({ ok: false, ...wrong } as const)
      : await (async () => {
          setSending(true);
          const asked = Object.fromEntries(questions.map(({ field }) => [field, values[field].trim()]).filter(([, v]) => v));
          const res = await onSubmit(asked);
          setSending(false);
          return res;
        })();
    setProblem(result.ok ? null : { error: result.error, field: result.field });
    if (!result.ok && result.field) document.getElementById(`parley-prechat-${result.field}`)?.focus();
  };

  const fieldProps = (field: PreChatField) => ({
    id: `parley-prechat-${field}`,
    value: values[field],
    onInput: (event: Event) => {
      setValues({ ...values, [field]: (event.currentTarget as HTMLInputElement).value });
      if (problem?.field === field) setProblem(null);
    },
    'aria-invalid': problem?.field === field || undefined,
    'aria-describedby': problem?.field === field ? 'parley-prechat-error' : undefined,
    'aria-required': questions.find((q) => q.field === field)?.required || undefined,
  });
  const label = (field: PreChatField, text: string) => {
    const required = questions.find((q) => q.field === field)?.required;
    return (
      <label for={`parley-prechat-${field}`}>
        {text}
        {!required && <span class="optional"> {t.optional}</span>}
      </label>
    );
  };
  const asks = (field: PreChatField) => questions.some((q) => q.field === field);

  return (
    <form class="offline prechat" onSubmit={submit} noValidate>
      <h2>{t.preChatTitle}</h2>
      <p class="lead">{t.preChatLead}</p>
      {asks('name') && (
        <>
          {label('name', t.name)}
          <input type="text" autoComplete="name" maxLength={200} {...fieldProps('name')} />
        </>
      )}
      {asks('email') && (
        <>
          {label('email', t.email)}
          <input type="email" autoComplete="email" maxLength={320} {...fieldProps('email')} />
        </>
      )}
      {asks('department') && (
        <>
          {label('department', t.department)}
          <select {...fieldProps('department')}>
            <option value="">{t.chooseDepartment}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </>
      )}
      {problem && (
        <p class="form-error" id="parley-prechat-error" role="alert">
          {problem.error}
        </p>
      )}
      <button type="submit" class="primary" aria-disabled={sending || undefined}>
        {t.startChat}
      </button>
    </form>
  );
}
