import { useState } from 'preact/hooks';
import type { AgentStatus } from '../../shared/protocol.ts';
import type { SignedInAgent } from './auth-api.ts';
import { t, translateLoose } from './i18n.ts';
import { LanguagePicker } from './language-picker.tsx';
import { useInboxState, useInboxStore } from './inbox-context.ts';
import { PageLink } from './router.tsx';
import type { ConsolePage } from './pages.ts';

const statusLabels = (): Record<AgentStatus, string> => ({ online: t('Online'), away: t('Away'), offline: t('Offline') });

export function TopBar(props: {
  agent: SignedInAgent;
  pages: ConsolePage[];
  currentPath: string;
  onSignOut: () => void;
}) {
  const store = useInboxStore();
  const state = useInboxState();
  const status = state.me?.status ?? null;
  // On a phone the name, language and Sign out fold into a menu; the status stays in the bar.
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <header class="top-bar">
      <div class="brand" aria-hidden="true">
        <span class="brand-mark">P</span> <span class="brand-text">Parley</span>
      </div>
      <nav class="top-nav" aria-label={t('Console')}>
        {props.pages.map((p) => (
          <PageLink key={p.path} to={p.path} current={p.path === props.currentPath}>
            {p.navLabel ? t(p.navLabel) : translateLoose(p.label)}
            {p.badge && <p.badge />}
          </PageLink>
        ))}
      </nav>
      <div class="top-bar-end">
        {state.connection !== 'connected' && (
          <span class="connection" role="status">
            {state.connection === 'connecting' ? t('Connecting…') : t('Reconnecting…')}
          </span>
        )}
        <span class="agent-name">{state.me?.name ?? props.agent.name}</span>
        <span class={`status-dot status-${status ?? 'offline'}`} aria-hidden="true" />
        <select
          class="status-select"
          aria-label={t('Status')}
          value={status ?? ''}
          disabled={!status}
          onChange={(e) => void store.setStatus(e.currentTarget.value as AgentStatus)}
        >
          {!status && <option value="">…</option>}
          {(Object.entries(statusLabels()) as [AgentStatus, string][]).map(([s, label]) => (
            <option key={s} value={s}>
              {label}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="button button-quiet top-menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="top-menu"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t('Menu')}
        </button>
        <div id="top-menu" class={menuOpen ? 'top-menu open' : 'top-menu'}>
          <LanguagePicker />
          <button type="button" class="button button-quiet" onClick={props.onSignOut}>
            {t('Sign out')}
          </button>
        </div>
      </div>
    </header>
  );
}
