import { useEffect, useState } from 'preact/hooks';
import type { Department } from '../../shared/protocol.ts';
import { CannedManager } from './canned-manager.tsx';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t } from './i18n.ts';
import { AgentsSection } from './settings-agents.tsx';
import { changedDepartments, DepartmentsSection } from './settings-departments.tsx';
import { Loading, Section } from './settings-kit.tsx';
import { OtherSettings, SiteSection, useSiteSettings, WidgetSection } from './settings-site.tsx';
import { VisitorsSection } from './settings-visitors.tsx';
import { PrivacySection } from './settings-privacy.tsx';
import { SlaSection } from './settings-sla.tsx';
import { IdentitySecretSection, SurveysSection } from './settings-surveys.tsx';
import { SecuritySection } from './settings-security.tsx';
import { WebhooksSection } from './settings-webhooks.tsx';
import { ApiKeysSection } from './settings-api-keys.tsx';
import { DigestSection } from './settings-digest.tsx';
import { ReviewsSection } from './settings-reviews.tsx';

/** Admins' and owners' settings, one section each, reachable from the list at the side. */
export function SettingsPage() {
  const site = useSiteSettings();
  const [departments, setDepartments] = useState<Department[]>([]);
  useEffect(() => {
    request(routes.departments).then(
      (r) => setDepartments(r.departments),
      () => {},
    );
  }, []);

  const sections: [string, string][] = [
    ['agents', t('Agents')],
    ['departments', t('Departments')],
    ['sla', t('SLA policies')],
    ['canned', t('Canned replies')],
    ['widget', t('Widget look')],
    ['site', t('Site and routing')],
    ['visitors', t('Visitors and invitations')],
    ['surveys', t('Surveys')],
    ['reviews', t('Quality reviews')],
    ['digest', t('Email digest')],
    ['identity', t('Identity secret')],
    ['security', t('Sign-in security')],
    ['webhooks', t('Webhooks')],
    ['api-keys', t('API keys')],
    ['privacy', t('Privacy')],
  ];
  return (
    <main class="page settings-page">
      <nav class="settings-nav" aria-label={t('Settings sections')}>
        <h1 class="page-title">{t('Settings')}</h1>
        <ul>
          {sections.map(([id, title]) => (
            <li key={id}>
              <a href={`#${id}`}>{title}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="page-body settings-body">
        <AgentsSection departments={departments} />
        <DepartmentsSection departments={departments} onChange={(change) => setDepartments(changedDepartments(departments, change))} />
        <SlaSection departments={departments} />
        <Section id="canned" title={t('Canned replies')}>
          <CannedManager departments={departments} />
        </Section>
        {site.settings ? (
          <>
            <WidgetSection settings={site.settings} onSaved={site.setSettings} />
            <SiteSection settings={site.settings} onSaved={site.setSettings} />
            <VisitorsSection settings={site.settings as Parameters<typeof VisitorsSection>[0]['settings']} departments={departments} onSaved={site.setSettings} />
          </>
        ) : (
          <Section id="widget" title={t('Widget look')}>
            <Loading error={site.error} onRetry={site.load} />
          </Section>
        )}
        <SurveysSection />
        <ReviewsSection />
        <DigestSection />
        <IdentitySecretSection />
        {site.settings && <SecuritySection settings={site.settings} onSaved={site.setSettings} />}
        <WebhooksSection />
        <ApiKeysSection />
        <PrivacySection />
        {site.settings && <OtherSettings settings={site.settings} />}
      </div>
    </main>
  );
}
