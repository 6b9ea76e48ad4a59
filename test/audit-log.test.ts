import { afterEach, describe, expect, it } from 'vitest';
import { apiCall, loginToken, signInAttempt, startTestServer, type TestServer } from './helpers/server.ts';
import { createAgentAccount } from './helpers/clients.ts';

let server: TestServer;
afterEach(async () => {
  await server?.close(true);
});

const api = (path: string, token: string) => apiCall(server.url, token, path);

describe('the audit log', () => {
  it('records sign-ins and failed sign-ins with their address, newest first, filtered by action and actor', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    const wrong = await signInAttempt(server.url, { email: 'owner@example.com', password: 'not-it' });
    expect(wrong.status).toBe(401);

    const all = await api('/audit', owner);
    expect(all.status).toBe(200);
    const [failed, signedIn] = all.body.entries;
    expect(failed).toMatchObject({ actor: null, action: 'auth.sign_in_failed', details: { email: 'owner@example.com' } });
    expect(failed.ip).toMatch(/127\.0\.0\.1/);
    const me = (await api('/auth/me', owner)).body.agent.id;
    expect(signedIn).toMatchObject({ actor: me, action: 'auth.signed_in', target: me });
    expect(Date.parse(signedIn.at)).toBeLessThanOrEqual(Date.parse(failed.at));

    expect((await api('/audit?action=auth.sign_in_failed', owner)).body.entries).toHaveLength(1);
    expect((await api('/audit?action=auth.', owner)).body.entries).toHaveLength(2);
    expect((await api(`/audit?actor=${me}`, owner)).body.entries.map((e: any) => e.action)).toEqual(['auth.signed_in']);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await api(`/audit?from=${encodeURIComponent(future)}`, owner)).body.entries).toEqual([]);
  });

  it('is for owners and admins only, and names a bad filter', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    const agent = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    expect((await api('/audit', agent)).status).toBe(403);
    const bad = await api('/audit?from=yesterday', owner);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('from');
  });
});
