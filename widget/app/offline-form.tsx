import { useState } from 'preact/hooks';
import type { FormResult, OfflineForm as OfflineFormValues } from './chat-session.ts';
import { useWords } from './words-context.ts';

interface Props {
  /** Why there is no live chat now (nobody online, or outside opening hours). */
  lead?: string;
  onSubmit(form: OfflineFormValues): Promise<FormResult>;
}

type Field = keyof OfflineFormValues;

/** Shown when no agent is online and the visitor has no open chat: a message for later. */
export function OfflineForm({ lead, onSubmit }: Props) {
  const t = useWords();
  const [values, setValues] = useState<OfflineFormValues>({ name: '', email: '', text: '' });
  const [problem, setProblem] = useState<{ error: string; field?: string } | null>(null);
  const [sending, setSending] = useState(false);

  const change = (field: Field) => (event: Event) => {
    setValues({ ...values, [field]: (event.currentTarget as HTMLInputElement).value });
    if (problem?.field === field) setProblem(null);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    const result = await onSubmit(values);
    setSending(false);
    setProblem(result.ok ? null : { error: result.error, field: result.field });
    if (!result.ok && result.field) document.getElementById(`parley-offline-${result.field}`)?.focus();
  };

  const fieldProps = (field: Field) => ({
    id: `parley-offline-${field}`,
    value: values[field],
    onInput: change(field),
    'aria-invalid': problem?.field === field || undefined,
    'aria-describedby': problem?.field === field ? 'parley-offline-error' : undefined,
  });

  return (
    <form class="offline" onSubmit={submit} noValidate>
      <h2>{t.leaveMessage}</h2>
      <p class="lead">{lead ?? t.nobodyOnline}</p>
      <label for="parley-offline-name">{t.name}</label>
      <input type="text" autoComplete="name" maxLength={200} {...fieldProps('name')} />
      <label for="parley-offline-email">{t.email}</label>
      <input type="email" autoComplete="email" maxLength={320} {...fieldProps('email')} />
      <label for="parley-offline-text">{t.message}</label>
      <textarea rows={3} {...fieldProps('text')} />
      {problem && (
        <p class="form-error" id="parley-offline-error" role="alert">
          {problem.error}
        </p>
      )}
      <button type="submit" class="primary" aria-disabled={sending || undefined}>
        {t.sendMessage}
      </button>
    </form>
  );
}
