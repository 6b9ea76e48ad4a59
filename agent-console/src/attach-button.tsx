import { useRef, useState } from 'preact/hooks';
import { ACCEPTED_TYPES, fileMessageText, MAX_FILE_BYTES, type SentFile } from '../../shared/attachment-message.ts';
import { api, ApiError } from './console-api.ts';
import { t } from './i18n.ts';
import { useInboxStore } from './inbox-context.ts';

/**
 * Sends an image or a PDF in the chat: stored by the server, then sent as an ordinary message
 * naming it (the widget shows it as a picture or a file), through the same outbox as a reply.
 */
export function AttachButton({ chatId }: { chatId: string }) {
  const store = useInboxStore();
  const picker = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function chosen(file: File | undefined) {
    if (!file) return;
    setError(null);
    if (file.size > MAX_FILE_BYTES) return setError(t('Files up to 10 MB can be sent.'));
    setBusy(true);
    try {
      const { attachment } = await api.upload<{ attachment: SentFile }>(
        `/attachments?chatId=${encodeURIComponent(chatId)}&name=${encodeURIComponent(file.name)}`,
        file,
      );
      store.send(chatId, fileMessageText(attachment));
    } catch (err) {
      // The server judges the file by its bytes; its refusal of the type is said in the console's language.
      setError(
        err instanceof ApiError && err.status === 400 && err.field === 'file'
          ? t('Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.')
          : err instanceof ApiError
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <input
        ref={picker}
        type="file"
        class="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        accept={ACCEPTED_TYPES.join(',')}
        onChange={(e) => {
          const input = e.currentTarget;
          void chosen(input.files?.[0]);
          input.value = '';
        }}
      />
      <button type="button" class="button button-quiet button-small" disabled={busy} onClick={() => picker.current?.click()}>
        {busy ? t('Sending the file…') : t('Attach file')}
      </button>
      {error && (
        <span class="reply-hint reply-hint-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
