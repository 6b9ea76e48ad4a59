import { useEffect, useRef, useState } from 'preact/hooks';
import type { FormResult } from './chat-session.ts';
import { useWords } from './words-context.ts';
import './transcript-request.css';

interface Props {
  onSend(email: string): Promise<FormResult>;
}

/** Under an ended chat: the visitor may have the conversation emailed to them. */
export function TranscriptRequest({ onSend }: Props) {
  const t = useWords();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<FormResult | null>(null);
  const field = useRef<HTMLInputElement>(null);

  // Asked for: the cursor goes where the address is typed.
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);

  if (result?.ok) {
    return (
      <p class="transcript-sent" role="status">
        {t.transcriptSent(email.trim())}
      </p>
    );
  }
  if (!open) {
    return (
      <p class="transcript">
        <button type="button" class="link" onClick={() => setOpen(true)}>
          {t.emailTranscript}
        </button>
      </p>
    );
  }
  const problem = result && !result.ok ? result : null;
  return (
    <form
      class="transcript"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        if (sending) return;
        setSending(true);
        setResult(await onSend(email));
        setSending(false);
      }}
    >
      <label for="parley-transcript-email">{t.emailTranscript}</label>
      <div class="transcript-row">
        <input
          id="parley-transcript-email"
          type="email"
          autoComplete="email"
          maxLength={320}
          value={email}
          ref={field}
          aria-invalid={problem?.field === 'email' || undefined}
          aria-describedby={problem ? 'parley-transcript-error' : undefined}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
        <button type="submit" class="primary" aria-disabled={sending || undefined}>
          {t.send}
        </button>
      </div>
      {problem && (
        <p class="form-error" id="parley-transcript-error" role="alert">
          {problem.error}
        </p>
      )}
    </form>
  );
}
