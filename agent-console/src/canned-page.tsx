import { CannedManager } from './canned-manager.tsx';
import { t } from './i18n.ts';

/** Every agent's page for canned replies: their own, and for admins the shared ones. */
export function CannedPage() {
  return (
    <main class="page">
      <div class="page-body">
        <h1 class="page-title">{t('Canned replies')}</h1>
        <CannedManager />
      </div>
    </main>
  );
}
