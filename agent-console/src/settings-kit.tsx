import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ApiError } from './console-api.ts';
import { t } from './i18n.ts';
import { ModalDialog } from './modal-dialog.tsx';

/** The state of one form's save: the server's refusal names the field it is about. */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved' }
  | {
      kind: 'failed';
      message: string;
      field: string | null;
      /** Set while the form renders: one of its fields shows the error beside itself (`errorFor`). */
      beside: { field: boolean };
    };

export function useSave() {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  // The form calls `errorFor` for the fields it shows while it renders, after this: a field it
  // no longer shows leaves the reason to SaveStatus again.
  if (state.kind === 'failed') state.beside.field = false;
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setState({ kind: 'saving' });
    try {
      await action();
      setState({ kind: 'saved' });
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      setState({ kind: 'failed', message, field: err instanceof ApiError ? err.field : null, beside: { field: false } });
      return false;
    }
  }
  /** The error for a field (`widget.color`, `allowedOrigins.0`, …), if the last save failed on it. */
  function errorFor(...fields: string[]): string | null {
    if (state.kind !== 'failed' || !state.field) return null;
    const field = state.field;
    if (!fields.some((f) => field === f || field.startsWith(`${f}.`))) return null;
    state.beside.field = true;
    // Under its own field the server's "field: " prefix says nothing new.
    return state.message.startsWith(`${field}: `) ? state.message.slice(field.length + 2) : state.message;
  }
  return { state, run, errorFor, reset: () => setState({ kind: 'idle' }) };
}

/** "Saved." or the reason it was not, next to a form's button. */
export function SaveStatus({ state }: { state: SaveState }) {
  if (state.kind === 'saving') return <span class="save-status muted">{t('Saving…')}</span>;
  if (state.kind === 'saved') {
    return (
      <span class="save-status save-ok" role="status">
        {t('Saved.')}
      </span>
    );
  }
  if (state.kind === 'failed') {
    // A field shows the reason beside itself, under its own label: repeated here with the
    // server's path ("criteria.1.weight: …", counted from 0) it would only puzzle.
    return (
      <span class="save-status save-error" role="alert">
        {t('Not saved: {reason}', { reason: state.beside.field ? t('Check the field marked above.') : state.message })}
      </span>
    );
  }
  return null;
}

let fieldIds = 0;

/** A labelled control with its error underneath, tied together for screen readers. */
export function Field(props: {
  label: string;
  error?: string | null;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: true | undefined }) => ComponentChildren;
}) {
  const [id] = useState(() => `field-${++fieldIds}`);
  const describedBy = [props.error ? `${id}-error` : '', props.hint ? `${id}-hint` : ''].join(' ').trim() || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: props.error ? true : undefined })}
      {props.hint && (
        <span id={`${id}-hint`} class="field-hint">
          {props.hint}
        </span>
      )}
      {props.error && (
        <span id={`${id}-error`} class="field-error">
          {props.error}
        </span>
      )}
    </div>
  );
}

export function Section(props: { id: string; title: string; intro?: string; children: ComponentChildren }) {
  return (
    <section id={props.id} class="settings-section" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`} class="settings-title">
        {props.title}
      </h2>
      {props.intro && <p class="muted settings-intro">{props.intro}</p>}
      {props.children}
    </section>
  );
}

/** Loading and load errors of a section's data, with a way to try again. */
export function Loading({ error, onRetry }: { error: string | null; onRetry: () => void }) {
  if (!error) return <p class="muted">{t('Loading…')}</p>;
  return (
    <p class="form-error" role="alert">
      {t('Could not load: {reason}', { reason: error })}{' '}
      <button type="button" class="link-button" onClick={onRetry}>
        {t('Try again')}
      </button>
    </p>
  );
}

/**
 * Asks before a delete. The server's refusal (a department still in use, …) stays in the
 * dialog, so the admin reads why and the list stays as it was.
 */
export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const messageId = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
      return;
    }
    props.onClose();
  }

  return (
    <ModalDialog title={props.title} describedBy={messageId} onClose={props.onClose}>
      <p id={messageId} class="confirm-message">
        {props.message}
      </p>
      {error && (
        <p class="form-error" role="alert">
          {t('Not deleted: {reason}', { reason: error })}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="button" autoFocus onClick={props.onClose}>
          {t('Cancel')}
        </button>
        <button type="button" class="button button-danger" disabled={busy} onClick={() => void confirm()}>
          {props.confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
