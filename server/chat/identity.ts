import { createHmac, timingSafeEqual } from 'node:crypto';

/** A signature older than this is refused, so a captured one can't be replayed later. */
export const IDENTITY_MAX_AGE_SEC = 10 * 60;

/** What the site's backend computes: hex HMAC-SHA256(secret, `${id}.${signedAt}`). */
export function signIdentity(secret: string, id: string, signedAt: number): string {
  return createHmac('sha256', secret).update(`${id}.${signedAt}`).digest('hex');
}

/** Null when the signature is good and fresh, else the reason it is refused. */
export function identityProblem(
  secret: string,
  who: { id: string; signature: string; signedAt: number },
  nowMs: number,
): string | null {
  const expected = Buffer.from(signIdentity(secret, who.id, who.signedAt), 'hex');
  const given = Buffer.from(who.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'the signature does not match';
  const ageSec = nowMs / 1000 - who.signedAt;
  if (ageSec > IDENTITY_MAX_AGE_SEC) return 'the signature is older than 10 minutes';
  if (ageSec < -60) return 'the signature is from the future';
  return null;
}
