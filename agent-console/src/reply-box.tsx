import { useEffect, useRef, useState } from 'preact/hooks';
import { MAX_MESSAGE_LENGTH } from '../../shared/protocol.ts';
import { loadDraft, saveDraft } from './drafts.ts';
import { useInboxStore } from './inbox-context.ts';

/** Typing signals go out at most this often while the agent keeps typing. */
const TYPING_REFRESH_MS = 2500;
/** The agent counts as stopped typing after this pause. */
const TYPING_IDLE_MS = 4000;

export function ReplyBox({ chatId }: { chatId: string }) {
  const store = useInboxStore();
  const [text, setText] = useState(() => loadDraft(chatId));
  const input = useRef<HTMLTextAreaElement>(null);
  const typing = useRef({ sentAt: 0, idle: undefined as ReturnType<typeof setTimeout> | undefined });

  useEffect(() => {
    input.current?.focus();
    const t = typing.current;
    return () => {
      clearTimeout(t.idle);
      if (t.sentAt) store.setTyping(chatId, false);
    };
  }, [chatId]);

  function stopTyping() {
    const t = typing.current;
    clearTimeout(t.idle);
    if (t.sentAt) store.setTyping(chatId, false);
    t.sentAt = 0;
  }

  function typed(value: string) {
    setText(value);
    saveDraft(chatId, value);
    if (!value.trim()) return stopTyping();
    const t = typing.current;
    const now = Date.now();
    if (now - t.sentAt > TYPING_REFRESH_MS) {
      store.setTyping(chatId, true);
      t.sentAt = now;
    }
    clearTimeout(t.idle);
    t.idle = setTimeout(stopTyping, TYPING_IDLE_MS);
  }

  function send() {
    if (!store.send(chatId, text)) return;
    stopTyping();
    setText('');
    saveDraft(chatId, '');
    input.current?.focus();
  }

  const tooLong = text.trim().length > MAX_MESSAGE_LENGTH;
  return (
    <form
      class="reply"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        ref={input}
        class="reply-input"
        aria-label="Reply"
        aria-describedby="reply-hint"
        aria-invalid={tooLong ? true : undefined}
        placeholder="Type a reply…"
        rows={3}
        value={text}
        onInput={(e) => typed(e.currentTarget.value)}
        onKeyDown={(e) => {
          // Enter sends, Shift+Enter is a new line; Enter that confirms an IME composition is neither.
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <div class="reply-bar">
        <span id="reply-hint" class={tooLong ? 'reply-hint reply-hint-error' : 'reply-hint'}>
          {tooLong
            ? `Too long: ${text.trim().length} of ${MAX_MESSAGE_LENGTH} characters`
            : 'Enter to send · Shift+Enter for a new line'}
        </span>
        <button type="submit" class="button button-primary" disabled={!text.trim() || tooLong}>
          Send
        </button>
      </div>
    </form>
  );
}
