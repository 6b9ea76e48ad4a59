import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../server/config.ts';
import { apiCall, FakeClock, loginToken, signInAttempt, startTestServer, type TestServer } from './helpers/server.ts';
import { connectAgent, createAgentAccount } from './helpers/clients.ts';
import { hotp, totpCode } from './helpers/totp.ts';

let server: TestServer;
let secondNode: TestServer | undefined;
afterEach(async () => {
  await secondNode?.close();
  secondNode = undefined;
  await server?.close(true);
});

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) => apiCall(server.url, token, path, init);
const STEP = 30_000;

async function login(email: string, password: string, code?: string) {
  const { status, body } = await signInAttempt(server.url, { email, password, code });
  return { status, body };
}

/** Enrols the holder of `token` at the clock's time; the secret and the recovery codes. */
async function enrol(token: string, clock: FakeClock) {
  const started = await api('/auth/two-factor', token, { method: 'POST' });
  expect(started.status).toBe(200);
  const { secret } = started.body;
  const confirmed = await api('/auth/two-factor/confirm', token, { method: 'POST', body: { code: totpCode(secret, clock.now()) } });
  expect(confirmed.status).toBe(200);
  return { secret: secret as string, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}

const auditActions = async (token: string, action: string) => (await api(`/audit?action=${action}`, token)).body.entries as any[];

describe('TOTP as the tests compute it', () => {
  it('gives RFC 6238 appendix B and RFC 4226 appendix D values', () => {
    const key = Buffer.from('12345678901234567890');
    // RFC 6238, SHA-1, T = 59 s: 94287082 in 8 digits.
    expect(hotp(key, Math.floor(59 / 30), 8)).toBe('94287082');
    expect(hotp(key, Math.floor(1111111109 / 30), 8)).toBe('07081804');
    expect(hotp(key, 0)).toBe('755224');
    expect(hotp(key, 9)).toBe('520489');
  });
});

describe('two-factor sign-in', () => {
  it('enrols with a code from the secret, then signs in only with a fresh code', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:05Z'));
    server = await startTestServer({ clock });
    const owner = await loginToken(server.url);

    const started = await api('/auth/two-factor', owner, { method: 'POST' });
    expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(started.body.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(started.body.secret);
    expect(url.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(url.pathname)).toContain('owner@example.com');

    // A wrong code does not turn it on; nor does the code of a step long gone.
    const wrong = await api('/auth/two-factor/confirm', owner, { method: 'POST', body: { code: totpCode(started.body.secret, clock.now() - 5 * STEP) } });
    expect(wrong).toMatchObject({ status: 400, body: { field: 'code' } });
    expect((await api('/auth/me', owner)).body.agent.twoFactor).toBe(false);

    const code = totpCode(started.body.secret, clock.now());
    const confirmed = await api('/auth/two-factor/confirm', owner, { method: 'POST', body: { code } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    expect((await api('/auth/me', owner)).body.agent.twoFactor).toBe(true);
    expect(await api('/auth/two-factor', owner)).toMatchObject({ body: { enabled: true, recoveryCodesLeft: 10, required: false } });

    // Neither the secret nor a recovery code is in the database as it is.
    const dump = JSON.stringify([
      await server.store.all('SELECT * FROM two_factor_secrets'),
      await server.store.all('SELECT * FROM two_factor_recovery_codes'),
      await server.store.all('SELECT * FROM agents'),
    ]);
    expect(dump).not.toContain(started.body.secret);
    for (const c of confirmed.body.recoveryCodes) expect(dump).not.toContain(c.replace('-', ''));

    // A wrong password answers as it always did; the right one asks for the code.
    expect(await login('owner@example.com', 'wrong-password')).toEqual({ status: 401, body: { error: 'email or password is wrong' } });
    const asked = await login('owner@example.com', 'owner-password');
    expect(asked.status).toBe(401);
    expect(asked.body).toMatchObject({ twoFactorRequired: true });
    expect(asked.body.error).toEqual(expect.any(String));
    expect(asked.body.token).toBeUndefined();

    // The code that confirmed enrolment was used: not again, not even at sign-in.
    expect((await login('owner@example.com', 'owner-password', code)).status).toBe(401);
    clock.advance(STEP);
    const fresh = totpCode(started.body.secret, clock.now());
    const signedIn = await login('owner@example.com', 'owner-password', fresh);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.agent).toMatchObject({ twoFactor: true, mustEnrolTwoFactor: false });
    // Replayed within its 30 seconds, or the step before it: refused.
    const replay = await login('owner@example.com', 'owner-password', fresh);
    expect(replay).toMatchObject({ status: 401, body: { twoFactorRequired: true } });
    clock.advance(STEP);
    expect((await login('owner@example.com', 'owner-password', fresh)).status).toBe(401);
    // A phone whose clock runs a step ahead still works, once.
    const late = totpCode(started.body.secret, clock.now() + STEP);
    expect((await login('owner@example.com', 'owner-password', late)).status).toBe(200);

    expect((await auditActions(owner, 'two_factor.enabled'))[0]).toMatchObject({ target: signedIn.body.agent.id });
    const failures = await auditActions(owner, 'auth.sign_in_failed');
    expect(failures.filter((e) => e.details.reason === 'two-factor code')).toHaveLength(3);
  });

  it('takes each recovery code once, in any case and spacing', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:05Z'));
    server = await startTestServer({ clock });
    const owner = await loginToken(server.url);
    const { recoveryCodes } = await enrol(owner, clock);
    const [first, second] = recoveryCodes;
    expect(first).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);

    expect((await login('owner@example.com', 'owner-password', first!)).status).toBe(200);
    expect((await login('owner@example.com', 'owner-password', first!)).status).toBe(401);
    expect((await login('owner@example.com', 'owner-password', ` ${second!.toUpperCase().replace('-', ' ')} `)).status).toBe(200);
    expect((await login('owner@example.com', 'owner-password', 'aaaaa-aaaaa')).status).toBe(401);
    expect((await api('/auth/two-factor', owner)).body.recoveryCodesLeft).toBe(8);
    expect(await auditActions(owner, 'two_factor.recovery_code_used')).toHaveLength(2);
  });

  it('counts wrong codes against the sign-in limits, so a code cannot be guessed', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:05Z'));
    server = await startTestServer({ clock, config: { signInLimits: { ...testConfig().signInLimits, consecutiveFails: 3 } } });
    const owner = await loginToken(server.url);
    const { secret } = await enrol(owner, clock);
    clock.advance(STEP);
    // Leaving the code out counts too: else asking for it would reset the count between guesses.
    expect((await login('owner@example.com', 'owner-password')).status).toBe(401);
    expect((await login('owner@example.com', 'owner-password', '000000')).status).toBe(401);
    expect((await login('owner@example.com', 'owner-password', '111111')).status).toBe(401);
    // The right code now waits its turn like a right password would.
    expect((await login('owner@example.com', 'owner-password', totpCode(secret, clock.now()))).status).toBe(429);
  });

  it('lets the owner require it: others enrol right after signing in and can do nothing else before', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:05Z'));
    server = await startTestServer({ clock });
    const owner = await loginToken(server.url);
    const admin = await createAgentAccount(server.url, server.store, { name: 'Ada', email: 'ada@example.com', role: 'admin' });

    // Only an owner, and only one who has it on (else they would lock themselves out first).
    expect(await api('/settings', admin, { method: 'PATCH', body: { requireTwoFactor: true } })).toMatchObject({ status: 403, body: { field: 'requireTwoFactor' } });
    expect(await api('/settings', owner, { method: 'PATCH', body: { requireTwoFactor: true } })).toMatchObject({ status: 400, body: { field: 'requireTwoFactor' } });
    await enrol(owner, clock);
    const required = await api('/settings', owner, { method: 'PATCH', body: { requireTwoFactor: true } });
    expect(required).toMatchObject({ status: 200, body: { settings: { requireTwoFactor: true } } });
    expect((await auditActions(owner, 'settings.changed'))[0]).toMatchObject({ target: 'requireTwoFactor', details: { from: false, to: true } });

    // Ada's existing session and a new one: only enrolment works.
    const bob = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    const signedIn = await login('bob@example.com', 'agent-password');
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.agent).toMatchObject({ twoFactor: false, mustEnrolTwoFactor: true });
    for (const token of [bob, admin]) {
      expect(await api('/canned', token)).toMatchObject({ status: 403, body: { mustEnrolTwoFactor: true } });
      expect((await api('/auth/me', token)).body.agent.mustEnrolTwoFactor).toBe(true);
    }
    expect((await api('/agents', admin)).status).toBe(403);
    await expect(connectAgent(server.url, bob)).rejects.toThrow(/two-factor/);

    const bobs = await enrol(bob, clock);
    expect((await api('/canned', bob)).status).toBe(200);
    expect((await api('/auth/me', bob)).body.agent.mustEnrolTwoFactor).toBe(false);
    const socket = await connectAgent(server.url, bob);
    socket.close();
    // While required, nobody turns their own off.
    clock.advance(STEP);
    expect((await api('/auth/two-factor', bob, { method: 'DELETE', body: { code: totpCode(bobs.secret, clock.now()) } })).status).toBe(409);
    expect((await api('/auth/me', bob)).body.agent.twoFactor).toBe(true);
  });

  it('is reset by an admin for an agent, by an owner for an admin; turned off by oneself with a code', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:05Z'));
    server = await startTestServer({ clock });
    const owner = await loginToken(server.url);
    const admin = await createAgentAccount(server.url, server.store, { name: 'Ada', email: 'ada@example.com', role: 'admin' });
    const agent = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    const idOf = async (token: string) => (await api('/auth/me', token)).body.agent.id as string;
    const [ownerId, adminId, agentId] = [await idOf(owner), await idOf(admin), await idOf(agent)];
    const mine = await enrol(owner, clock);
    await enrol(admin, clock);
    const bob = await enrol(agent, clock);

    const reset = (token: string, id: string) => api(`/agents/${id}/two-factor`, token, { method: 'DELETE' });
    expect((await reset(agent, adminId)).status).toBe(403);
    expect((await reset(admin, ownerId)).status).toBe(403);
    expect((await reset(admin, adminId)).status).toBe(400);
    expect((await reset(admin, 'ag_nobody')).status).toBe(404);
    expect((await api('/auth/me', admin)).body.agent.twoFactor).toBe(true);

    const byAdmin = await reset(admin, agentId);
    expect(byAdmin).toMatchObject({ status: 200, body: { agent: { id: agentId, twoFactor: false } } });
    // Bob signs in with his password alone again, and his old codes are gone.
    expect((await login('bob@example.com', 'agent-password')).status).toBe(200);
    expect((await login('bob@example.com', 'agent-password', bob.recoveryCodes[0])).status).toBe(200);
    expect((await api('/auth/two-factor', agent)).body).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });

    expect(await reset(owner, adminId)).toMatchObject({ status: 200, body: { agent: { twoFactor: false } } });
    const resets = await auditActions(owner, 'two_factor.reset');
    expect(resets.map((e) => [e.actor, e.target])).toEqual([[ownerId, adminId], [adminId, agentId]]);

    // The owner's own: with a current code only.
    clock.advance(STEP);
    expect(await api('/auth/two-factor', owner, { method: 'DELETE', body: {} })).toMatchObject({ status: 400, body: { field: 'code' } });
    expect(await api('/auth/two-factor', owner, { method: 'DELETE', body: { code: '123456' } })).toMatchObject({ status: 400, body: { field: 'code' } });
    expect((await api('/auth/me', owner)).body.agent.twoFactor).toBe(true);
    expect(await api('/auth/two-factor', owner, { method: 'DELETE', body: { code: totpCode(mine.secret, clock.now()) } })).toMatchObject({ status: 200 });
    expect((await api('/auth/me', owner)).body.agent.twoFactor).toBe(false);
    expect((await login('owner@example.com', 'owner-password')).status).toBe(200);
    expect((await auditActions(owner, 'two_factor.disabled'))[0]).toMatchObject({ actor: ownerId, target: ownerId });
  });

  it('works across nodes on one store: enrolled on one, signed in on the other, a code used on one refused on the other', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:05Z'));
    server = await startTestServer({ clock, config: { nodeId: 'node-a' } });
    secondNode = await startTestServer({ clock, dbPath: server.dbPath, databaseUrl: server.databaseUrl, config: { nodeId: 'node-b' } });
    const { secret } = await enrol(await loginToken(server.url), clock);
    clock.advance(STEP);
    const code = totpCode(secret, clock.now());
    const signIn = async (node: TestServer) => (await signInAttempt(node.url, { email: 'owner@example.com', password: 'owner-password', code })).status;
    expect(await signIn(secondNode)).toBe(200);
    expect(await signIn(server)).toBe(401);
  });

  it('limits the codes tried to turn it off, so a stolen session cannot guess its way there', async () => {
    const clock = new FakeClock(Date.parse('2026-06-01T10:00:05Z'));
    server = await startTestServer({ clock, config: { signInLimits: { ...testConfig().signInLimits, consecutiveFails: 2 } } });
    const owner = await loginToken(server.url);
    const { secret } = await enrol(owner, clock);
    clock.advance(STEP);
    for (const guess of ['000000', '111111']) {
      expect((await api('/auth/two-factor', owner, { method: 'DELETE', body: { code: guess } })).status).toBe(400);
    }
    expect((await api('/auth/two-factor', owner, { method: 'DELETE', body: { code: totpCode(secret, clock.now()) } })).status).toBe(429);
    expect((await api('/auth/me', owner)).body.agent.twoFactor).toBe(true);
  });
});
