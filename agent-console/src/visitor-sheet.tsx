import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from './i18n.ts';

/**
 * The visitor panel where the inbox has no room for it beside the chat (phones, tablets): a
 * modal sheet from the bottom, so focus, Escape and the screen reader's view behave as a dialog.
 */
export function VisitorSheet(props: { onClose: () => void; children: ComponentChildren }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="dialog sheet" aria-label={t('Visitor')} onClose={props.onClose}>
      <div class="sheet-bar">
        <button type="button" class="button" onClick={() => dialog.current?.close()}>
          {t('Close')}
        </button>
      </div>
      {props.children}
    </dialog>
  );
}
