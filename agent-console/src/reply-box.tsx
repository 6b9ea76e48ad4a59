import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { MAX_MESSAGE_LENGTH, type CannedReply } from '../../shared/protocol.ts';
import { fillCannedText, matchCanned, replaceRange, slashTokenAt, type SlashToken } from './canned.ts';
import { AttachButton } from './attach-button.tsx';
import { CannedPicker } from './canned-picker.tsx';
import { useCannedReplies, useSiteName } from './canned-source.ts';
import { loadDraft, saveDraft, type Draft } from './drafts.ts';
import { t } from './i18n.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';

/** Typing signals go out at most this often while the agent keeps typing. */
const TYPING_REFRESH_MS = 2500;
/** The agent counts as stopped typing after this pause. */
const TYPING_IDLE_MS = 4000;

export function ReplyBox({ chatId, visitorName }: { chatId: string; visitorName: string | null }) {
  const store = useInboxStore();
  const me = useInboxState().me;
  const { canned } = useCannedReplies();
  const siteName = useSiteName();
  const [draft, setDraft] = useState<Draft>(() => loadDraft(chatId));
  const [token, setToken] = useState<SlashToken | null>(null);
  /** Escape closes the suggestions for the slash at this position until another one is typed. */
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [pickerOpen, setPickerOpen] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const caretAfterRender = useRef<number | null>(null);
  const typing = useRef({ sentAt: 0, idle: undefined as ReturnType<typeof setTimeout> | undefined });
  const text = draft.text;

  // Focused in the same commit that draws the box: an Alt+N or Alt+T pressed the moment the chat
  // shows must not lose the cursor to a focus that runs a frame later.
  useLayoutEffect(() => input.current?.focus(), [chatId]);
  useEffect(() => {
    const t = typing.current;
    return () => {
      clearTimeout(t.idle);
      if (t.sentAt) store.setTyping(chatId, false);
    };
  }, [chatId]);

  useLayoutEffect(() => {
    const el = input.current;
    if (el && caretAfterRender.current !== null) {
      el.focus();
      el.setSelectionRange(caretAfterRender.current, caretAfterRender.current);
      caretAfterRender.current = null;
    }
  });

  const suggestions = token && token.start !== dismissedAt ? matchCanned(canned, token.query) : [];
  const open = suggestions.length > 0;
  const activeIndex = Math.min(active, Math.max(0, suggestions.length - 1));

  function stopTyping() {
    const t = typing.current;
    clearTimeout(t.idle);
    if (t.sentAt) store.setTyping(chatId, false);
    t.sentAt = 0;
  }

  function update(next: Draft) {
    // An emptied box no longer holds the canned reply it started from.
    const kept = next.text ? next : { text: '', cannedId: null };
    setDraft(kept);
    saveDraft(chatId, kept);
    return kept;
  }

  function followCaret(value: string, caret: number) {
    const found = slashTokenAt(value, caret);
    if (found?.start !== token?.start) setActive(0);
    setToken(found);
    if (!found || found.start !== dismissedAt) setDismissedAt(null);
  }

  function typed(value: string, caret: number) {
    update({ ...draft, text: value });
    followCaret(value, caret);
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

  function filled(reply: CannedReply): string {
    return fillCannedText(reply.text, { visitorName, agentName: me?.name ?? '', siteName });
  }

  /** Puts a canned reply in place of the `/shortcut` (or at the caret, from the picker). */
  function insert(reply: CannedReply, range?: { start: number; end: number }) {
    const el = input.current;
    const at = range ?? { start: el?.selectionStart ?? text.length, end: el?.selectionEnd ?? text.length };
    const next = replaceRange(text, at, filled(reply));
    update({ text: next.text, cannedId: reply.id });
    caretAfterRender.current = next.caret;
    setToken(null);
    setPickerOpen(false);
  }

  function send() {
    if (!store.send(chatId, text, draft.cannedId)) return;
    stopTyping();
    update({ text: '', cannedId: null });
    setToken(null);
    setDismissedAt(null);
    input.current?.focus();
  }

  function keyDown(e: KeyboardEvent) {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((activeIndex + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey && !e.isComposing) || (e.key === 'Tab' && !e.shiftKey)) {
        e.preventDefault();
        insert(suggestions[activeIndex], token!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissedAt(token!.start);
        return;
      }
    }
    // Enter sends, Shift+Enter is a new line; Enter that confirms an IME composition is neither.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  }

  const tooLong = text.trim().length > MAX_MESSAGE_LENGTH;
  const optionId = (i: number) => `canned-option-${i}`;
  return (
    <form
      class="reply"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      {open && (
        <ul id="canned-suggestions" class="suggestions canned-suggestions" role="listbox" aria-label={t('Canned replies')}>
          {suggestions.map((c, i) => (
            <li
              key={c.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === activeIndex}
              class={i === activeIndex ? 'suggestion active' : 'suggestion'}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => insert(c, token!)}
            >
              <span class="suggestion-shortcut">/{c.shortcut}</span>
              <span class="suggestion-text">{filled(c)}</span>
            </li>
          ))}
        </ul>
      )}
      <textarea
        ref={input}
        class="reply-input"
        aria-label={t('Reply')}
        aria-describedby="reply-hint"
        aria-invalid={tooLong ? true : undefined}
        aria-autocomplete="list"
        aria-controls={open ? 'canned-suggestions' : undefined}
        aria-activedescendant={open ? optionId(activeIndex) : undefined}
        placeholder={t('Type a reply…')}
        rows={3}
        value={text}
        onInput={(e) => typed(e.currentTarget.value, e.currentTarget.selectionStart)}
        onKeyDown={keyDown}
        onKeyUp={(e) => {
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') {
            followCaret(e.currentTarget.value, e.currentTarget.selectionStart);
          }
        }}
        onClick={(e) => followCaret(e.currentTarget.value, e.currentTarget.selectionStart)}
        onBlur={() => setToken(null)}
      />
      <div class="reply-bar">
        <span id="reply-hint" class={tooLong ? 'reply-hint reply-hint-error' : 'reply-hint'}>
          {tooLong
            ? t('Too long: {count} of {max} characters', { count: text.trim().length, max: MAX_MESSAGE_LENGTH })
            : t('Enter to send · Shift+Enter for a new line · / for canned replies')}
        </span>
        <div class="reply-actions">
          {draft.cannedId && <span class="badge badge-canned">{t('Canned reply')}</span>}
          <AttachButton chatId={chatId} />
          <div class="picker-anchor">
            <button
              type="button"
              class="button button-quiet button-small"
              aria-haspopup="dialog"
              aria-expanded={pickerOpen}
              onClick={() => setPickerOpen(!pickerOpen)}
            >
              {t('Canned replies')}
            </button>
            {pickerOpen && (
              <CannedPicker
                canned={canned}
                preview={filled}
                onPick={(c) => insert(c)}
                onClose={() => {
                  setPickerOpen(false);
                  input.current?.focus();
                }}
              />
            )}
          </div>
          <button type="submit" class="button button-primary" disabled={!text.trim() || tooLong}>
            {t('Send')}
          </button>
        </div>
      </div>
    </form>
  );
}
