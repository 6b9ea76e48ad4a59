import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The token of an emailed survey link: `<payload>.<signature>`, payload = base64url JSON of the
 * survey id, the link's expiry and a random nonce, signature = HMAC-SHA256 with the server's
 * link secret. The signature makes forged links fail without a database lookup; the stored
 * hash of the whole token ties the link to the one email that carried it.
 */

export interface EmailLinkClaims {
  surveyId: string;
  expiresAt: number;
}

export function signEmailLink(secret: Buffer, claims: EmailLinkClaims): string {
  const payload = Buffer.from(
    JSON.stringify({ s: claims.surveyId, e: claims.expiresAt, n: randomBytes(12).toString('base64url') }),
  ).toString('base64url');
  return `${payload}.${signature(secret, payload)}`;
}

/** The claims of a genuine token; undefined for anything forged or malformed. */
export function verifyEmailLink(secret: Buffer, token: string): EmailLinkClaims | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 512) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(signature(secret, payload), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims?.s !== 'string' || typeof claims?.e !== 'number') return undefined;
    return { surveyId: claims.s, expiresAt: claims.e };
  } catch {
    return undefined;
  }
}

export function hashEmailToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function signature(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
