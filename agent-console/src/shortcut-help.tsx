import { useEffect, useRef } from 'preact/hooks';
import { t } from './i18n.ts';
import { shortcuts } from './shortcuts.ts';

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
  }, []);
  const inReply: [string, string][] = [
    ['Enter', t('Send the reply')],
    ['Shift+Enter', t('New line')],
    ['/', t('Canned replies: type / and a shortcut, ↑ ↓ to choose, Enter or Tab to insert')],
    ['Esc', t('Close a list or this window')],
  ];
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="shortcuts-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div class="dialog-body">
        <h2 id="shortcuts-title" class="dialog-title">
          {t('Keyboard shortcuts')}
        </h2>
        <table class="shortcut-table">
          <tbody>
            {shortcuts.map((s) => (
              <tr key={s.action}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{t(s.what)}</td>
              </tr>
            ))}
            {inReply.map(([keys, what]) => (
              <tr key={keys}>
                <td>
                  <kbd>{keys}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onClose} autoFocus>
            {t('Close')}
          </button>
        </div>
      </div>
    </dialog>
  );
}
