import { describe, expect, it } from 'vitest';
import { identityProblem, signIdentity } from './identity.ts';

const secret = 'a'.repeat(64);
const now = Date.UTC(2026, 10, 22, 12, 0, 0);
const signedAt = now / 1000 - 30;

describe('identity verification', () => {
  it('accepts a fresh signature of the id and time', () => {
    const signature = signIdentity(secret, 'user-42', signedAt);
    expect(identityProblem(secret, { id: 'user-42', signature, signedAt }, now)).toBeNull();
  });
  it('refuses another id, another secret, or a changed time', () => {
    const signature = signIdentity(secret, 'user-42', signedAt);
    expect(identityProblem(secret, { id: 'user-43', signature, signedAt }, now)).toMatch(/does not match/);
    expect(identityProblem('b'.repeat(64), { id: 'user-42', signature, signedAt }, now)).toMatch(/does not match/);
    expect(identityProblem(secret, { id: 'user-42', signature, signedAt: signedAt + 1 }, now)).toMatch(/does not match/);
  });
  it('refuses a signature older than 10 minutes (no replay)', () => {
    const old = now / 1000 - 601;
    const signature = signIdentity(secret, 'user-42', old);
    expect(identityProblem(secret, { id: 'user-42', signature, signedAt: old }, now)).toMatch(/older than 10 minutes/);
  });
});
