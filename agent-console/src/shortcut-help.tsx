import { t } from './i18n.ts';
import { ModalDialog } from './modal-dialog.tsx';
import { shortcuts } from './shortcuts.ts';

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const inReply: [string, string][] = [
    ['Enter', t('Send the reply')],
    ['Shift+Enter', t('New line')],
    ['/', t('Canned replies: type / and a shortcut, ↑ ↓ to choose, Enter or Tab to insert')],
    ['Esc', t('Close a list or this window')],
  ];
  return (
    <ModalDialog title={t('Keyboard shortcuts')} onClose={onClose}>
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
    </ModalDialog>
  );
}
