import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A signature older than this is refused, so a captured one can't be replayed later. */
export const IDENTITY_MAX_AGE_SEC = 10 * 60;

/** What a site's backend vouches for: the visitor's id in its system, and what agents see beside it. */
export interface SignedIdentity {
  id: string;
  name?: string;
  email?: string;
  /** Epoch seconds. */
  signedAt: number;
}

/**
 * The exact text signed (widget/README.md documents it): id, name, email and time, one per line,
 * an absent name or email as an empty line. None of them can hold a line break (the identify
 * schema refuses control characters), so no two identities share a text.
 */
export function identityText(who: SignedIdentity): string {
  return `${who.id}\n${who.name ?? ''}\n${who.email ?? ''}\n${who.signedAt}`;
}

/** What the site's backend computes: hex HMAC-SHA256(secret, identityText). */
export function signIdentity(secret: string, who: SignedIdentity): string {
  return createHmac('sha256', secret).update(identityText(who)).digest('hex');
}

/** How a used signature is remembered (single use): its hash, not the signature itself. */
export function signatureKey(signature: string): string {
  return createHash('sha256').update(signature.toLowerCase()).digest('hex');
}

/** Null when the signature is good and fresh, else the reason it is refused. */
export function identityProblem(secret: string, who: SignedIdentity & { signature: string }, nowMs: number): string | null {
  const expected = Buffer.from(signIdentity(secret, who), 'hex');
  const given = Buffer.from(who.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'the signature does not match';
  const ageSec = nowMs / 1000 - who.signedAt;
  if (ageSec > IDENTITY_MAX_AGE_SEC) return 'the signature is older than 10 minutes';
  if (ageSec < -60) return 'the signature is from the future';
  return null;
}
