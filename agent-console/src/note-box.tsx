import { useRef, useState } from 'preact/hooks';
import { MAX_MESSAGE_LENGTH } from '../../shared/protocol.ts';
import { newId } from '../../shared/ids.ts';
import { t } from './i18n.ts';
import { useInboxStore } from './inbox-context.ts';

/** An internal note for the agents of this chat: stored with the chat, never sent to the visitor. */
export function NoteBox({ chatId }: { chatId: string }) {
  const store = useInboxStore();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One id per note being written: trying again after a lost answer cannot store it twice.
  const noteId = useRef(newId('note_'));

  async function add() {
    if (!text.trim() || busy) return;
    setBusy(true);
    const problem = await store.addNote(chatId, text, noteId.current);
    setBusy(false);
    setError(problem);
    if (!problem) {
      setText('');
      noteId.current = newId('note_');
    }
  }

  return (
    <form
      class="note-box"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <textarea
        class="note-input"
        aria-label={t('Internal note')}
        aria-describedby={error ? `note-error-${chatId}` : undefined}
        placeholder={t('Internal note: only agents see it')}
        rows={1}
        maxLength={MAX_MESSAGE_LENGTH}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void add();
          }
        }}
      />
      <button type="submit" class="button button-note button-small" disabled={!text.trim() || busy}>
        {t('Add note')}
      </button>
      {error && (
        <span id={`note-error-${chatId}`} class="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
