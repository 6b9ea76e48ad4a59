import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { siteNameChanged } from './canned-source.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import type { SiteSettings } from '../../shared/team-schemas.ts';
import { t } from './i18n.ts';
import { useInboxStore } from './inbox-context.ts';
import { Field, Loading, SaveStatus, Section, useSave } from './settings-kit.tsx';

export type { SiteSettings };

const KNOWN_KEYS = [
  'siteName',
  'routingMode',
  'allowedOrigins',
  'requireTagToClose',
  'autoAwayMinutes',
  'widget',
  // Edited in settings-visitors.tsx.
  'tracking',
  'preChatForm',
  'invitations',
  'businessHours',
  // Edited in settings-security.tsx.
  'requireTwoFactor',
];

/** One origin per line; blank lines are ignored. */
export function parseOrigins(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** "allowedOrigins.2" → the third line, to point at the origin the server refused. */
function originLine(field: string | null): number | null {
  const m = field ? /^allowedOrigins\.(\d+)$/.exec(field) : null;
  return m ? Number(m[1]) + 1 : null;
}

export function useSiteSettings() {
  const [settings, setSettings] = useState<(SiteSettings & Record<string, unknown>) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    setError(null);
    request(routes.settings).then(
      (r) => setSettings(r.settings),
      (err: Error) => setError(err.message),
    );
  };
  useEffect(load, []);
  return { settings, setSettings, error, load };
}

type Loaded = SiteSettings & Record<string, unknown>;

