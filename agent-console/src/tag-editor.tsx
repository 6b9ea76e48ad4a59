import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import { t } from './i18n.ts';
import { useInboxStore } from './inbox-context.ts';

/** Known tags worth suggesting for what is typed: starting with it first, then containing it. */
export function suggestTags(known: string[], typed: string, present: string[], limit = 8): string[] {
  const q = typed.trim().toLocaleLowerCase();
  const candidates = known.filter((tag) => !present.includes(tag));
  if (!q) return candidates.slice(0, limit);
  const starts = candidates.filter((tag) => tag.toLocaleLowerCase().startsWith(q));
  const contains = candidates.filter((tag) => !starts.includes(tag) && tag.toLocaleLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

export function TagEditor(props: {
  chatId: string;
  tags: string[];
  editable: boolean;
  /** Shown under the field, e.g. why a tag is needed before closing. */
  hint: string | null;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const store = useInboxStore();
  const [typed, setTyped] = useState('');
  const [known, setKnown] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  /** -1: the text as typed; otherwise the highlighted suggestion. */
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string | null>(null);

  const suggestions = open ? suggestTags(known, typed, props.tags) : [];

  /**
   * Adds at once, without waiting for the last add: an agent may type the next tag while the
   * server answers (the chip can arrive before the answer). The field is cleared now and gets
   * the text back only if the server refuses it and nothing new was typed.
   */
  async function add(tag: string) {
    const clean = tag.trim();
    if (!clean) return;
    setTyped('');
    setActive(-1);
    if (props.tags.includes(clean)) {
      setError(null);
      return;
    }
    const problem = await store.setTag(props.chatId, clean, true);
    setError(problem);
    if (problem) setTyped((now) => now || clean);
    else setKnown((list) => (list.includes(clean) ? list : [...list, clean].sort()));
  }

  async function remove(tag: string) {
    setError(await store.setTag(props.chatId, tag, false));
  }

  function keyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (suggestions.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      // Cycles through the suggestions and back to the typed text.
      const next = active + step;
      setActive(next < -1 ? suggestions.length - 1 : next >= suggestions.length ? -1 : next);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void add(active >= 0 && suggestions[active] ? suggestions[active] : typed);
    } else if (e.key === 'Tab' && !e.shiftKey && suggestions.length > 0 && typed.trim()) {
      // Completes to the highlighted (or first) suggestion; a second Tab leaves the field.
      const pick = suggestions[Math.max(active, 0)];
      if (pick !== typed) {
        e.preventDefault();
        setTyped(pick);
        setActive(-1);
      }
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    }
  }

  const errorId = `tag-error-${props.chatId}`;
  const hintId = `tag-hint-${props.chatId}`;
  return (
    <div class="tag-editor">
      {props.tags.length > 0 && (
        <ul class="tag-chips" aria-label={t('Tags')}>
          {props.tags.map((tag) => (
            <li key={tag} class="tag-chip">
              <span>{tag}</span>
              {props.editable && (
                <button
                  type="button"
                  class="tag-remove"
                  aria-label={t('Remove tag {tag}', { tag })}
                  onClick={() => void remove(tag)}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.editable && (
        <div class="tag-field">
          <input
            ref={props.inputRef}
            class="tag-input"
            type="text"
            aria-label={t('Add tag')}
            placeholder={t('Add tag')}
            autocomplete="off"
            maxLength={50}
            aria-autocomplete="list"
            aria-controls={suggestions.length ? `tag-suggestions-${props.chatId}` : undefined}
            aria-activedescendant={active >= 0 && suggestions[active] ? `tag-option-${props.chatId}-${active}` : undefined}
            aria-describedby={[error ? errorId : '', props.hint ? hintId : ''].join(' ').trim() || undefined}
            aria-invalid={error ? true : undefined}
            value={typed}
            onFocus={() => {
              setOpen(true);
              void store.knownTags().then(setKnown);
            }}
            onBlur={() => setOpen(false)}
            onInput={(e) => {
              setTyped(e.currentTarget.value);
              setActive(-1);
              setOpen(true);
              setError(null);
            }}
            onKeyDown={keyDown}
          />
          {suggestions.length > 0 && (
            <ul id={`tag-suggestions-${props.chatId}`} class="suggestions tag-suggestions" role="listbox" aria-label={t('Tag suggestions')}>
              {suggestions.map((tag, i) => (
                <li
                  key={tag}
                  id={`tag-option-${props.chatId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  class={i === active ? 'suggestion active' : 'suggestion'}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => void add(tag)}
                >
                  {tag}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && (
        <span id={errorId} class="field-error" role="alert">
          {error}
        </span>
      )}
      {props.hint && !error && (
        <span id={hintId} class="tag-hint">
          {props.hint}
        </span>
      )}
    </div>
  );
}
