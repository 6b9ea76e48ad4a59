import { useState } from 'preact/hooks';
import { askDesktopPermission, desktopPermission, setAlertPrefs, useAlertPrefs } from './alert-player.ts';
import { t } from './i18n.ts';
import { PushSettings } from './push-settings.tsx';

/** Under the chat lists: how I want to be alerted, and the keyboard shortcuts. */
export function InboxFooter({ onShowShortcuts }: { onShowShortcuts: () => void }) {
  const prefs = useAlertPrefs();
  const [permission, setPermission] = useState(desktopPermission);

  async function toggleDesktop(on: boolean) {
    if (!on) return setAlertPrefs({ ...prefs, desktop: false });
    // Asked here, on the click: browsers refuse to ask outside a user gesture.
    const answer = await askDesktopPermission();
    setPermission(answer);
    setAlertPrefs({ ...prefs, desktop: answer === 'granted' });
  }

  return (
    <div class="inbox-footer">
      <fieldset class="alert-prefs">
        <legend>{t('When I am not looking')}</legend>
        <label class="check">
          <input type="checkbox" checked={prefs.sound} onChange={(e) => setAlertPrefs({ ...prefs, sound: e.currentTarget.checked })} />
          {t('Play a sound')}
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={prefs.desktop && permission === 'granted'}
            disabled={permission === 'unsupported' || permission === 'denied'}
            onChange={(e) => void toggleDesktop(e.currentTarget.checked)}
          />
          {t('Desktop notifications')}
        </label>
        {permission === 'denied' && <p class="muted small">{t('Notifications are blocked in this browser’s site settings.')}</p>}
      </fieldset>
      <PushSettings />
      <button type="button" class="link-button" onClick={onShowShortcuts}>
        {t('Keyboard shortcuts')}
      </button>
    </div>
  );
}