export function WidgetSection({ settings, onSaved }: { settings: Loaded; onSaved: (s: Loaded) => void }) {
  const [widget, setWidget] = useState(settings.widget);
  const save = useSave();
  async function submit(e: Event) {
    e.preventDefault();
    await save.run(async () => onSaved((await request(routes.changeSettings, { body: { widget } })).settings));
  }
  return (
    <Section id="widget" title={t('Widget look')} intro={t('How the chat button and window look on your site.')}>
      <form class="settings-form widget-form" onSubmit={submit}>
        <div class="form-grid">
          <Field label={t('Color')} error={save.errorFor('widget.color')}>
            {(f) => (
              <span class="color-field">
                <input type="color" aria-hidden="true" tabIndex={-1} value={/^#[0-9a-f]{6}$/i.test(widget.color) ? widget.color : '#000000'} onInput={(e) => setWidget({ ...widget, color: e.currentTarget.value })} />
                <input class="input input-narrow" id={f.id} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={widget.color} onInput={(e) => setWidget({ ...widget, color: e.currentTarget.value })} />
              </span>
            )}
          </Field>
          <Field label={t('Position')} error={save.errorFor('widget.position')}>
            {(f) => (
              <select class="select" id={f.id} aria-describedby={f.describedBy} value={widget.position} onChange={(e) => setWidget({ ...widget, position: e.currentTarget.value as 'right' | 'left' })}>
                <option value="right">{t('Bottom right')}</option>
                <option value="left">{t('Bottom left')}</option>
              </select>
            )}
          </Field>
          <Field label={t('Theme')} error={save.errorFor('widget.theme')}>
            {(f) => (
              <select class="select" id={f.id} aria-describedby={f.describedBy} value={widget.theme} onChange={(e) => setWidget({ ...widget, theme: e.currentTarget.value as SiteSettings['widget']['theme'] })}>
                <option value="light">{t('Light')}</option>
                <option value="dark">{t('Dark')}</option>
                <option value="auto">{t('As the visitor’s system')}</option>
              </select>
            )}
          </Field>
          <Field label={t('Greeting')} error={save.errorFor('widget.greeting')}>
            {(f) => <input class="input" id={f.id} maxLength={300} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={widget.greeting} onInput={(e) => setWidget({ ...widget, greeting: e.currentTarget.value })} />}
          </Field>
          <Field label={t('Launcher text')} error={save.errorFor('widget.launcherText')} hint={t('Empty: a round button with an icon.')}>
            {(f) => <input class="input" id={f.id} maxLength={40} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={widget.launcherText} onInput={(e) => setWidget({ ...widget, launcherText: e.currentTarget.value })} />}
          </Field>
        </div>
        <WidgetPreview widget={widget} />
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
            {t('Save widget look')}
          </button>
          <SaveStatus state={save.state} />
        </div>
      </form>
    </Section>
  );
}

/** A sketch of the launcher and greeting, so the colour and position can be judged before saving. */
function WidgetPreview({ widget }: { widget: SiteSettings['widget'] }) {
  const color = /^#[0-9a-f]{6}$/i.test(widget.color) ? widget.color : '#2f5bea';
  return (
    <div class={`widget-preview theme-${widget.theme} side-${widget.position}`} aria-label={t('Preview')} role="img">
      {widget.greeting && <span class="preview-greeting">{widget.greeting}</span>}
      <span class={widget.launcherText ? 'preview-launcher with-text' : 'preview-launcher'} style={{ background: color }}>
        {widget.launcherText || '💬'}
      </span>
    </div>
  );
}

export function SiteSection({ settings, onSaved }: { settings: Loaded; onSaved: (s: Loaded) => void }) {
  const store = useInboxStore();
  const [form, setForm] = useState({
    siteName: settings.siteName,
    origins: settings.allowedOrigins.join('\n'),
    routingMode: settings.routingMode,
    requireTagToClose: settings.requireTagToClose,
    autoAwayMinutes: settings.autoAwayMinutes,
  });
  const save = useSave();
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await save.run(async () => {
      const body = {
        siteName: form.siteName,
        allowedOrigins: parseOrigins(form.origins),
        routingMode: form.routingMode,
        requireTagToClose: form.requireTagToClose,
        autoAwayMinutes: form.autoAwayMinutes,
      };
      onSaved((await request(routes.changeSettings, { body })).settings);
    });
    if (ok) {
      siteNameChanged();
      // This console follows the new routing, tag and auto-away rules at once.
      store.refresh();
    }
  }
  const line = save.state.kind === 'failed' ? originLine(save.state.field) : null;
  const originsError = save.errorFor('allowedOrigins');
  return (
    <Section id="site" title={t('Site and routing')} intro={t('Where the widget may run and how chats reach agents.')}>
      <form class="settings-form" onSubmit={submit}>
        <div class="form-grid">
          <Field label={t('Site name')} error={save.errorFor('siteName')} hint={t('Shown to visitors, and {site} in canned replies.')}>
            {(f) => <input class="input" id={f.id} maxLength={100} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.siteName} onInput={(e) => setForm({ ...form, siteName: e.currentTarget.value })} />}
          </Field>
          <Field label={t('Routing mode')} error={save.errorFor('routingMode')}>
            {(f) => (
              <select class="select" id={f.id} aria-describedby={f.describedBy} value={form.routingMode} onChange={(e) => setForm({ ...form, routingMode: e.currentTarget.value as 'manual' | 'auto' })}>
                <option value="manual">{t('Manual: agents accept chats from the queue')}</option>
                <option value="auto">{t('Automatic: chats go to online agents with room')}</option>
              </select>
            )}
          </Field>
          <Field label={t('Auto-away after (minutes idle)')} error={save.errorFor('autoAwayMinutes')} hint={t('0: never.')}>
            {(f) => <input class="input input-narrow" id={f.id} type="number" min={0} max={1440} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.autoAwayMinutes} onInput={(e) => setForm({ ...form, autoAwayMinutes: e.currentTarget.valueAsNumber })} />}
          </Field>
        </div>
        <Field
          label={t('Allowed site origins')}
          error={originsError ? (line ? t('Line {line}: {reason}', { line, reason: originsError }) : originsError) : null}
          hint={t('One per line, such as https://shop.example. Empty: any site may embed the widget.')}
        >
          {(f) => <textarea class="input" id={f.id} rows={3} aria-describedby={f.describedBy} aria-invalid={f.invalid} value={form.origins} onInput={(e) => setForm({ ...form, origins: e.currentTarget.value })} />}
        </Field>
        <label class="check">
          <input type="checkbox" checked={form.requireTagToClose} onChange={(e) => setForm({ ...form, requireTagToClose: e.currentTarget.checked })} />
          {t('Require a tag before a chat can be closed')}
        </label>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
            {t('Save site settings')}
          </button>
          <SaveStatus state={save.state} />
        </div>
      </form>
    </Section>
  );
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
}

/** Settings added by other parts of Parley that this page does not edit yet, shown as they are. */
export function OtherSettings({ settings }: { settings: Loaded }) {
  const others = Object.entries(settings).filter(([key]) => !KNOWN_KEYS.includes(key));
  if (others.length === 0) return null;
  return (
    <Section id="other" title={t('Other settings')} intro={t('Set elsewhere; shown here for reference.')}>
      <dl class="facts other-settings">
        {others.map(([key, value]) => (
          <Fragment key={key}>
            <dt>{key}</dt>
            <dd>
              <code>{showValue(value)}</code>
            </dd>
          </Fragment>
        ))}
      </dl>
    </Section>
  );
}
