import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createInvitation, INVITATION_MS } from '../server/store/agent-invitations.ts';
import { createAgent, ensureOwner, hashPassword } from '../server/store/agents.ts';
import { team } from '../server/store/chat-extras.ts';
import { openSqliteStore } from '../server/store/sqlite.ts';
import { api } from './console-browser-kit.ts';
import { FakeClock, loginToken, signInAttempt, startTestServer, type TestServer } from './helpers/server.ts';
import { decodedParts, invitationLink, startSmtpInbox } from './helpers/smtp.ts';

// Agents invited by email (server/http/agent-invitations.ts) on a real server, with the emails
// caught by an SMTP server in the test.

let server: TestServer | undefined;
let smtp: Awaited<ReturnType<typeof startSmtpInbox>> | undefined;

afterEach(async () => {
  await server?.close(true);
  server = undefined;
  await smtp?.close();
  smtp = undefined;
});

const dana = { name: 'Dana', email: 'dana@example.com', role: 'agent', maxChats: 2, departments: [] as string[] };

async function publicCall(path: string, body?: unknown) {
  const res = await fetch(`${server!.url}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any, cookie: res.headers.get('set-cookie') };
}

const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);
const look = (link: string) => publicCall(`/agent-invitations/${tokenOf(link)}`);
const accept = (link: string, body: unknown) => publicCall(`/agent-invitations/${tokenOf(link)}/accept`, body);

/** Everything an invitation route could change, to compare before and after a refusal. */
async function snapshot() {
  const store = server!.store;
  return {
    agents: await store.all('SELECT * FROM agents ORDER BY id'),
    departments: await store.all('SELECT * FROM agent_departments ORDER BY agent_id, department_id'),
    invitations: await store.all('SELECT * FROM agent_invitations ORDER BY id'),
    sessions: await store.value('SELECT count(*) FROM sessions'),
  };
}

async function signInStatus(email: string, password: string) {
  return (await signInAttempt(server!.url, { email, password })).status;
}

describe('inviting agents by email', () => {
  it('emails a single-use link; the invitee sets a password and is signed in', async () => {
    smtp = await startSmtpInbox();
    server = await startTestServer({ config: { smtpUrl: smtp.url, smtpFrom: 'support@shop.example' } });
    const owner = await loginToken(server.url);
    expect((await api(server.url, owner, '/departments', { method: 'POST', body: { id: 'billing', name: 'Billing' } })).status).toBe(201);

    const invited = await api(server.url, owner, '/agent-invitations', {
      method: 'POST',
      body: { ...dana, departments: ['billing'], language: 'ru' },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation).toMatchObject({ emailedTo: 'dana@example.com', link: null, emailError: null });
    expect(invited.body.agent).toMatchObject({ name: 'Dana', role: 'agent', maxChats: 2, departments: ['billing'] });
    expect(invited.body.agent.invitation).toMatchObject({ expired: false, emailedAt: expect.any(Number) });
    const agentId = invited.body.agent.id as string;

    expect(smtp.inbox).toHaveLength(1);
    const mail = smtp.inbox[0]!;
    expect(mail.to).toBe('dana@example.com');
    expect(mail.raw).toContain('From: Parley demo shop <support@shop.example>');
    const { text, html } = decodedParts(mail.raw);
    expect(text).toContain('Здравствуйте, Dana!');
    expect(text).toContain('Owner приглашает вас в консоль поддержки Parley demo shop в роли агента.');
    const link = invitationLink(mail);
    expect(link.startsWith(`${server.url}/console/invite/`)).toBe(true);
    expect(html).toContain(`href="${link}"`);
    // Only the hash of the link's token is kept.
    const stored = await server.store.value('SELECT token_hash FROM agent_invitations WHERE agent_id = ?', [agentId]);
    expect(stored).toBe(createHash('sha256').update(tokenOf(link)).digest('hex'));
    expect(JSON.stringify(await snapshot())).not.toContain(tokenOf(link));

    const listed = await api(server.url, owner, '/agents');
    expect(listed.body.emailInvitations).toBe(true);
    expect(listed.body.agents.find((a: any) => a.id === agentId).invitation).toMatchObject({ expired: false });
    expect(listed.body.agents.find((a: any) => a.email === 'owner@example.com').invitation).toBeNull();

    // Until then Dana has no password: no sign-in with anything.
    expect(await signInStatus('dana@example.com', 'dana-password')).toBe(401);

    expect(await look(link)).toMatchObject({
      status: 200,
      body: { invitation: { name: 'Dana', email: 'dana@example.com', role: 'agent', siteName: 'Parley demo shop' } },
    });
    const before = await snapshot();
    expect(await accept(link, { password: 'short' })).toMatchObject({ status: 400, body: { field: 'password' } });
    expect(await accept(link, { password: 'dana-password', role: 'owner' })).toMatchObject({ status: 400, body: { field: 'role' } });
    expect(await accept(link, { password: 12345678 })).toMatchObject({ status: 400, body: { field: 'password' } });
    expect(await snapshot()).toEqual(before);

    const accepted = await accept(link, { password: 'dana-password' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.agent).toMatchObject({ id: agentId, email: 'dana@example.com', role: 'agent' });
    expect(accepted.cookie).toMatch(/^parley_session=[^;]+; .*HttpOnly/);
    expect((await api(server.url, accepted.body.token, '/auth/me')).body.agent.id).toBe(agentId);
    expect(await signInStatus('dana@example.com', 'dana-password')).toBe(200);
    expect((await api(server.url, owner, '/agents')).body.agents.find((a: any) => a.id === agentId).invitation).toBeNull();

    // Single use: the same link again changes nothing.
    const used = await snapshot();
    expect(await look(link)).toMatchObject({ status: 410, body: { state: 'used' } });
    expect(await accept(link, { password: 'another-password' })).toMatchObject({ status: 410, body: { state: 'used' } });
    expect(await snapshot()).toEqual(used);
    expect(await signInStatus('dana@example.com', 'dana-password')).toBe(200);
    // Dana can sign in now, so there is nothing to send again or revoke.
    expect((await api(server.url, owner, `/agents/${agentId}/invitation`, { method: 'POST', body: {} })).status).toBe(409);
    expect((await api(server.url, owner, `/agents/${agentId}/invitation`, { method: 'DELETE' })).status).toBe(409);
  });

  it('without SMTP gives the admin the link; sending again voids the old link; revoking deletes the invitee', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    expect((await api(server.url, owner, '/agents')).body.emailInvitations).toBe(false);

    const first = await api(server.url, owner, '/agent-invitations', { method: 'POST', body: dana });
    expect(first.status).toBe(201);
    expect(first.body.invitation).toMatchObject({ emailedTo: null, emailError: null });
    const firstLink = first.body.invitation.link as string;
    expect(firstLink).toMatch(new RegExp(`^${server.url}/console/invite/[A-Za-z0-9_-]{43}$`));
    expect(first.body.agent.invitation).toMatchObject({ emailedAt: null, expired: false });
    const agentId = first.body.agent.id as string;

    const again = await api(server.url, owner, `/agents/${agentId}/invitation`, { method: 'POST', body: {} });
    expect(again.status).toBe(200);
    const secondLink = again.body.invitation.link as string;
    expect(secondLink).not.toBe(firstLink);
    expect(await look(firstLink)).toMatchObject({ status: 410, body: { state: 'replaced' } });
    expect(await accept(firstLink, { password: 'dana-password' })).toMatchObject({ status: 410, body: { state: 'replaced' } });
    expect((await look(secondLink)).status).toBe(200);

    // An invitee's row can be edited like any other; the link then carries the new role.
    expect((await api(server.url, owner, `/agents/${agentId}`, { method: 'PATCH', body: { role: 'admin' } })).body.agent.invitation).toMatchObject({ expired: false });
    expect((await look(secondLink)).body.invitation.role).toBe('admin');

    expect(await api(server.url, owner, `/agents/${agentId}/invitation`, { method: 'DELETE' })).toEqual({ status: 200, body: { ok: true } });
    expect((await api(server.url, owner, '/agents')).body.agents.map((a: any) => a.email)).toEqual(['owner@example.com']);
    expect(await look(secondLink)).toMatchObject({ status: 410, body: { state: 'revoked' } });
    expect(await accept(secondLink, { password: 'dana-password' })).toMatchObject({ status: 410, body: { state: 'revoked' } });
    expect(await signInStatus('dana@example.com', 'dana-password')).toBe(401);
    // The email is free again.
    expect((await api(server.url, owner, '/agent-invitations', { method: 'POST', body: dana })).status).toBe(201);
  });

  it('when the email fails, the admin gets the link and the reason', async () => {
    // Nothing listens on port 1: the send fails at once.
    server = await startTestServer({ config: { smtpUrl: 'smtp://127.0.0.1:1' } });
    const owner = await loginToken(server.url);
    const invited = await api(server.url, owner, '/agent-invitations', { method: 'POST', body: dana });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation).toMatchObject({ emailedTo: null, link: expect.stringContaining('/console/invite/'), emailError: expect.stringMatching(/ECONNREFUSED/) });
    expect(invited.body.agent.invitation).toMatchObject({ emailedAt: null });
    expect((await look(invited.body.invitation.link)).status).toBe(200);
  });

  it('a link expires after seven days; a new one works again', async () => {
    const clock = new FakeClock();
    server = await startTestServer({ clock });
    const owner = await loginToken(server.url);
    const invited = await api(server.url, owner, '/agent-invitations', { method: 'POST', body: dana });
    const link = invited.body.invitation.link as string;
    expect(invited.body.invitation.expiresAt).toBe(clock.now() + INVITATION_MS);

    clock.advance(INVITATION_MS - 1);
    expect((await look(link)).status).toBe(200);
    clock.advance(1);
    const before = await snapshot();
    expect(await look(link)).toMatchObject({ status: 410, body: { state: 'expired' } });
    expect(await accept(link, { password: 'dana-password' })).toMatchObject({ status: 410, body: { state: 'expired' } });
    expect(await snapshot()).toEqual(before);
    expect((await api(server.url, owner, '/agents')).body.agents.find((a: any) => a.name === 'Dana').invitation).toMatchObject({ expired: true });

    const renewed = await api(server.url, owner, `/agents/${invited.body.agent.id}/invitation`, { method: 'POST', body: {} });
    expect(renewed.body.agent.invitation).toMatchObject({ expired: false });
    expect((await accept(renewed.body.invitation.link, { password: 'dana-password' })).status).toBe(200);
  });

  it('refuses bad input and unknown ids, changing nothing', async () => {
    smtp = await startSmtpInbox();
    server = await startTestServer({ config: { smtpUrl: smtp.url } });
    const owner = await loginToken(server.url);
    const invited = await api(server.url, owner, '/agent-invitations', { method: 'POST', body: dana });
    const agentId = invited.body.agent.id as string;
    const link = invitationLink(smtp.inbox[0]!);
    const before = await snapshot();
    const invite = (body: unknown) => api(server!.url, owner, '/agent-invitations', { method: 'POST', body });

    expect(await invite({ ...dana, email: 'erik@example.com', password: 'erik-password' })).toMatchObject({ status: 400, body: { field: 'password' } });
    expect(await invite({ ...dana, email: 'erik@example.com', maxChats: '3' })).toMatchObject({ status: 400, body: { field: 'maxChats' } });
    expect(await invite({ ...dana, email: 'not an email' })).toMatchObject({ status: 400, body: { field: 'email' } });
    expect(await invite({ ...dana, email: 'erik@example.com', role: 'boss' })).toMatchObject({ status: 400, body: { field: 'role' } });
    expect(await invite({ ...dana, email: 'erik@example.com', departments: ['nowhere'] })).toMatchObject({ status: 400, body: { field: 'departments' } });
    expect(await invite({ ...dana, email: 'erik@example.com', language: 'de' })).toMatchObject({ status: 400, body: { field: 'language' } });
    expect(await invite({ ...dana, email: 'DANA@example.com' })).toMatchObject({ status: 400, body: { field: 'email' } });
    expect(await invite({ ...dana, email: 'OWNER@example.com' })).toMatchObject({ status: 400, body: { field: 'email' } });
    expect(await invite([])).toMatchObject({ status: 400 });

    expect((await api(server.url, owner, '/agents/ag_nobody/invitation', { method: 'POST', body: {} })).status).toBe(404);
    expect((await api(server.url, owner, '/agents/ag_nobody/invitation', { method: 'DELETE' })).status).toBe(404);
    expect(await api(server.url, owner, `/agents/${agentId}/invitation`, { method: 'POST', body: { email: 'x@example.com' } })).toMatchObject({ status: 400, body: { field: 'email' } });
    expect(await api(server.url, owner, `/agents/${agentId}/invitation`, { method: 'POST', body: { language: 7 } })).toMatchObject({ status: 400, body: { field: 'language' } });

    expect(await look(`${server.url}/console/invite/${'A'.repeat(43)}`)).toMatchObject({ status: 404, body: { state: 'unknown' } });
    expect(await look(`${server.url}/console/invite/not-a-token!`)).toMatchObject({ status: 404, body: { state: 'unknown' } });
    expect(await accept(`${server.url}/console/invite/${'A'.repeat(43)}`, { password: 'dana-password' })).toMatchObject({ status: 404 });
    expect(await accept(link, {})).toMatchObject({ status: 400, body: { field: 'password' } });

    expect(await snapshot()).toEqual(before);
    expect(smtp.inbox).toHaveLength(1);
  });

  it('lets only admins and owners invite; an admin neither invites nor touches an owner', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    for (const [email, role] of [['ann@example.com', 'admin'], ['al@example.com', 'agent']] as const) {
      const made = await api(server.url, owner, '/agents', { method: 'POST', body: { name: role, email, role, password: `${role}-password` } });
      expect(made.status).toBe(201);
      // Creating with a password works as before: nothing to accept.
      expect(made.body.agent.invitation).toBeNull();
    }
    const admin = await loginToken(server.url, 'ann@example.com', 'admin-password');
    const agent = await loginToken(server.url, 'al@example.com', 'agent-password');
    const ownerInvite = await api(server.url, owner, '/agent-invitations', { method: 'POST', body: { ...dana, email: 'olga@example.com', role: 'owner' } });
    expect(ownerInvite.status).toBe(201);
    const olga = ownerInvite.body.agent.id as string;
    const erik = (await api(server.url, owner, '/agent-invitations', { method: 'POST', body: { ...dana, email: 'erik@example.com' } })).body.agent.id as string;
    const before = await snapshot();

    expect((await api(server.url, agent, '/agent-invitations', { method: 'POST', body: { ...dana, email: 'x@example.com' } })).status).toBe(403);
    expect((await api(server.url, agent, `/agents/${erik}/invitation`, { method: 'POST', body: {} })).status).toBe(403);
    expect((await api(server.url, agent, `/agents/${erik}/invitation`, { method: 'DELETE' })).status).toBe(403);
    expect((await publicCall('/agent-invitations', { ...dana, email: 'x@example.com' })).status).toBe(401);
    expect(await api(server.url, admin, '/agent-invitations', { method: 'POST', body: { ...dana, email: 'x@example.com', role: 'owner' } })).toMatchObject({ status: 400, body: { field: 'role' } });
    expect(await api(server.url, admin, `/agents/${olga}/invitation`, { method: 'POST', body: {} })).toMatchObject({ status: 400, body: { field: 'role' } });
    expect(await api(server.url, admin, `/agents/${olga}/invitation`, { method: 'DELETE' })).toMatchObject({ status: 400, body: { field: 'role' } });
    expect(await snapshot()).toEqual(before);

    // An admin may invite admins and agents, and send again or revoke their invitations.
    expect((await api(server.url, admin, '/agent-invitations', { method: 'POST', body: { ...dana, email: 'x@example.com', role: 'admin' } })).status).toBe(201);
    expect((await api(server.url, admin, `/agents/${erik}/invitation`, { method: 'POST', body: {} })).status).toBe(200);
    expect((await api(server.url, admin, `/agents/${erik}/invitation`, { method: 'DELETE' })).status).toBe(200);
  });

  it('an invited owner does not count as the owner; invitees are not in the team until they accept', async () => {
    // The rule of imported agents (migration 013): on a database whose only owner is invited,
    // the server still makes the owner account on start.
    const store = openSqliteStore(':memory:');
    const db = store.sqlite!;
    const invitedOwner = await createAgent(store, { name: 'Olga', email: 'olga@example.com', role: 'owner' }, 0);
    const boss = await createAgent(store, { name: 'Boss', email: 'boss@example.com', role: 'admin', passwordHash: await hashPassword('boss-password') }, 0);
    await createInvitation(store, { agentId: invitedOwner.id, invitedBy: boss.id, language: 'en' }, 0);
    expect(await ensureOwner(store, 'owner@example.com', 'owner-password', 0)).toEqual({ created: true, password: undefined });
    db.close();

    server = await startTestServer();
    const owner = await loginToken(server.url);
    const invited = await api(server.url, owner, '/agent-invitations', { method: 'POST', body: dana });
    const link = invited.body.invitation.link as string;
    expect((await team(server.store)).map((a) => a.name)).toEqual(['Owner']);
    // A disabled invitee's link no longer works either.
    expect((await api(server.url, owner, `/agents/${invited.body.agent.id}`, { method: 'PATCH', body: { disabled: true } })).status).toBe(200);
    expect(await look(link)).toMatchObject({ status: 410, body: { state: 'revoked' } });
    expect((await api(server.url, owner, `/agents/${invited.body.agent.id}`, { method: 'PATCH', body: { disabled: false } })).status).toBe(200);
    expect((await accept(link, { password: 'dana-password' })).status).toBe(200);
    expect((await team(server.store)).map((a) => a.name)).toEqual(['Dana', 'Owner']);
  });
});
