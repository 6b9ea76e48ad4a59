import type { Role } from '../../shared/protocol.ts';
import { t } from './i18n.ts';

/** The agent as /api/auth/login and /api/auth/me describe them. */
export interface SignedInAgent {
  id: string;
  name: string;
  email: string;
  role: Role;
  /** Signs in with a code from an authenticator app too. */
  twoFactor?: boolean;
  /** The owner requires two-factor sign-in and this agent has not enrolled: nothing else until they do. */
  mustEnrolTwoFactor?: boolean;
}

export class SignInError extends Error {}

/** The password was right; the account asks for its two-factor code (or a wrong one was given). */
export class TwoFactorCodeNeeded extends SignInError {}

/**
 * What a 429 from signing in or accepting an invitation tells the person: how long to wait,
 * from its Retry-After (seconds, or an HTTP date), in minutes, or hours past an hour and a half.
 */
export function tooManyAttemptsText(retryAfter: string | null, now = Date.now()): string {
  const seconds = retryAfter === null ? NaN : /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : (Date.parse(retryAfter) - now) / 1000;
  if (!(seconds > 0)) return t('Too many attempts. Try again later.');
  const minutes = Math.ceil(seconds / 60);
  if (minutes <= 90) return t('Too many attempts. Try again in {minutes} min.', { minutes });
  return t('Too many attempts. Try again in {hours} h.', { hours: Math.ceil(seconds / 3600) });
}

async function errorText(res: Response): Promise<string | null> {
  try {
    const body = (await res.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : null;
  } catch {
    return null;
  }
}

/** `code`: the two-factor code (or a recovery code), for an account that asked for it. */
export async function signIn(email: string, password: string, code?: string): Promise<SignedInAgent> {
  let res: Response;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(code === undefined ? { email, password } : { email, password, code }),
    });
  } catch {
    throw new SignInError(t('Cannot reach the server. Check your connection and try again.'));
  }
  if (res.status === 401) {
    const body = (await res.json().catch(() => ({}))) as { twoFactorRequired?: boolean };
    if (body.twoFactorRequired) {
      throw new TwoFactorCodeNeeded(code === undefined ? t('Enter the code from your authenticator app.') : t('The code is wrong or was used already.'));
    }
    throw new SignInError(t('Wrong email or password.'));
  }
  if (res.status === 429) throw new SignInError(tooManyAttemptsText(res.headers.get('Retry-After')));
  if (!res.ok) {
    const reason = await errorText(res);
    throw new SignInError(
      reason ? t('Could not sign in: {reason}', { reason }) : t('Could not sign in (error {status}).', { status: res.status }),
    );
  }
  return ((await res.json()) as { agent: SignedInAgent }).agent;
}

/** The agent whose session cookie this browser holds; null when signed out. Throws when offline. */
export async function currentAgent(): Promise<SignedInAgent | null> {
  const res = await fetch('/api/auth/me', { credentials: 'same-origin' });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`GET /api/auth/me answered ${res.status}`);
  return ((await res.json()) as { agent: SignedInAgent }).agent;
}

export async function signOut(): Promise<void> {
  await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
}
