import { useEffect, useState } from 'preact/hooks';
import QRCode from 'qrcode';
import { request } from './console-api.ts';
import { routes } from '../../shared/api-routes.ts';
import { t } from './i18n.ts';
import { Field, Loading } from './settings-kit.tsx';

// The agent's own two-factor sign-in: enrolment (QR code and the secret as text, confirmed with
// a code), the recovery codes shown once, and turning it off with a code. Used on the Account
// page and, when the owner requires it, as the only screen until the agent has enrolled.

interface TwoFactorState {
  enabled: boolean;
  recoveryCodesLeft: number;
  required: boolean;
}

type Step =
  | { kind: 'idle' }
  | { kind: 'scanning'; secret: string; qr: string | null }
  | { kind: 'codes'; recoveryCodes: string[] };

/** `onEnrolled`: told once two-factor is on (the gate lets the agent in then). */
export function TwoFactorSetup(props: { onEnrolled?: () => void }) {
  const [state, setState] = useState<TwoFactorState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => {
    setLoadError(null);
    request(routes.twoFactorState).then(setState, (err: Error) => setLoadError(err.message));
  };
  useEffect(load, []);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const start = () =>
    run(async () => {
      const { secret, otpauthUrl } = await request(routes.twoFactorStart);
      setCode('');
      setStep({ kind: 'scanning', secret, qr: null });
      // Drawn here, from the otpauth address: the secret never leaves the browser for a QR service.
      const qr = await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 200 }).catch(() => null);
      setStep({ kind: 'scanning', secret, qr });
    });

  const confirm = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      const { recoveryCodes } = await request(routes.twoFactorConfirm, { body: { code: code.trim() } });
      setStep({ kind: 'codes', recoveryCodes });
      setState((s) => (s ? { ...s, enabled: true, recoveryCodesLeft: recoveryCodes.length } : s));
    });
  };

  const turnOff = (e: Event) => {
    e.preventDefault();
    return run(async () => {
      await request(routes.twoFactorOff, { body: { code: code.trim() } });
      setCode('');
      setState((s) => (s ? { ...s, enabled: false, recoveryCodesLeft: 0 } : s));
    });
  };

  if (!state) return <Loading error={loadError} onRetry={load} />;

  if (step.kind === 'codes') {
    return (
      <div class="two-factor">
        <p role="status" class="form-info">
          {t('Two-factor sign-in is on.')}
        </p>
        <p>{t('Save these recovery codes somewhere safe. Each works once, instead of a code, if you lose your phone. They are not shown again.')}</p>
        <ul class="recovery-codes" aria-label={t('Recovery codes')}>
          {step.recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button
          type="button"
          class="button button-primary"
          onClick={() => {
            setStep({ kind: 'idle' });
            props.onEnrolled?.();
          }}
        >
          {t('I have saved the codes')}
        </button>
      </div>
    );
  }

  if (step.kind === 'scanning') {
    return (
      <form class="two-factor settings-form" onSubmit={confirm} aria-label={t('Set up two-factor sign-in')}>
        <ol class="two-factor-steps">
          <li>{t('Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, …).')}</li>
        </ol>
        {step.qr && <img class="two-factor-qr" src={step.qr} width={200} height={200} alt={t('QR code for your authenticator app')} />}
        <p>
          {t('Or enter this key by hand:')} <code class="two-factor-secret">{step.secret}</code>
        </p>
        <Field label={t('Code from the app')} error={error}>
          {(f) => (
            <input
              class="input"
              id={f.id}
              name="code"
              autocomplete="one-time-code"
              inputMode="numeric"
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" class="button button-primary" disabled={busy || !code.trim()}>
            {t('Turn on two-factor sign-in')}
          </button>
          <button type="button" class="button" onClick={() => setStep({ kind: 'idle' })}>
            {t('Cancel')}
          </button>
        </div>
      </form>
    );
  }

  if (state.enabled) {
    return (
      <form class="two-factor settings-form" onSubmit={turnOff} aria-label={t('Turn off two-factor sign-in')}>
        <p role="status">{t('Two-factor sign-in is on. Recovery codes left: {count}.', { count: state.recoveryCodesLeft })}</p>
        {state.required ? (
          <p class="muted">{t('The owner requires two-factor sign-in for everyone, so it cannot be turned off.')}</p>
        ) : (
          <>
            <Field label={t('Current code or a recovery code')} error={error}>
              {(f) => (
                <input
                  class="input"
                  id={f.id}
                  name="code"
                  autocomplete="one-time-code"
                  aria-describedby={f.describedBy}
                  aria-invalid={f.invalid}
                  value={code}
                  onInput={(e) => setCode(e.currentTarget.value)}
                />
              )}
            </Field>
            <div class="form-actions">
              <button type="submit" class="button button-danger" disabled={busy || !code.trim()}>
                {t('Turn off two-factor sign-in')}
              </button>
            </div>
          </>
        )}
      </form>
    );
  }

  return (
    <div class="two-factor">
      <p>{t('Two-factor sign-in is off. With it on, signing in also asks for a code from an app on your phone.')}</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" class="button button-primary" disabled={busy} onClick={() => void start()}>
        {t('Set up two-factor sign-in')}
      </button>
    </div>
  );
}
