import { t } from './i18n.ts';
import { Section } from './settings-kit.tsx';
import { TwoFactorSetup } from './two-factor-setup.tsx';

/** Every agent's own account: for now, their two-factor sign-in. */
export function AccountPage() {
  return (
    <main class="page">
      <div class="page-body">
        <h1 class="page-title">{t('Account')}</h1>
        <Section id="two-factor" title={t('Two-factor sign-in')}>
          <TwoFactorSetup />
        </Section>
      </div>
    </main>
  );
}

/**
 * The only screen of an agent who must enrol (the owner requires two-factor sign-in): the server
 * refuses them everything else until they have.
 */
export function TwoFactorEnrolmentPage(props: { onEnrolled: () => void; onSignOut: () => void }) {
  return (
    <main class="sign-in">
      <div class="sign-in-card enrolment-card">
        <h1 id="enrol-title">{t('Set up two-factor sign-in')}</h1>
        <p>{t('Your team requires two-factor sign-in. Set it up to continue.')}</p>
        <TwoFactorSetup onEnrolled={props.onEnrolled} />
        <button type="button" class="button button-quiet" onClick={props.onSignOut}>
          {t('Sign out')}
        </button>
      </div>
    </main>
  );
}
