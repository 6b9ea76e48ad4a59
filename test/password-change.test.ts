import { afterEach, describe, expect, it } from 'vitest';
import { apiCall, startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { connectAgent, createAgentAccount, type TestClient } from './helpers/clients.ts';

let server: TestServer;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
});

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) => apiCall(server.url, token, path, init);
const signedIn = async (token: string) => (await api('/auth/me', token)).status === 200;
const agentId = async (token: string) => (await api('/auth/me', token)).body.agent.id as string;

describe('a password change', () => {
  it("by an admin ends every session and console socket of that account", async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    const bobPhone = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
    const bobLaptop = await loginToken(server.url, 'bob@example.com', 'agent-password');
    const socket = await connectAgent(server.url, bobLaptop);
    clients.push(socket);
    expect((await socket.call('status:set', { status: 'online' })).ok).toBe(true);

    const changed = await api(`/agents/${await agentId(bobPhone)}`, owner, { method: 'PATCH', body: { password: 'a-new-password' } });
    expect(changed.status).toBe(200);
    expect(await signedIn(bobPhone)).toBe(false);
    expect(await signedIn(bobLaptop)).toBe(false);
    await expect.poll(() => socket.socket.connected).toBe(false);
    // The owner's own session is untouched, and Bob signs in with the new password only.
    expect(await signedIn(owner)).toBe(true);
    expect(await loginToken(server.url, 'bob@example.com', 'a-new-password')).toBeTruthy();
  });

  it('by the account itself keeps the session it was made from and ends the others', async () => {
    server = await startTestServer();
    const here = await loginToken(server.url);
    const elsewhere = await loginToken(server.url);
    const elsewhereSocket = await connectAgent(server.url, elsewhere);
    const hereSocket = await connectAgent(server.url, here);
    clients.push(elsewhereSocket, hereSocket);
    const changed = await api(`/agents/${await agentId(here)}`, here, { method: 'PATCH', body: { password: 'a-new-password' } });
    expect(changed.status).toBe(200);
    expect(await signedIn(here)).toBe(true);
    expect(await signedIn(elsewhere)).toBe(false);
    await expect.poll(() => elsewhereSocket.socket.connected).toBe(false);
    expect(hereSocket.socket.connected).toBe(true);
  });

  it("of another admin is refused to an admin, and changes nothing", async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    const adaToken = await createAgentAccount(server.url, server.store, { name: 'Ada', email: 'ada@example.com', role: 'admin' });
    const ben = await createAgentAccount(server.url, server.store, { name: 'Ben', email: 'ben@example.com', role: 'admin' });
    const refused = await api(`/agents/${await agentId(ben)}`, adaToken, { method: 'PATCH', body: { password: 'taken-over!' } });
    expect(refused.status).toBe(403);
    expect(refused.body.field).toBe('password');
    expect(await signedIn(ben)).toBe(true);
    await expect(loginToken(server.url, 'ben@example.com', 'taken-over!')).rejects.toThrow();
    // An owner may; an admin may still set an agent's password.
    expect((await api(`/agents/${await agentId(ben)}`, owner, { method: 'PATCH', body: { password: 'reset-by-owner' } })).status).toBe(200);
  });
});
