import { useEffect, useState } from 'preact/hooks';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { dateLocale, t, type MessageKey } from './i18n.ts';
import { Field, Loading } from './settings-kit.tsx';

// Owners' and admins' page of the audit log (GET /api/audit): who did what, newest first, with
// filters, a page at a time. Nothing here changes an entry: nothing anywhere does.

interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

interface TeamMember {
  id: string;
  name: string;
  email: string;
}

const PAGE = 50;
const NO_FILTERS = { from: '', to: '', actor: '', action: '' };
type Filters = typeof NO_FILTERS;

/** What each action the product records is called on this page; others show their code. */
const ACTION_LABELS: Record<string, MessageKey> = {
  'auth.signed_in': 'Signed in',
  'auth.sign_in_failed': 'Failed sign-in',
  'auth.signed_out': 'Signed out',
  'agent.added': 'Agent added',
  'agent.invited': 'Agent invited',
  'agent.invitation_resent': 'Invitation sent again',
  'agent.invitation_revoked': 'Invitation revoked',
  'agent.invitation_accepted': 'Invitation accepted',
  'agent.changed': 'Agent changed',
  'agent.role_changed': 'Role changed',
  'agent.password_changed': 'Password changed',
  'agent.disabled': 'Agent disabled',
  'agent.enabled': 'Agent enabled again',
  'settings.changed': 'Setting changed',
  'history.imported': 'History imported',
  'history.exported': 'History exported',
  'two_factor.enabled': 'Two-factor turned on',
  'two_factor.disabled': 'Two-factor turned off',
  'two_factor.reset': 'Two-factor reset',
  'two_factor.recovery_code_used': 'Recovery code used',
  'chat.closed_without_survey': 'Chat closed without survey',
  'digest.subscribed': 'Digest subscription changed',
  'follow_up.done': 'Follow-up done',
  'message.deleted': 'Message deleted',
  'retention.ran': 'Retention run',
  'visitor.blocked': 'Visitor blocked',
  'visitor.blocked_attempt': 'Blocked visitor tried again',
  'visitor.unblocked': 'Block lifted',
  'visitor.erased': 'Visitor erased',
  'visitor.exported': 'Visitor data exported',
  'webhook.created': 'Webhook added',
  'webhook.changed': 'Webhook changed',
  'webhook.deleted': 'Webhook deleted',
};

const actionLabel = (action: string) => (ACTION_LABELS[action] ? t(ACTION_LABELS[action]) : action);

/** The start of a day picked in a date input, in the browser's time zone, as an instant. */
function dayStart(date: string, plusDays = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
}

function detailsText(details: Record<string, unknown> | null): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

export function AuditPage() {
  const [team, setTeam] = useState<TeamMember[]>([]);
  const [filters, setFilters] = useState(NO_FILTERS);
  // What the entries shown were asked with: "Older entries" goes on with these.
  const [applied, setApplied] = useState(NO_FILTERS);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    request(routes.listAgents).then(
      (r) => setTeam(r.agents),
      () => {},
    );
  }, []);

  async function load(f: Filters, before?: number) {
    const query = {
      limit: PAGE,
      from: f.from ? dayStart(f.from) : undefined,
      // The "to" day is included: up to the start of the next one.
      to: f.to ? dayStart(f.to, 1) : undefined,
      actor: f.actor || undefined,
      action: f.action || undefined,
      before,
    };
    setBusy(true);
    setError(null);
    try {
      const page = (await request(routes.audit, { query })).entries;
      setEntries((shown) => (before === undefined ? page : [...(shown ?? []), ...page]));
      setMore(page.length === PAGE);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => void load(NO_FILTERS), []);

  const nameOf = (id: string | null) => {
    if (id === null) return t('System or visitor');
    const member = team.find((a) => a.id === id);
    return member ? `${member.name} (${member.email})` : id;
  };
  const when = (at: string) => new Date(at).toLocaleString(dateLocale(), { dateStyle: 'medium', timeStyle: 'medium' });

  return (
    <main class="page audit-page">
      <div class="page-body">
        <h1 class="page-title">{t('Audit log')}</h1>
        <p class="muted">{t('Who did what: sign-ins, team and settings changes, imports and exports. Entries are kept forever and nobody can change them.')}</p>
        <form
          class="settings-form audit-filters"
          aria-label={t('Filter the audit log')}
          onSubmit={(e) => {
            e.preventDefault();
            setApplied(filters);
            void load(filters);
          }}
        >
          <div class="form-grid">
            <Field label={t('From')}>
              {(f) => <input class="input" id={f.id} type="date" value={filters.from} onInput={(e) => setFilters({ ...filters, from: e.currentTarget.value })} />}
            </Field>
            <Field label={t('To')}>
              {(f) => <input class="input" id={f.id} type="date" value={filters.to} onInput={(e) => setFilters({ ...filters, to: e.currentTarget.value })} />}
            </Field>
            <Field label={t('Who')}>
              {(f) => (
                <select class="input" id={f.id} value={filters.actor} onChange={(e) => setFilters({ ...filters, actor: e.currentTarget.value })}>
                  <option value="">{t('Anyone')}</option>
                  {team.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name} ({a.email})
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('Action')}>
              {(f) => (
                <select class="input" id={f.id} value={filters.action} onChange={(e) => setFilters({ ...filters, action: e.currentTarget.value })}>
                  <option value="">{t('Any action')}</option>
                  {Object.keys(ACTION_LABELS).map((action) => (
                    <option key={action} value={action}>
                      {actionLabel(action)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <div class="form-actions">
            <button type="submit" class="button button-primary" disabled={busy}>
              {t('Show')}
            </button>
          </div>
        </form>
        {entries === null ? (
          <Loading error={error} onRetry={() => void load(applied)} />
        ) : entries.length === 0 ? (
          <p class="muted" role="status">
            {t('No entries match.')}
          </p>
        ) : (
          <table class="settings-table audit-table stacked-table" role="table">
            <caption class="visually-hidden">{t('Audit log entries, newest first')}</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">{t('Time')}</th>
                <th scope="col" role="columnheader">{t('Who')}</th>
                <th scope="col" role="columnheader">{t('Action')}</th>
                <th scope="col" role="columnheader">{t('Acted on')}</th>
                <th scope="col" role="columnheader">{t('Address')}</th>
                <th scope="col" role="columnheader">{t('Details')}</th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              {entries.map((e) => (
                <tr role="row" key={e.id}>
                  <td role="cell">
                    <time dateTime={e.at}>{when(e.at)}</time>
                  </td>
                  <td role="cell" data-label={t('Who')}>{nameOf(e.actor)}</td>
                  <td role="cell" data-label={t('Action')}>{actionLabel(e.action)}</td>
                  <td role="cell" data-label={t('Acted on')}>{e.target === null ? '' : nameOf(e.target)}</td>
                  <td role="cell" data-label={t('Address')}>{e.ip ?? ''}</td>
                  <td role="cell" class="audit-details" data-label={t('Details')}>
                    {detailsText(e.details)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {entries !== null && error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {more && entries && (
          <button type="button" class="button" disabled={busy} onClick={() => void load(applied, entries[entries.length - 1]!.id)}>
            {t('Older entries')}
          </button>
        )}
      </div>
    </main>
  );
}
