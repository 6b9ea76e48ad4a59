import { describe, expect, it } from 'vitest';
import { identityProblem, identityText, signIdentity } from './identity.ts';

const secret = 'a'.repeat(64);
const now = Date.UTC(2026, 10, 22, 12, 0, 0);
const signedAt = now / 1000 - 30;
const maria = { id: 'user-42', name: 'Maria Ivanova', email: 'maria@example.com', signedAt };

describe('identity verification', () => {
  it('signs id, name, email and time, one per line', () => {
    expect(identityText(maria)).toBe(`user-42\nMaria Ivanova\nmaria@example.com\n${signedAt}`);
    expect(identityText({ id: 'user-42', signedAt })).toBe(`user-42\n\n\n${signedAt}`);
  });
  it('accepts a fresh signature of what is shown', () => {
    const signature = signIdentity(secret, maria);
    expect(identityProblem(secret, { ...maria, signature }, now)).toBeNull();
  });
  it('refuses another id, name, email, secret, or a changed time', () => {
    const signature = signIdentity(secret, maria);
    expect(identityProblem(secret, { ...maria, id: 'user-43', signature }, now)).toMatch(/does not match/);
    expect(identityProblem(secret, { ...maria, name: 'CEO', signature }, now)).toMatch(/does not match/);
    expect(identityProblem(secret, { ...maria, email: 'ceo@bigcustomer.example', signature }, now)).toMatch(/does not match/);
    expect(identityProblem('b'.repeat(64), { ...maria, signature }, now)).toMatch(/does not match/);
    expect(identityProblem(secret, { ...maria, signedAt: signedAt + 1, signature }, now)).toMatch(/does not match/);
  });
  it('refuses a signature older than 10 minutes (no replay)', () => {
    const old = { ...maria, signedAt: now / 1000 - 601 };
    expect(identityProblem(secret, { ...old, signature: signIdentity(secret, old) }, now)).toMatch(/older than 10 minutes/);
  });
});
