import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n.ts';

// The dashboard and its chart library load only when an owner or admin opens it, so the inbox,
// which agents keep open all day, stays light.

let loadedPage: FunctionComponent | null = null;

export function LazyDashboardPage() {
  const [Page, setPage] = useState<FunctionComponent | null>(() => loadedPage);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (Page) return;
    let live = true;
    import('./dashboard-page.tsx').then(
      (m) => {
        loadedPage = m.DashboardPage;
        if (live) setPage(() => m.DashboardPage);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  if (failed) {
    return (
      <main class="splash" role="alert">
        {t('Could not load the dashboard. Reload the page to try again.')}
      </main>
    );
  }
  if (!Page) {
    return (
      <main class="splash" aria-busy="true">
        {t('Loading the dashboard…')}
      </main>
    );
  }
  return <Page />;
}
