import { useState } from 'preact/hooks';
import { signIn, SignInError, type SignedInAgent } from './auth-api.ts';
import { t } from './i18n.ts';
import { LanguagePicker } from './language-picker.tsx';

export function SignInPage(props: { onSignedIn: (agent: SignedInAgent) => void; reason?: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError(t('Enter your email and password.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await signIn(email.trim(), password));
    } catch (err) {
      setError(err instanceof SignInError ? err.message : t('Could not sign in. Try again.'));
      setBusy(false);
    }
  }

  const message = error ?? props.reason ?? null;
  return (
    <main class="sign-in">
      <form class="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <div class="brand brand-large" aria-hidden="true">
          <span class="brand-mark">P</span> Parley
        </div>
        <h1 id="sign-in-title">{t('Sign in to the agent console')}</h1>
        {message && (
          <p class={error ? 'form-error' : 'form-info'} role={error ? 'alert' : 'status'}>
            {message}
          </p>
        )}
        <label class="field">
          <span>{t('Email')}</span>
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            autoFocus
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
            aria-invalid={error ? true : undefined}
          />
        </label>
        <label class="field">
          <span>{t('Password')}</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            aria-invalid={error ? true : undefined}
          />
        </label>
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('Signing in…') : t('Sign in')}
        </button>
        <LanguagePicker class="sign-in-language" />
      </form>
    </main>
  );
}
