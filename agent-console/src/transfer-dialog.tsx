import { useEffect, useState } from 'preact/hooks';
import type { ChatSummary, Department, TeamMember } from '../../shared/protocol.ts';
import { t } from './i18n.ts';
import { useInboxState, useInboxStore } from './inbox-context.ts';
import { ModalDialog } from './modal-dialog.tsx';
import type { TransferTarget } from './inbox-store.ts';

const statusWord = (s: TeamMember['status']) => ({ online: t('online'), away: t('away'), offline: t('offline') })[s];

/** "Bob · online · 1 of 3 chats": who can take the chat and how busy they are. */
export function agentOption(a: TeamMember): string {
  const load = t('{open} of {max} chats', { open: a.openChats, max: a.maxChats });
  return a.status === 'online' ? `${a.name} · ${statusWord(a.status)} · ${load}` : `${a.name} · ${statusWord(a.status)}`;
}

function parseTarget(value: string): TransferTarget | null {
  const [kind, ...rest] = value.split(':');
  const id = rest.join(':');
  if (!id) return null;
  return kind === 'agent' ? { agentId: id } : kind === 'department' ? { departmentId: id } : null;
}

/** Hands the chat to an online agent or a department's queue, with a note only agents read. */
export function TransferDialog({ chat, onClose }: { chat: ChatSummary; onClose: (transferred: boolean) => void }) {
  const store = useInboxStore();
  const me = useInboxState().me;
  const [team, setTeam] = useState<{ agents: TeamMember[]; departments: Department[] } | null>(null);
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    store.team().then(
      (t) => live && setTeam(t),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    const chosen = parseTarget(target);
    if (!chosen) {
      setError(t('Choose an agent or a department.'));
      return;
    }
    setBusy(true);
    const problem = await store.transfer(chat.id, chosen, note);
    setBusy(false);
    if (problem) setError(problem);
    else onClose(true);
  }

  const others = (team?.agents ?? []).filter((a) => a.id !== me?.id && a.id !== chat.agent?.id);
  // Online agents first, the least busy first: the likeliest choice on top.
  const agents = [...others].sort(
    (a, b) =>
      Number(b.status === 'online') - Number(a.status === 'online') ||
      a.openChats / Math.max(a.maxChats, 1) - b.openChats / Math.max(b.maxChats, 1) ||
      a.name.localeCompare(b.name),
  );
  return (
    <ModalDialog title={t('Transfer this chat')} onClose={() => onClose(false)} onSubmit={submit}>
      {!team && !error && <p class="muted">{t('Loading the team…')}</p>}
      {team && (
        <label class="field">
          <span>{t('Transfer to')}</span>
          <select
            class="transfer-targets"
            size={Math.min(8, Math.max(3, agents.length + team.departments.length + 2))}
            value={target}
            onChange={(e) => {
              setTarget(e.currentTarget.value);
              setError(null);
            }}
          >
            <optgroup label={t('Agents')}>
              {agents.length === 0 && <option disabled>{t('No other agents')}</option>}
              {agents.map((a) => (
                <option key={a.id} value={`agent:${a.id}`} disabled={a.status !== 'online'}>
                  {agentOption(a)}
                </option>
              ))}
            </optgroup>
            {team.departments.length > 0 && (
              <optgroup label={t('Departments (back to the queue)')}>
                {team.departments.map((d) => (
                  <option key={d.id} value={`department:${d.id}`}>
                    {d.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
      )}
      <label class="field">
        <span>{t('Note for the next agent (internal)')}</span>
        <textarea class="input" rows={3} value={note} maxLength={5000} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <p class="muted small">{t('The visitor is told who takes over. The note is for agents only.')}</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="button" onClick={() => onClose(false)}>
          {t('Cancel')}
        </button>
        <button type="submit" class="button button-primary" disabled={busy}>
          {t('Transfer chat')}
        </button>
      </div>
    </ModalDialog>
  );
}
