import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../shared/protocol.ts';
import { tooManyAttemptsText, type SignedInAgent } from './auth-api.ts';
import { t } from './i18n.ts';
import { LanguagePicker } from './language-picker.tsx';

// The page an invitation email links to (/console/invite/<token>): the invitee chooses a
// password and is signed in. The token is the whole secret; the server keeps only its hash.

/** Why a link does not work (GET and POST /api/agent-invitations/:token answer it as `state`). */
type DeadLink = 'unknown' | 'used' | 'expired' | 'replaced' | 'revoked';

interface Invitation {
  name: string;
  email: string;
  role: Role;
  siteName: string;
  expiresAt: number;
}

type View =
  | { kind: 'loading' }
  | { kind: 'offline' }
  | { kind: 'dead'; state: DeadLink }
  | { kind: 'open'; invitation: Invitation };

const deadStates: DeadLink[] = ['unknown', 'used', 'expired', 'replaced', 'revoked'];

function deadLinkText(state: DeadLink): string {
  return {
    unknown: t('This invitation link is not valid. Check that you opened the whole link from the email.'),
    used: t('This invitation has been used already. Sign in with your email and password.'),
    expired: t('This invitation has expired. Ask your admin to send you a new one.'),
    replaced: t('A newer invitation was sent to you: open the link in the latest email.'),
    revoked: t('This invitation was withdrawn. Ask your admin if you still need an account.'),
  }[state];
}

async function call(path: string, body?: unknown): Promise<{ status: number; answer: any; retryAfter: string | null }> {
  const res = await fetch(`/api/agent-invitations/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    credentials: 'same-origin',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let answer: any = null;
  try {
    answer = await res.json();
  } catch {
    // Not JSON: the status says enough.
  }
  return { status: res.status, answer, retryAfter: res.headers.get('Retry-After') };
}

const deadState = (answer: any): DeadLink | null => (deadStates.includes(answer?.state) ? answer.state : null);

export function InvitePage(props: { token: string; onSignedIn: (agent: SignedInAgent) => void; onSignIn: () => void }) {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<{ field: 'password' | 'again' | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const path = encodeURIComponent(props.token);

  const load = () => {
    setView({ kind: 'loading' });
    call(path).then(
      ({ status, answer }) => {
        const dead = deadState(answer);
        if (status === 200) setView({ kind: 'open', invitation: answer.invitation });
        else setView(dead ? { kind: 'dead', state: dead } : { kind: 'offline' });
      },
      () => setView({ kind: 'offline' }),
    );
  };
  useEffect(load, [path]);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (password.length < 8) return setError({ field: 'password', text: t('At least 8 characters.') });
    if (password !== again) return setError({ field: 'again', text: t('The two passwords differ.') });
    setBusy(true);
    setError(null);
    try {
      const { status, answer, retryAfter } = await call(`${path}/accept`, { password });
      if (status === 200) return props.onSignedIn(answer.agent);
      const dead = deadState(answer);
      if (dead) setView({ kind: 'dead', state: dead });
      else if (status === 429) setError({ field: null, text: tooManyAttemptsText(retryAfter) });
      else if (answer?.field === 'password') setError({ field: 'password', text: String(answer.error).replace(/^password: /, '') });
      else setError({ field: null, text: answer?.error ?? t('Could not sign in (error {status}).', { status }) });
    } catch {
      setError({ field: null, text: t('Cannot reach the server. Check your connection and try again.') });
    }
    setBusy(false);
  }

  return (
    <main class="sign-in">
      <div class="sign-in-card">
        <div class="brand brand-large" aria-hidden="true">
          <span class="brand-mark">P</span> Parley
        </div>
        {view.kind === 'loading' && <p aria-busy="true">{t('Loading…')}</p>}
        {view.kind === 'offline' && (
          <p class="form-error" role="alert">
            {t('Cannot reach the server right now.')}{' '}
            <button type="button" class="link-button" onClick={load}>
              {t('Try again')}
            </button>
          </p>
        )}
        {view.kind === 'dead' && (
          <>
            <h1>{t('Invitation')}</h1>
            <p class="form-error" role="alert">
              {deadLinkText(view.state)}
            </p>
            <button type="button" class="button button-block" onClick={props.onSignIn}>
              {t('Go to sign in')}
            </button>
          </>
        )}
        {view.kind === 'open' && (
          <form class="invite-form" onSubmit={submit} aria-labelledby="invite-title" noValidate>
            <h1 id="invite-title">{t('Welcome, {name}', { name: view.invitation.name })}</h1>
            <p>
              {t('Choose a password to join the {site} support console. Your role: {role}.', {
                site: view.invitation.siteName,
                role: { agent: t('Agent'), admin: t('Admin'), owner: t('Owner') }[view.invitation.role],
              })}
            </p>
            {error && !error.field && (
              <p class="form-error" role="alert">
                {error.text}
              </p>
            )}
            <label class="field">
              <span>{t('Email')}</span>
              <input type="email" name="email" autocomplete="username" readOnly value={view.invitation.email} />
            </label>
            <div class="field">
              <label for="invite-password">{t('Password')}</label>
              <input
                id="invite-password"
                type="password"
                name="password"
                autocomplete="new-password"
                required
                autoFocus
                value={password}
                onInput={(e) => {
                  setPassword(e.currentTarget.value);
                  setError(null);
                }}
                aria-invalid={error?.field === 'password' ? true : undefined}
                aria-describedby="invite-password-note"
              />
              <span id="invite-password-note" class={error?.field === 'password' ? 'field-error' : 'field-hint'}>
                {error?.field === 'password' ? error.text : t('At least 8 characters.')}
              </span>
            </div>
            <div class="field">
              <label for="invite-password-again">{t('Password again')}</label>
              <input
                id="invite-password-again"
                type="password"
                name="password-again"
                autocomplete="new-password"
                required
                value={again}
                onInput={(e) => {
                  setAgain(e.currentTarget.value);
                  setError(null);
                }}
                aria-invalid={error?.field === 'again' ? true : undefined}
                aria-describedby={error?.field === 'again' ? 'invite-again-error' : undefined}
              />
              {error?.field === 'again' && (
                <span id="invite-again-error" class="field-error">
                  {error.text}
                </span>
              )}
            </div>
            <button type="submit" class="button button-primary button-block" disabled={busy}>
              {busy ? t('Signing in…') : t('Set password and sign in')}
            </button>
          </form>
        )}
        <LanguagePicker class="sign-in-language" />
      </div>
    </main>
  );
}
