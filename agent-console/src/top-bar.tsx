import type { AgentStatus } from '../../shared/protocol.ts';
import type { SignedInAgent } from './auth-api.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';
import { PageLink } from './router.tsx';
import type { ConsolePage } from './pages.ts';

const statusLabels: Record<AgentStatus, string> = { online: 'Online', away: 'Away', offline: 'Offline' };

export function TopBar(props: {
  agent: SignedInAgent;
  pages: ConsolePage[];
  currentPath: string;
  onSignOut: () => void;
}) {
  const store = useInboxStore();
  const state = useInboxState();
  const status = state.me?.status ?? null;
  return (
    <header class="top-bar">
      <div class="brand" aria-hidden="true">
        <span class="brand-mark">P</span> Parley
      </div>
      <nav class="top-nav" aria-label="Console">
        {props.pages.map((p) => (
          <PageLink key={p.path} to={p.path} current={p.path === props.currentPath}>
            {p.label}
          </PageLink>
        ))}
      </nav>
      <div class="top-bar-end">
        {state.connection !== 'connected' && (
          <span class="connection" role="status">
            {state.connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
        )}
        <span class="agent-name">{state.me?.name ?? props.agent.name}</span>
        <span class={`status-dot status-${status ?? 'offline'}`} aria-hidden="true" />
        <select
          class="status-select"
          aria-label="Status"
          value={status ?? ''}
          disabled={!status}
          onChange={(e) => void store.setStatus(e.currentTarget.value as AgentStatus)}
        >
          {!status && <option value="">…</option>}
          {(Object.keys(statusLabels) as AgentStatus[]).map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </select>
        <button type="button" class="button button-quiet" onClick={props.onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
