import { useState } from 'preact/hooks';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import type { SiteSettings } from '../../shared/team-schemas.ts';
import { t } from './i18n.ts';
import { useInboxState } from './inbox-context.ts';
import { SaveStatus, Section, useSave } from './settings-kit.tsx';

/**
 * The owner's requirement of two-factor sign-in for everyone. Agents without it are sent to
 * enrol right after their next sign-in; the server refuses it to an owner not enrolled yet.
 */
export function SecuritySection({ settings, onSaved }: { settings: SiteSettings; onSaved: (s: SiteSettings) => void }) {
  const me = useInboxState().me;
  const [required, setRequired] = useState(settings.requireTwoFactor);
  const save = useSave();
  const owner = me?.role === 'owner';
  async function submit(e: Event) {
    e.preventDefault();
    await save.run(async () => onSaved((await request(routes.changeSettings, { body: { requireTwoFactor: required } })).settings));
  }
  return (
    <Section id="security" title={t('Sign-in security')} intro={t('Each agent sets up two-factor sign-in on their Account page; admins can reset it from the agent list.')}>
      <form class="settings-form" onSubmit={submit}>
        <label class="check">
          <input type="checkbox" checked={required} disabled={!owner} onChange={(e) => setRequired(e.currentTarget.checked)} />
          {t('Require two-factor sign-in for everyone')}
        </label>
        {!owner && <p class="field-hint">{t('Only an owner can change this.')}</p>}
        {owner && (
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
              {t('Save')}
            </button>
            <SaveStatus state={save.state} />
          </div>
        )}
      </form>
    </Section>
  );
}
