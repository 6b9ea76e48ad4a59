import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MAX_MESSAGE_LENGTH } from '../../shared/protocol.ts';
import { ACCEPTED_TYPES } from '../../shared/attachment-message.ts';
import { tooLongError } from './chat-session.ts';
import { useWords } from './words-context.ts';

interface Props {
  /** Returns an error to show, or null when the message was queued. */
  onSend(text: string): string | null;
  onDraftChange(text: string): void;
  /** Sends a file; resolves with an error to show, or null. No attach button without it. */
  onSendFile?(file: File): Promise<string | null>;
  placeholder: string;
}

/** Show the character count once a message gets this close to the limit. */
const COUNTER_FROM = MAX_MESSAGE_LENGTH - 500;
const MAX_HEIGHT_PX = 120;

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({ onSend, onDraftChange, onSendFile, placeholder }: Props) {
  const t = useWords();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sendingFile, setSendingFile] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  const sendFile = async (file: File) => {
    setSendingFile(file.name);
    setError(null);
    const problem = await onSendFile!(file);
    setSendingFile(null);
    setError(problem);
    box.current?.focus();
  };

  // The box grows with the draft up to a few lines, then scrolls.
  useLayoutEffect(() => {
    const el = box.current!;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [draft]);

  const submit = () => {
    const problem = onSend(draft);
    setError(problem);
    if (problem || !draft.trim()) return;
    setDraft('');
  };

  const length = draft.trim().length;
  const tooLong = length > MAX_MESSAGE_LENGTH;
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div class={`input-bar${tooLong ? ' invalid' : ''}`}>
        {onSendFile && (
          <>
            <button
              type="button"
              class="attach"
              aria-label={t.attachFile}
              title={t.attachFile}
              aria-disabled={sendingFile !== null || undefined}
              onClick={() => sendingFile === null && picker.current!.click()}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M20 11.5l-8 8a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7L9.7 17.2a1.7 1.7 0 0 1-2.4-2.4L15 7" />
              </svg>
            </button>
            <input
              ref={picker}
              type="file"
              accept={ACCEPTED_TYPES.join(',')}
              hidden
              tabIndex={-1}
              onChange={(event) => {
                const file = event.currentTarget.files?.[0];
                event.currentTarget.value = '';
                if (file) void sendFile(file);
              }}
            />
          </>
        )}
        <textarea
          ref={box}
          id="parley-message"
          rows={1}
          aria-label={t.message}
          aria-invalid={tooLong || undefined}
          aria-describedby={error || tooLong ? 'parley-composer-error' : undefined}
          placeholder={placeholder}
          value={draft}
          onInput={(event) => {
            const text = event.currentTarget.value;
            setDraft(text);
            if (error && text.trim().length <= MAX_MESSAGE_LENGTH) setError(null);
            onDraftChange(text);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <button type="submit" class={`send${length ? ' ready' : ''}`} aria-label={t.send}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M4 12l16-8-6 16-2.5-6.5L4 12z" />
          </svg>
        </button>
      </div>
      {sendingFile !== null && (
        <p class="counter" role="status">
          {t.sendingFile(sendingFile)}
        </p>
      )}
      {(error || tooLong) && (
        <p class="composer-error" id="parley-composer-error" role="alert">
          {error ?? tooLongError(length, t)}
        </p>
      )}
      {!error && !tooLong && length > COUNTER_FROM && (
        <p class="counter">
          {length.toLocaleString('en-US')} / {MAX_MESSAGE_LENGTH.toLocaleString('en-US')}
        </p>
      )}
    </form>
  );
}
