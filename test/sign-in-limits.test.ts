import { afterEach, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { testConfig, type SignInLimitsConfig } from '../server/config.ts';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

// Limits of sign-in attempts (server/http/sign-in-limits.ts) on a real server. The server
// trusts X-Forwarded-For from loopback (a proxy on the same machine), which is how these
// requests come from several addresses.

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close(true);
  server = undefined;
});

const limits = (changes: Partial<SignInLimitsConfig> = {}): SignInLimitsConfig => ({ ...testConfig().signInLimits, ...changes });

async function post(path: string, body: unknown, ip: string) {
  const res = await fetch(`${server!.url}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

const signIn = (email: string, password: string, ip: string) => post('/auth/login', { email, password }, ip);
const statuses = async (n: number, call: (i: number) => Promise<{ status: number }>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await call(i)).status);
  return out;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The owner and Ann, an agent, on a new server. */
async function team(signInLimits: SignInLimitsConfig = limits()) {
  server = await startTestServer({ config: { signInLimits } });
  const owner = await loginToken(server.url);
  const made = await apiCall(server.url, owner, '/agents', {
    method: 'POST',
    body: { name: 'Ann', email: 'ann@example.com', role: 'agent', password: 'ann-password' },
  });
  expect(made.status).toBe(201);
  return owner;
}

describe('signing in', () => {
  it('after five wrong passwords in a row refuses even the right one with 429 and Retry-After; other addresses and accounts go on', async () => {
    await team();
    const wrong = await statuses(5, (i) => signIn('owner@example.com', `guess-${i}`, '203.0.113.5'));
    expect(wrong).toEqual([401, 401, 401, 401, 401]);

    const limited = await signIn('owner@example.com', 'owner-password', '203.0.113.5');
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(55);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    expect(limited.body).toEqual({ error: expect.stringMatching(/too many sign-in attempts/) });
    // Emails are matched without case, and so are the attempts.
    expect((await signIn('OWNER@example.com', 'owner-password', '203.0.113.5')).status).toBe(429);

    // The owner from elsewhere, and Ann from the same address, are not held up.
    expect((await signIn('owner@example.com', 'owner-password', '198.51.100.9')).status).toBe(200);
    expect((await signIn('ann@example.com', 'ann-password', '203.0.113.5')).status).toBe(200);
    expect((await signIn('owner@example.com', 'owner-password', '203.0.113.5')).status).toBe(429);
  });

  it('answers an email without an account like a wrong password, and limits it alike', async () => {
    await team();
    const wrong = await signIn('ann@example.com', 'not-her-password', '203.0.113.5');
    const unknown = await signIn('nobody@example.com', 'any-password', '203.0.113.5');
    expect(unknown).toEqual(wrong);
    expect(unknown).toMatchObject({ status: 401, body: { error: 'email or password is wrong' } });
    expect(await statuses(4, () => signIn('nobody@example.com', 'any-password', '203.0.113.5'))).toEqual([401, 401, 401, 401]);
    expect((await signIn('nobody@example.com', 'any-password', '203.0.113.5')).status).toBe(429);
  });

  it('forgets the wrong passwords at a right one; the waits end, and double while it goes on', async () => {
    await team(limits({ consecutiveFails: 3, backoffSec: 1, maxBackoffSec: 2 }));
    const ip = '203.0.113.5';
    const attempt = (password: string) => signIn('ann@example.com', password, ip);

    expect(await statuses(2, () => attempt('wrong'))).toEqual([401, 401]);
    expect((await attempt('ann-password')).status).toBe(200);
    expect(await statuses(3, () => attempt('wrong'))).toEqual([401, 401, 401]);
    expect(await attempt('ann-password')).toMatchObject({ status: 429, retryAfter: '1' });

    await sleep(1100);
    expect((await attempt('wrong')).status).toBe(401);
    expect(await attempt('ann-password')).toMatchObject({ status: 429, retryAfter: '2' });
    await sleep(2100);
    expect((await attempt('wrong')).status).toBe(401);
    // At most LOGIN_BACKOFF_MAX_SECONDS.
    expect(await attempt('ann-password')).toMatchObject({ status: 429, retryAfter: '2' });
    await sleep(2100);
    expect((await attempt('ann-password')).status).toBe(200);
    expect(await statuses(2, () => attempt('wrong'))).toEqual([401, 401]);
  });

  it('caps the failures of one address a day, whichever accounts it tries', async () => {
    await team(limits({ failsPerIpPerDay: 4 }));
    const emails = ['a@example.com', 'b@example.com', 'c@example.com', 'ann@example.com'];
    expect(await statuses(4, (i) => signIn(emails[i]!, 'wrong', '203.0.113.5'))).toEqual([401, 401, 401, 401]);
    const limited = await signIn('owner@example.com', 'owner-password', '203.0.113.5');
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(23 * 3600);
    expect((await signIn('owner@example.com', 'owner-password', '198.51.100.9')).status).toBe(200);
  });

  it('caps the failures at one account a day, from whichever addresses', async () => {
    await team(limits({ failsPerAccountPerDay: 3 }));
    expect(await statuses(3, (i) => signIn('ann@example.com', 'wrong', `203.0.113.${i + 1}`))).toEqual([401, 401, 401]);
    expect((await signIn('ann@example.com', 'ann-password', '198.51.100.9')).status).toBe(429);
    expect((await signIn('owner@example.com', 'owner-password', '198.51.100.9')).status).toBe(200);
  });

  it('leaves the event loop idle while 16 sign-ins run at once', async () => {
    await team(limits({ consecutiveFails: 100, failsPerIpPerDay: 100, failsPerAccountPerDay: 100 }));
    const sixteenGuesses = () => Promise.all(Array.from({ length: 16 }, (_, i) => signIn('ann@example.com', `guess-${i}`, '203.0.113.5')));
    // The first round warms up (compiling, connections); the second is measured.
    await sixteenGuesses();
    // Event loop utilization: the share of the time the loop was busy rather than waiting for
    // I/O or the thread pool. A machine busy with other work makes the sign-ins slower, not the
    // loop busier, which a timer's lag would not tell apart.
    const before = performance.eventLoopUtilization();
    const answers = await sixteenGuesses();
    const busy = performance.eventLoopUtilization(before).utilization;
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(401));
    // With scrypt on the event loop, the loop is busy all the time the sign-ins take (1.00
    // measured); off it, 0.05 to 0.3 on 2 cores with a load of 10.
    expect(busy).toBeLessThan(0.75);
  });
});

describe('accepting an invitation', () => {
  async function invite(owner: string, email: string) {
    const invited = await apiCall(server!.url, owner, '/agent-invitations', { method: 'POST', body: { name: 'Dana', email, role: 'agent' } });
    expect(invited.status).toBe(201);
    return { agentId: invited.body.agent.id as string, token: (invited.body.invitation.link as string).split('/').pop()! };
  }
  const accept = (token: string, ip: string) => post(`/agent-invitations/${token}/accept`, { password: 'dana-password' }, ip);

  it('is limited per link and address, and shares the per-address limit with signing in', async () => {
    const owner = await team(limits({ consecutiveFails: 3, failsPerIpPerDay: 6 }));
    const first = await invite(owner, 'dana@example.com');
    const again = await apiCall(server!.url, owner, `/agents/${first.agentId}/invitation`, { method: 'POST', body: {} });
    const replaced = first.token;
    const open = (again.body.invitation.link as string).split('/').pop()!;

    expect(await statuses(3, () => accept(replaced, '203.0.113.5'))).toEqual([410, 410, 410]);
    const limited = await accept(replaced, '203.0.113.5');
    expect(limited).toMatchObject({ status: 429, body: { error: expect.any(String) } });
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect((await accept(replaced, '198.51.100.9')).status).toBe(410);

    // Three guessed links from the same address make six failures in its day.
    expect(await statuses(3, (i) => accept(`${'A'.repeat(42)}${i}`, '203.0.113.5'))).toEqual([404, 404, 404]);
    expect((await accept(open, '203.0.113.5')).status).toBe(429);
    expect((await signIn('owner@example.com', 'owner-password', '203.0.113.5')).status).toBe(429);
    expect((await accept(open, '198.51.100.9')).status).toBe(200);
  });
});
