import type { ComponentChildren } from 'preact';
import { t } from './i18n.ts';
import { ModalDialog } from './modal-dialog.tsx';

/**
 * The visitor panel where the inbox has no room for it beside the chat (phones, tablets): a
 * modal sheet from the bottom, so focus, Escape and the screen reader's view behave as a dialog.
 */
export function VisitorSheet(props: { onClose: () => void; children: ComponentChildren }) {
  return (
    <ModalDialog class="sheet" label={t('Visitor')} onClose={props.onClose}>
      <div class="sheet-bar">
        <button type="button" class="button" onClick={props.onClose}>
          {t('Close')}
        </button>
      </div>
      {props.children}
    </ModalDialog>
  );
}
