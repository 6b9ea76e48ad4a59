import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

let server: TestServer;
afterEach(async () => {
  await server?.close(true);
});

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) => apiCall(server.url, token, path, init);
const entries = async (token: string, query = '') => (await api(`/audit${query}`, token)).body.entries as any[];
const latest = async (token: string, action: string) => (await entries(token, `?action=${action}`))[0];

describe('the audit log records', () => {
  it("the team's changes: added, changed, role, password (never its value), disabled, invitations", async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    const ownerId = (await api('/auth/me', owner)).body.agent.id;

    const added = await api('/agents', owner, { method: 'POST', body: { name: 'Bob', email: 'bob@example.com', password: 'bob-secret-pw', role: 'agent' } });
    expect(added.status).toBe(201);
    const bobId = added.body.agent.id;
    expect(await latest(owner, 'agent.added')).toMatchObject({
      actor: ownerId,
      target: bobId,
      details: { name: 'Bob', email: 'bob@example.com', role: 'agent', maxChats: 3, departments: [] },
    });
    expect((await latest(owner, 'agent.added')).ip).toMatch(/127\.0\.0\.1/);

    expect((await api(`/agents/${bobId}`, owner, { method: 'PATCH', body: { name: 'Robert', maxChats: 5, role: 'admin', password: 'new-secret-pw' } })).status).toBe(200);
    expect(await latest(owner, 'agent.changed')).toMatchObject({ target: bobId, details: { name: { from: 'Bob', to: 'Robert' }, maxChats: { from: 3, to: 5 } } });
    expect((await latest(owner, 'agent.changed')).details).not.toHaveProperty('departments');
    expect(await latest(owner, 'agent.role_changed')).toMatchObject({ target: bobId, details: { from: 'agent', to: 'admin' } });
    expect(await latest(owner, 'agent.password_changed')).toMatchObject({ actor: ownerId, target: bobId, details: null });

    // Nothing changed, nothing recorded.
    const before = (await entries(owner)).length;
    expect((await api(`/agents/${bobId}`, owner, { method: 'PATCH', body: { name: 'Robert' } })).status).toBe(200);
    expect((await entries(owner)).length).toBe(before);

    expect((await api(`/agents/${bobId}`, owner, { method: 'PATCH', body: { disabled: true } })).status).toBe(200);
    expect(await latest(owner, 'agent.disabled')).toMatchObject({ target: bobId });
    expect((await api(`/agents/${bobId}`, owner, { method: 'PATCH', body: { disabled: false } })).status).toBe(200);
    expect(await latest(owner, 'agent.enabled')).toMatchObject({ target: bobId });

    const invited = await api('/agent-invitations', owner, { method: 'POST', body: { name: 'Dana', email: 'dana@example.com', role: 'agent' } });
    expect(invited.status).toBe(201);
    const danaId = invited.body.agent.id;
    expect(await latest(owner, 'agent.invited')).toMatchObject({ actor: ownerId, target: danaId, details: { email: 'dana@example.com', role: 'agent' } });
    const resent = await api(`/agents/${danaId}/invitation`, owner, { method: 'POST', body: {} });
    expect(await latest(owner, 'agent.invitation_resent')).toMatchObject({ target: danaId });
    const token = new URL(resent.body.invitation.link).pathname.split('/').pop()!;
    const accepted = await fetch(`${server.url}/api/agent-invitations/${token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'dana-secret-pw' }),
    });
    expect(accepted.status).toBe(200);
    expect(await latest(owner, 'agent.invitation_accepted')).toMatchObject({ actor: danaId, target: danaId });

    const eve = (await api('/agent-invitations', owner, { method: 'POST', body: { name: 'Eve', email: 'eve@example.com' } })).body.agent.id;
    expect((await api(`/agents/${eve}/invitation`, owner, { method: 'DELETE' })).status).toBe(200);
    expect(await latest(owner, 'agent.invitation_revoked')).toMatchObject({ target: eve, details: { email: 'eve@example.com' } });

    // Filter by actor: what the owner did, and no password anywhere in the log.
    const all = await entries(owner, `?actor=${ownerId}`);
    expect(all.every((e) => e.actor === ownerId)).toBe(true);
    const text = JSON.stringify(await entries(owner));
    for (const secret of ['bob-secret-pw', 'new-secret-pw', 'dana-secret-pw', 'owner-password']) expect(text).not.toContain(secret);
  });

  it('settings changes with old and new values, history exports and imports, sign-outs', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    const ownerId = (await api('/auth/me', owner)).body.agent.id;
    const siteName = (await api('/settings', owner)).body.settings.siteName;

    expect((await api('/settings', owner, { method: 'PATCH', body: { siteName: 'Shop', autoAwayMinutes: 0, requireTagToClose: true } })).status).toBe(200);
    const changed = await entries(owner, '?action=settings.changed');
    // autoAwayMinutes was 0 already: not a change. Newest first, in the patch's order.
    expect(changed.map((e) => [e.target, e.details])).toEqual([
      ['requireTagToClose', { from: false, to: true }],
      ['siteName', { from: siteName, to: 'Shop' }],
    ]);

    const exported = await fetch(`${server.url}/api/export?from=2026-01-01`, { headers: { authorization: `Bearer ${owner}` } });
    expect(exported.status).toBe(200);
    await exported.text();
    expect(await latest(owner, 'history.exported')).toMatchObject({ actor: ownerId, details: { from: '2026-01-01', to: null, tz: 'UTC' } });

    const small = readFileSync(resolve(process.cwd(), '../shared/fixtures/small.ndjson'), 'utf8');
    const imported = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/x-ndjson' },
      body: small,
    });
    expect(imported.status).toBe(200);
    const entry = await latest(owner, 'history.imported');
    expect(entry).toMatchObject({ actor: ownerId });
    expect(entry.details.imported).toEqual((await imported.json()).imported);

    const other = await loginToken(server.url);
    const out = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${other}` } });
    expect(out.status).toBe(200);
    expect(await latest(owner, 'auth.signed_out')).toMatchObject({ actor: ownerId, target: ownerId });
  });
});
