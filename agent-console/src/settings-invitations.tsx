import { useRef, useState } from 'preact/hooks';
import type { Department, Role } from '../../shared/protocol.ts';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import type { RouteAnswer } from '../../shared/api-route.ts';
import { dateLocale, language, t } from './i18n.ts';
import { DepartmentChoice, EmailField, MaxChatsField, NameField, RoleField } from './agent-fields.tsx';
import { SaveStatus, useSave } from './settings-kit.tsx';

/** An invitation not yet accepted, as GET /api/agents lists it beside its agent. */
export interface OpenInvitation {
  createdAt: number;
  expiresAt: number;
  /** null: no email went out, the admin handed the link over. */
  emailedAt: number | null;
  expired: boolean;
}

/** What the server says after inviting, or inviting again: emailed, or a link to hand over. */
export interface InvitationSent {
  name: string;
  expiresAt: number;
  emailedTo: string | null;
  link: string | null;
  emailError: string | null;
}

export function expiryText(at: number): string {
  return new Date(at).toLocaleString(dateLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** Where an invitation went: the invitee's inbox, or the admin's hands to pass on. */
export function InvitationNotice({ sent, onClose }: { sent: InvitationSent; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(sent.link!);
      setCopied(true);
    } catch {
      // No clipboard here (an insecure origin, a refused permission): the link is selected
      // for the admin to copy by hand.
      input.current?.select();
      setCopied(false);
    }
  }
  return (
    <div class="invitation-notice form-info" role="status">
      {sent.link ? (
        <>
          <p>
            {sent.emailError
              ? t('The email to {name} could not be sent ({reason}).', { name: sent.name, reason: sent.emailError }) + ' '
              : ''}
            {t('Copy this link and give it to {name} yourself. It works once, until {date}.', { name: sent.name, date: expiryText(sent.expiresAt) })}
          </p>
          <div class="invitation-link">
            <input ref={input} class="input" readOnly value={sent.link} aria-label={t('Invitation link for {name}', { name: sent.name })} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="button" onClick={() => void copy()}>
              {t('Copy link')}
            </button>
          </div>
          {copied !== null && <p class="small">{copied ? t('Copied.') : t('Could not copy: the link is selected, copy it with Ctrl+C.')}</p>}
        </>
      ) : (
        <p>{t('Invitation emailed to {email}. The link works once, until {date}.', { email: sent.emailedTo!, date: expiryText(sent.expiresAt) })}</p>
      )}
      <button type="button" class="link-button" onClick={onClose}>
        {t('Dismiss')}
      </button>
    </div>
  );
}

/** The answer of POST /api/agent-invitations and POST /api/agents/:id/invitation. */
export type InviteAnswer = RouteAnswer<typeof routes.inviteAgent>;

export function InviteAgentForm(props: {
  roles: Role[];
  departments: Department[];
  /** False without SMTP_URL: the admin gets the link to hand over. */
  byEmail: boolean;
  onInvited: (answer: InviteAnswer) => void;
}) {
  const empty = { name: '', email: '', role: 'agent' as Role, maxChats: 3, departments: [] as string[] };
  const [form, setForm] = useState(empty);
  const save = useSave();
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await save.run(async () => {
      props.onInvited(await request(routes.inviteAgent, { body: { ...form, language: language() } }));
    });
    if (ok) setForm(empty);
  }
  return (
    <form class="settings-form" onSubmit={submit} aria-labelledby="invite-agent-title">
      <h3 id="invite-agent-title" class="form-title">
        {t('Invite by email')}
      </h3>
      <p class="muted small invite-hint">
        {props.byEmail
          ? t('They get an email with a link to choose their own password. The link works once, for 7 days.')
          : t('Email is not set up on this server (SMTP_URL), so no email is sent: you get a link to copy and give to them yourself. It works once, for 7 days.')}
      </p>
      <div class="form-grid">
        <NameField value={form.name} onChange={(name) => setForm({ ...form, name })} error={save.errorFor('name')} />
        <EmailField value={form.email} onChange={(email) => setForm({ ...form, email })} error={save.errorFor('email')} />
        <RoleField roles={props.roles} value={form.role} onChange={(role) => setForm({ ...form, role })} error={save.errorFor('role')} />
        <MaxChatsField value={form.maxChats} onChange={(maxChats) => setForm({ ...form, maxChats })} error={save.errorFor('maxChats')} />
      </div>
      <DepartmentChoice departments={props.departments} chosen={form.departments} onChange={(departments) => setForm({ ...form, departments })} error={save.errorFor('departments')} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled={save.state.kind === 'saving'}>
          {props.byEmail ? t('Send invitation') : t('Create invitation link')}
        </button>
        <SaveStatus state={save.state} />
      </div>
    </form>
  );
}
