import { useState } from 'preact/hooks';
import { signIn, SignInError, TwoFactorCodeNeeded, type SignedInAgent } from './auth-api.ts';
import { t } from './i18n.ts';
import { LanguagePicker } from './language-picker.tsx';

export function SignInPage(props: { onSignedIn: (agent: SignedInAgent) => void; reason?: string | null }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Set once the server said the password was right and the account needs its code.
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState('');

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError(t('Enter your email and password.'));
      return;
    }
    if (askCode && !code.trim()) {
      setError(t('Enter the code from your authenticator app.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await signIn(email.trim(), password, askCode ? code.trim() : undefined));
    } catch (err) {
      if (err instanceof TwoFactorCodeNeeded) {
        setAskCode(true);
        setCode('');
        // The first ask is a step, not a mistake.
        if (askCode) setError(err.message);
      } else setError(err instanceof SignInError ? err.message : t('Could not sign in. Try again.'));
      setBusy(false);
    }
  }

  const message = error ?? (askCode ? t('Enter the 6-digit code from your authenticator app, or one of your recovery codes.') : null) ?? props.reason ?? null;
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
            aria-invalid={error && !askCode ? true : undefined}
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
            aria-invalid={error && !askCode ? true : undefined}
          />
        </label>
        {askCode && (
          <label class="field">
            <span>{t('Authentication code')}</span>
            <input
              type="text"
              name="code"
              inputMode="text"
              autocomplete="one-time-code"
              autoFocus
              required
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
              aria-invalid={error ? true : undefined}
            />
          </label>
        )}
        <button type="submit" class="button button-primary button-block" disabled={busy}>
          {busy ? t('Signing in…') : t('Sign in')}
        </button>
        <LanguagePicker class="sign-in-language" />
      </form>
    </main>
  );
}
