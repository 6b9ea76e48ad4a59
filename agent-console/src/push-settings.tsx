import { useEffect, useState } from 'preact/hooks';
import { ApiError } from './console-api.ts';
import { t } from './i18n.ts';
import { devicePushOn, pushPreferences, pushSupported, savePushPreferences, turnPushOff, turnPushOn, type PushPreferences } from './push-client.ts';

/**
 * Notifications on this phone or computer while no console of mine is open: turned on per
 * device; which events, whether the text shows and quiet hours are mine on every device.
 */
export function PushSettings() {
  const [on, setOn] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [prefs, setPrefs] = useState<PushPreferences | null>(null);

  useEffect(() => {
    void devicePushOn().then(setOn);
  }, []);
  useEffect(() => {
    if (on && !prefs) pushPreferences().then(setPrefs, () => {});
  }, [on]);

  if (!pushSupported()) return null;

  async function toggle(next: boolean) {
    setBusy(true);
    setProblem(null);
    try {
      if (!next) {
        await turnPushOff();
        setOn(false);
      } else {
        const answer = await turnPushOn();
        setOn(answer === 'granted');
        if (answer === 'denied') setProblem(t('Notifications are blocked in this browser’s site settings.'));
      }
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  async function change(wanted: PushPreferences) {
    // Quiet hours are read on this device's clock.
    const next = { ...wanted, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
    setPrefs(next);
    try {
      await savePushPreferences(next);
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : String(err));
    }
  }

  const event = (key: keyof PushPreferences['events'], label: string) =>
    prefs && (
      <label class="check">
        <input type="checkbox" checked={prefs.events[key]} onChange={(e) => void change({ ...prefs, events: { ...prefs.events, [key]: e.currentTarget.checked } })} />
        {label}
      </label>
    );
  return (
    <fieldset class="alert-prefs push-prefs">
      <legend>{t('Push notifications')}</legend>
      <label class="check">
        <input type="checkbox" checked={on} disabled={busy} onChange={(e) => void toggle(e.currentTarget.checked)} />
        {t('On this device')}
      </label>
      {on && prefs && (
        <>
          {event('queued', t('A chat is waiting'))}
          {event('message', t('A new message in my chat'))}
          {event('transfer', t('A chat is transferred to me'))}
          {event('followUp', t('A follow-up for me'))}
          <label class="check">
            <input type="checkbox" checked={prefs.showText} onChange={(e) => void change({ ...prefs, showText: e.currentTarget.checked })} />
            {t('Show what was written')}
          </label>
          <div class="quiet-hours">
            <label class="field">
              {t('Quiet from')}
              <input
                type="time"
                class="input"
                value={prefs.quietFrom ?? ''}
                onChange={(e) => {
                  const from = e.currentTarget.value || null;
                  void change({ ...prefs, quietFrom: from, quietTo: from ? (prefs.quietTo ?? '07:00') : null});
                }}
              />
            </label>
            <label class="field">
              {t('until')}
              <input
                type="time"
                class="input"
                value={prefs.quietTo ?? ''}
                onChange={(e) => {
                  const to = e.currentTarget.value || null;
                  void change({ ...prefs, quietTo: to, quietFrom: to ? (prefs.quietFrom ?? '22:00') : null});
                }}
              />
            </label>
          </div>
        </>
      )}
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
