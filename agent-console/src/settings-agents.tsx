import { useEffect, useState } from 'preact/hooks';
import type { Department, Role } from '../../shared/protocol.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t } from './i18n.ts';
import { useInboxState } from './inbox-context.ts';
import { DepartmentChoice, EmailField, MaxChatsField, NameField, PasswordField, RoleField, roleLabel } from './agent-fields.tsx';
import { ConfirmDialog, Loading, SaveStatus, Section, useSave } from './settings-kit.tsx';
import { expiryText, InvitationNotice, InviteAgentForm, type InvitationSent, type InviteAnswer, type OpenInvitation } from './settings-invitations.tsx';

/** An agent account as GET /api/agents lists it. */
export interface AgentAccount {
  id: string;
  name: string;
  email: string;
  role: Role;
  maxChats: number;
  disabled: boolean;
  departments: string[];
  /** Invited by email and not signed up yet: no password, cannot sign in. */
  invitation: OpenInvitation | null;
  /** Signs in with a code from an authenticator app too. */
  twoFactor?: boolean;
}

export function AgentsSection({ departments }: { departments: Department[] }) {
  const me = useInboxState().me;
  const [agents, setAgents] = useState<AgentAccount[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [emailInvitations, setEmailInvitations] = useState(false);
  const [sent, setSent] = useState<InvitationSent | null>(null);
  const [revoking, setRevoking] = useState<AgentAccount | null>(null);
  const [resetting, setResetting] = useState<AgentAccount | null>(null);
  const [resendError, setResendError] = useState<string | null>(null);

  const load = () => {
    setLoadError(null);
    request(routes.listAgents).then(
      (r) => {
        setAgents(r.agents);
        setEmailInvitations(r.emailInvitations);
      },
      (err: Error) => setLoadError(err.message),
    );
  };
  const replace = (saved: AgentAccount) => setAgents((list) => (list ?? []).map((x) => (x.id === saved.id ? saved : x)));
  const invited = ({ agent, invitation }: InviteAnswer) => setSent({ ...invitation, name: agent.name });
  async function resend(a: AgentAccount) {
    setResendError(null);
    try {
      const answer = await request(routes.resendInvitation, { params: { id: a.id }, body: {} });
      replace(answer.agent);
      invited(answer);
    } catch (err) {
      setResendError(t('The invitation to {name} was not sent: {reason}', { name: a.name, reason: err instanceof Error ? err.message : String(err) }));
    }
  }
  useEffect(load, []);

  // Only an owner may make or change an owner; the server refuses it to admins as well.
  const roles: Role[] = me?.role === 'owner' ? ['agent', 'admin', 'owner'] : ['agent', 'admin'];
  const deptName = (id: string) => departments.find((d) => d.id === id)?.name ?? id;
  return (
    <Section id="agents" title={t('Agents')} intro={t('Who can sign in to the console, what they may do and how many chats they take at once.')}>
      {!agents ? (
        <Loading error={loadError} onRetry={load} />
      ) : (
        <table class="settings-table stacked-table" role="table">
          <thead role="rowgroup">
            <tr role="row">
              <th scope="col" role="columnheader">{t('Name')}</th>
              <th scope="col" role="columnheader">{t('Email')}</th>
              <th scope="col" role="columnheader">{t('Role')}</th>
              <th scope="col" role="columnheader">{t('Departments')}</th>
              <th scope="col" role="columnheader">{t('Max chats')}</th>
              <th scope="col" role="columnheader">
                <span class="visually-hidden">{t('Actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            {agents.map((a) =>
              editing === a.id ? (
                <tr role="row" key={a.id} class="editing">
                  <td role="cell" colSpan={6}>
                    <AgentEditor
                      agent={a}
                      self={a.id === me?.id}
                      roles={a.role === 'owner' && me?.role !== 'owner' ? ['owner'] : roles}
                      departments={departments}
                      onDone={(saved) => {
                        setEditing(null);
                        if (saved) replace(saved);
                      }}
                    />
                  </td>
                </tr>
              ) : (
                <tr role="row" key={a.id} class={a.disabled ? 'disabled-row' : undefined}>
                  <td role="cell">
                    {a.name}
                    {a.disabled && <span class="badge badge-disabled">{t('Disabled')}</span>}
                    {a.invitation && <InvitationBadge invitation={a.invitation} />}
                    {a.twoFactor && <span class="badge badge-two-factor">{t('Two-factor')}</span>}
                  </td>
                  <td role="cell" data-label={t('Email')}>{a.email}</td>
                  <td role="cell" data-label={t('Role')}>{roleLabel(a.role)}</td>
                  <td role="cell" data-label={t('Departments')}>{a.departments.length ? a.departments.map(deptName).join(', ') : <span class="muted">{t('All')}</span>}</td>
                  <td role="cell" data-label={t('Max chats')}>{a.maxChats}</td>
                  <td role="cell" class="row-actions">
                    {a.invitation && (a.role !== 'owner' || me?.role === 'owner') && (
                      <>
                        <button type="button" class="button button-small" aria-label={t('Send the invitation to {name} again', { name: a.name })} onClick={() => void resend(a)}>
                          {t('Resend')}
                        </button>
                        <button type="button" class="button button-small" aria-label={t('Revoke the invitation of {name}', { name: a.name })} onClick={() => setRevoking(a)}>
                          {t('Revoke')}
                        </button>
                      </>
                    )}
                    {/* An admin resets an agent's, an owner anyone's but their own (which takes a code). */}
                    {a.twoFactor && a.id !== me?.id && (a.role === 'agent' || me?.role === 'owner') && (
                      <button type="button" class="button button-small" aria-label={t('Reset two-factor sign-in of {name}', { name: a.name })} onClick={() => setResetting(a)}>
                        {t('Reset two-factor')}
                      </button>
                    )}
                    {(a.role !== 'owner' || me?.role === 'owner') && (
                      <button
                        type="button"
                        class="button button-small"
                        aria-label={t('Edit {name}', { name: a.name })}
                        onClick={() => setEditing(a.id)}
                      >
                        {t('Edit')}
                      </button>
                    )}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {resendError && (
        <p class="form-error" role="alert">
          {resendError}
        </p>
      )}
      {sent && <InvitationNotice key={sent.link ?? sent.expiresAt} sent={sent} onClose={() => setSent(null)} />}
      {revoking && (
        <ConfirmDialog
          title={t('Revoke the invitation of {name}?', { name: revoking.name })}
          message={t('The link stops working and {name} is removed from the team. You can invite them again later.', { name: revoking.name })}
          confirmLabel={t('Revoke invitation')}
          onConfirm={async () => {
            await request(routes.revokeInvitation, { params: { id: revoking.id } });
            setAgents((list) => (list ?? []).filter((x) => x.id !== revoking.id));
            setSent(null);
          }}
          onClose={() => setRevoking(null)}
        />
      )}
      {resetting && (
        <ConfirmDialog
          title={t('Reset two-factor sign-in of {name}?', { name: resetting.name })}
          message={t('{name} then signs in with the password alone, and can set up two-factor sign-in again.', { name: resetting.name })}
          confirmLabel={t('Reset two-factor')}
          onConfirm={async () => replace({ ...resetting, ...(await request(routes.twoFactorReset, { params: { id: resetting.id } })).agent })}
          onClose={() => setResetting(null)}
        />
      )}
      <InviteAgentForm
        roles={roles}
        departments={departments}
        byEmail={emailInvitations}
        onInvited={(answer) => {
          setAgents((list) => [...(list ?? []), answer.agent]);
          invited(answer);
        }}
      />
      <NewAgentForm roles={roles} departments={departments} onCreated={(a) => setAgents([...(agents ?? []), a])} />
    </Section>
  );
}

/** "Invited" until the invitee sets a password; "Invitation expired" once the link is dead. */
function InvitationBadge({ invitation }: { invitation: OpenInvitation }) {
  return invitation.expired ? (
    <span class="badge badge-expired">{t('Invitation expired')}</span>
  ) : (
    <span class="badge badge-invited" title={t('The link works until {date}', { date: expiryText(invitation.expiresAt) })}>
      {t('Invited')}
    </span>
  );
}

function NewAgentForm(props: { roles: Role[]; departments: Department[]; onCreated: (a: AgentAccount) => void }) {
  const empty = { name: '', email: '', password: '', role: 'agent' as Role, maxChats: 3, departments: [] as string[] };
  const [form, setForm] = useState(empty);
  const save = useSave();
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await save.run(async () => {
      const { agent } = await request(routes.addAgent, { body: form });
      props.onCreated(agent);
    });
    if (ok) setForm(empty);
  }
  return (
    <form class="settings-form" onSubmit={submit} aria-labelledby="new-agent-title">
      <h3 id="new-agent-title" class="form-title">
        {t('Add an agent')}
      </h3>
      <div class="form-grid">
        <NameField value={form.name} onChange={(name) => setForm({ ...form, name })} error={save.errorFor('name')} />
        <EmailField value={form.email} onChange={(email) => setForm({ ...form, email })} error={save.errorFor('email')} />
        <PasswordField label={t('Password')} hint={t('At least 8 characters. Tell it to the agent yourself.')} value={form.password} onChange={(password) => setForm({ ...form, password })} error={save.errorFor('password')} />
        <RoleField roles={props.roles} value={form.role} onChange={(role) => setForm({ ...form, role })} error={save.errorFor('role')} />
        <MaxChatsField value={form.maxChats} onChange={(maxChats) => setForm({ ...form, maxChats })} error={save.errorFor('maxChats')} />
      </div>
      <DepartmentChoice departments={props.departments} chosen={form.departments} onChange={(departments) => setForm({ ...form, departments })} error={save.errorFor('departments')} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
          {t('Add agent')}
        </button>
        <SaveStatus state={save.state} />
      </div>
    </form>
  );
}

function AgentEditor(props: {
  agent: AgentAccount;
  self: boolean;
  roles: Role[];
  departments: Department[];
  onDone: (saved: AgentAccount | null) => void;
}) {
  const a = props.agent;
  const [form, setForm] = useState({ name: a.name, role: a.role, maxChats: a.maxChats, departments: a.departments, disabled: a.disabled, password: '' });
  const save = useSave();
  async function submit(e: Event) {
    e.preventDefault();
    const patch: Record<string, unknown> = { name: form.name, maxChats: form.maxChats, departments: form.departments };
    if (!props.self) {
      patch.role = form.role;
      patch.disabled = form.disabled;
    }
    if (form.password) patch.password = form.password;
    let saved: AgentAccount | null = null;
    const ok = await save.run(async () => {
      saved = (await request(routes.changeAgent, { params: { id: a.id }, body: patch })).agent;
    });
    if (ok) props.onDone(saved);
  }
  return (
    <form class="settings-form inline-form" onSubmit={submit} aria-label={t('Edit {name}', { name: a.name })}>
      <div class="form-grid">
        <NameField value={form.name} onChange={(name) => setForm({ ...form, name })} error={save.errorFor('name')} />
        <RoleField
          roles={props.roles}
          disabled={props.self}
          hint={props.self ? t('You cannot change your own role.') : undefined}
          value={form.role}
          onChange={(role) => setForm({ ...form, role })}
          error={save.errorFor('role')}
        />
        <MaxChatsField value={form.maxChats} onChange={(maxChats) => setForm({ ...form, maxChats })} error={save.errorFor('maxChats')} />
        <PasswordField label={t('New password')} hint={t('Leave empty to keep the current one.')} value={form.password} onChange={(password) => setForm({ ...form, password })} error={save.errorFor('password')} />
      </div>
      <DepartmentChoice departments={props.departments} chosen={form.departments} onChange={(departments) => setForm({ ...form, departments })} error={save.errorFor('departments')} />
      {!props.self && (
        <label class="check">
          <input type="checkbox" checked={form.disabled} onChange={(e) => setForm({ ...form, disabled: e.currentTarget.checked })} />
          {t('Disabled: cannot sign in; signed-in sessions end')}
        </label>
      )}
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
          {t('Save agent')}
        </button>
        <button type="button" class="button" onClick={() => props.onDone(null)}>
          {t('Cancel')}
        </button>
        <SaveStatus state={save.state} />
      </div>
    </form>
  );
}
