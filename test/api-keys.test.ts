import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { apiCall, FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

// API keys and the REST routes for integrations (README "API keys"), on a real server with real
// sockets, on SQLite and on Postgres.

const servers: TestServer[] = [];
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close(true);
});

async function serverWithOwner(clock?: FakeClock) {
  const server = await startTestServer(clock ? { clock } : {});
  servers.push(server);
  return { server, owner: await loginToken(server.url) };
}

const makeKey = async (url: string, token: string, name: string, scopes: string[]) => {
  const made = await apiCall(url, token, '/api-keys', { method: 'POST', body: { name, scopes } });
  expect(made.status).toBe(201);
  return made.body as { id: string; name: string; scopes: string[]; key: string };
};

describe('API keys', () => {
  it('are made by owners and admins, shown once, kept as a hash, and revoked at once', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T10:00:00Z'));
    const { server, owner } = await serverWithOwner(clock);

    const made = await makeKey(server.url, owner, 'CRM', ['metrics:read']);
    expect(made).toMatchObject({ name: 'CRM', scopes: ['metrics:read'] });
    expect(made.key).toMatch(new RegExp(`^parley_${made.id}_[A-Za-z0-9_-]{43}$`));
    // Only the hash is in the store; the list never shows the key.
    const rows = await server.store.all<{ key_hash: string }>('SELECT key_hash FROM api_keys');
    expect(rows).toEqual([{ key_hash: createHash('sha256').update(made.key).digest('hex') }]);
    const listed = await apiCall(server.url, owner, '/api-keys');
    expect(listed.body.apiKeys).toEqual([expect.objectContaining({ id: made.id, name: 'CRM', scopes: ['metrics:read'], createdAt: clock.now(), lastUsedAt: null })]);
    expect(JSON.stringify(listed.body)).not.toContain(made.key);

    // Bad input names the field and writes nothing.
    const bad = await apiCall(server.url, owner, '/api-keys', { method: 'POST', body: { name: 'x', scopes: ['chats:delete'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('scopes.0');
    expect((await apiCall(server.url, owner, '/api-keys', { method: 'POST', body: { name: '', scopes: ['admin'] } })).body.field).toBe('name');
    // In plain words, not zod's ("Too big: expected string to have <=100 characters").
    const long = await apiCall(server.url, owner, '/api-keys', { method: 'POST', body: { name: 'x'.repeat(101), scopes: ['admin'] } });
    expect(long.body).toEqual({ field: 'name', error: 'name: is too long: at most 100 characters' });
    expect(bad.body.error).toBe('scopes.0: must be one of metrics:read, chats:read, chats:write, visitors:read, visitors:write, admin');
    expect(await server.store.value('SELECT count(*) FROM api_keys')).toBe(1);

    // The key works, and its use is noted at most once a minute.
    const range = 'from=2026-03-01&to=2026-03-03';
    expect((await apiCall(server.url, made.key, `/metrics?${range}`)).status).toBe(200);
    const used = () => apiCall(server.url, owner, '/api-keys').then((r) => r.body.apiKeys[0].lastUsedAt);
    expect(await used()).toBe(clock.now());
    const first = clock.now();
    clock.advance(30_000);
    await apiCall(server.url, made.key, `/metrics?${range}`);
    expect(await used()).toBe(first);
    clock.advance(31_000);
    await apiCall(server.url, made.key, `/metrics?${range}`);
    expect(await used()).toBe(clock.now());

    // A wrong secret with a real id, or a made-up key, is a 401 that says the key does not work
    // (not "sign in first", which reads as if nothing was sent).
    for (const wrong of [`${made.key.slice(0, -3)}AAA`, 'parley_0123456789abcdef_' + 'A'.repeat(43), 'parley_nonsense']) {
      const refused = await apiCall(server.url, wrong, `/metrics?${range}`);
      expect(refused.status).toBe(401);
      expect(refused.body.error).toMatch(/^this API key is not valid: it is wrong, it was revoked/);
    }
    // Nothing sent, and a session token that has ended, are told apart.
    expect((await fetch(`${server.url}/api/metrics?${range}`).then((r) => r.json())).error).toMatch(/^sign in first/);
    const session = await loginToken(server.url);
    expect((await apiCall(server.url, session, '/auth/logout', { method: 'POST' })).status).toBe(200);
    const ended = await apiCall(server.url, session, `/metrics?${range}`);
    expect(ended.status).toBe(401);
    expect(ended.body.error).toBe('your session has ended: sign in again');

    // Agents may not manage keys; a key may not make keys, even with `admin`.
    const carol = await createAgentAccount(server.url, server.store, { name: 'Carol', email: 'carol@example.com' });
    expect((await apiCall(server.url, carol, '/api-keys')).status).toBe(403);
    const adminKey = await makeKey(server.url, owner, 'Everything', ['admin']);
    const byKey = await apiCall(server.url, adminKey.key, '/api-keys', { method: 'POST', body: { name: 'x', scopes: ['admin'] } });
    expect(byKey.status).toBe(403);

    // Revoked: refused on its very next call; the audit log tells who made and revoked it.
    expect((await apiCall(server.url, owner, `/api-keys/${made.id}`, { method: 'DELETE' })).status).toBe(200);
    const revoked = await apiCall(server.url, made.key, `/metrics?${range}`);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toMatch(/^this API key is not valid: .*revoked/);
    expect((await apiCall(server.url, owner, `/api-keys/${made.id}`, { method: 'DELETE' })).status).toBe(404);
    const audit = (await apiCall(server.url, owner, '/audit?action=api_key.')).body.entries;
    expect(audit.map((e: any) => [e.action, e.target])).toEqual([
      ['api_key.revoked', `key:${made.id}`],
      ['api_key.created', `key:${adminKey.id}`],
      ['api_key.created', `key:${made.id}`],
    ]);
  });

  it('calls only within its scopes: a 403 names the scope it needs; `admin` allows all', async () => {
    const server = await startTestServer({ config: { webhooksAllowPrivate: true } });
    servers.push(server);
    const owner = await loginToken(server.url);
    const metrics = await makeKey(server.url, owner, 'Warehouse', ['metrics:read']);
    const range = 'from=2026-03-01&to=2026-03-03';
    expect((await apiCall(server.url, metrics.key, `/metrics/agents?${range}`)).status).toBe(200);
    const refused = await apiCall(server.url, metrics.key, '/visitors/live');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ scope: 'visitors:read' });
    expect(refused.body.error).toContain('visitors:read');
    const chats = await apiCall(server.url, metrics.key, '/chats');
    expect(chats.body.scope).toBe('chats:read');
    // Routes outside the named scopes need `admin`; the console's own (push, two-factor) take no key.
    expect((await apiCall(server.url, metrics.key, '/webhooks')).body.scope).toBe('admin');
    const admin = await makeKey(server.url, owner, 'Ops', ['admin']);
    expect((await apiCall(server.url, admin.key, '/webhooks')).status).toBe(200);
    expect((await apiCall(server.url, admin.key, '/visitors/live')).status).toBe(200);
    expect((await apiCall(server.url, admin.key, '/canned')).status).toBe(200);
    expect((await apiCall(server.url, admin.key, '/push/preferences')).status).toBe(403);
    // What a key changes is audited with the key as the actor.
    const hook = await apiCall(server.url, admin.key, '/webhooks', { method: 'POST', body: { url: 'http://127.0.0.1:9/hook', events: ['chat.closed'] } });
    expect(hook.status).toBe(201);
    const entry = (await apiCall(server.url, owner, '/audit?action=webhook.')).body.entries[0];
    expect(entry.actor).toBe(`key:${admin.id}`);
  });

  it("acts as its maker, never above admin, and stops when the maker is deactivated", async () => {
    const { server, owner } = await serverWithOwner();
    const ann = await createAgentAccount(server.url, server.store, { name: 'Ann', email: 'ann@example.com', role: 'admin' });
    const key = await makeKey(server.url, ann, 'Ann’s script', ['admin']);
    expect((await apiCall(server.url, key.key, '/canned')).status).toBe(200);
    // An owner's key is an admin's: requiring two-factor sign-in is the owner's alone.
    const ownerKey = await makeKey(server.url, owner, 'Owner’s script', ['admin']);
    const twoFactorRule = { method: 'PATCH', body: { requireTwoFactor: false } };
    expect((await apiCall(server.url, ownerKey.key, '/settings', twoFactorRule)).status).toBe(403);
    expect((await apiCall(server.url, owner, '/settings', twoFactorRule)).status).toBe(200);

    const annId = (await apiCall(server.url, ann, '/auth/me')).body.agent.id;
    expect((await apiCall(server.url, owner, `/agents/${annId}`, { method: 'PATCH', body: { disabled: true } })).status).toBe(200);
    expect((await apiCall(server.url, key.key, '/canned')).status).toBe(401);
  });
});

describe('API key budget', () => {
  it('a key past its requests a minute gets 429 with Retry-After; other keys and the console are not slowed', async () => {
    const server = await startTestServer({ config: { apiKeyRequestsPerMinute: 3 } });
    servers.push(server);
    const owner = await loginToken(server.url);
    const busy = await makeKey(server.url, owner, 'Busy', ['chats:read']);
    const quiet = await makeKey(server.url, owner, 'Quiet', ['chats:read']);
    for (let i = 0; i < 3; i++) expect((await apiCall(server.url, busy.key, '/chats')).status).toBe(200);

    const res = await fetch(`${server.url}/api/chats`, { headers: { authorization: `Bearer ${busy.key}` } });
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    const body = (await res.json()) as { error: string; retryAfterMs: number };
    expect(body.error).toMatch(/^this API key made more than 3 requests in a minute: try again in \d+ s$/);
    expect(body.retryAfterMs).toBeGreaterThan(0);

    // Nobody else pays: another key, the console's session, and a made-up key naming the busy one's id.
    expect((await apiCall(server.url, quiet.key, '/chats')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await apiCall(server.url, owner, '/chats')).status).toBe(200);
    expect((await apiCall(server.url, `parley_${busy.id}_${'A'.repeat(43)}`, '/chats')).status).toBe(401);
  });
});

describe('chats over REST', () => {
  it('sends a message as a named agent to the chat’s sockets, once however often it is retried; closes and tags', async () => {
    const { server, owner } = await serverWithOwner();
    const ann = await createAgentAccount(server.url, server.store, { name: 'Ann', email: 'ann@example.com' });
    const annId = (await apiCall(server.url, ann, '/auth/me')).body.agent.id as string;
    const console = track(await connectAgent(server.url, ann));
    const visitor = track(await connectVisitor(server.url));
    expect((await visitor.call('visitor:hello', { locale: 'en-GB' })).ok).toBe(true);
    expect((await visitor.call('page:view', { id: newId('pv_'), url: 'https://shop.example/', title: 'Shop' })).ok).toBe(true);

    const reader = await makeKey(server.url, owner, 'Reader', ['chats:read', 'visitors:read']);
    const writer = await makeKey(server.url, owner, 'Bot', ['chats:write', 'chats:read', 'visitors:write']);
    expect((await apiCall(server.url, reader.key, `/visitors/${visitor.visitorId}`)).body.visitor).toMatchObject({ visitorId: visitor.visitorId, title: 'Shop' });

    // Start chat as Ann (visitors:write), as the Visitors page does.
    const refused = await apiCall(server.url, reader.key, `/visitors/${visitor.visitorId}/chats`, { method: 'POST', body: { id: newId('m_'), text: 'Hi' } });
    expect(refused.body.scope).toBe('visitors:write');
    const started = await apiCall(server.url, writer.key, `/visitors/${visitor.visitorId}/chats`, {
      method: 'POST',
      body: { id: newId('m_'), text: 'Hello from Ann', agentId: annId },
    });
    expect(started.status).toBe(201);
    const chatId = started.body.chatId as string;
    await visitor.waitFor('message:new', (m) => m.chatId === chatId && m.text === 'Hello from Ann');

    // A message over REST reaches the visitor's and the console's sockets; a retry is the same message.
    const id = newId('m_');
    const send = (body: unknown, key = writer.key) => apiCall(server.url, key, `/chats/${chatId}/messages`, { method: 'POST', body });
    expect((await send({ id, text: 'Over REST', agentId: annId }, reader.key)).body.scope).toBe('chats:write');
    const sent = await send({ id, text: 'Over REST', agentId: annId });
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({ id, chatId, author: 'agent', agentId: annId, text: 'Over REST' });
    expect(await visitor.waitFor('message:new', (m) => m.id === id)).toMatchObject({ text: 'Over REST', authorName: 'Ann' });
    await console.waitFor('message:new', (m) => m.id === id);
    const retried = await send({ id, text: 'Over REST', agentId: annId });
    expect(retried.status).toBe(201);
    expect(retried.body.message.seq).toBe(sent.body.message.seq);
    const transcript = await apiCall(server.url, reader.key, `/chats/${chatId}/messages`);
    expect(transcript.body.messages.filter((m: any) => m.id === id)).toHaveLength(1);
    expect(transcript.body.chat).toMatchObject({ id: chatId, status: 'active' });

    // Only the chat's agent writes in it; bad input names the field.
    const owned = (await apiCall(server.url, owner, '/auth/me')).body.agent.id;
    expect((await send({ id: newId('m_'), text: 'Not mine', agentId: owned })).status).toBe(409);
    expect((await send({ id: newId('m_'), text: 'Nobody', agentId: 'a_nobody' })).body.field).toBe('agentId');
    expect((await send({ id: newId('m_'), text: '', agentId: annId })).body.field).toBe('text');
    expect((await apiCall(server.url, writer.key, '/chats/c_nothing/messages', { method: 'POST', body: { id: newId('m_'), text: 'x', agentId: annId } })).status).toBe(404);

    // Tags and close, seen by the console.
    const tagged = await apiCall(server.url, writer.key, `/chats/${chatId}/tags`, { method: 'PUT', body: { tags: ['billing', 'vip'] } });
    expect(tagged.body.tags.sort()).toEqual(['billing', 'vip']);
    expect((await apiCall(server.url, writer.key, `/chats/${chatId}/tags`, { method: 'PUT', body: { tags: ['vip'] } })).body.tags).toEqual(['vip']);
    const closed = await apiCall(server.url, writer.key, `/chats/${chatId}/close`, { method: 'POST', body: {} });
    expect(closed.body.chat).toMatchObject({ id: chatId, status: 'closed' });
    await console.waitFor('chat:upsert', (c) => c.id === chatId && c.status === 'closed');

    // The list, with filters and paging.
    const list = await apiCall(server.url, reader.key, '/chats?status=closed&limit=10');
    expect(list.body).toMatchObject({ total: 1, chats: [expect.objectContaining({ id: chatId, tags: ['vip'] })] });
    expect((await apiCall(server.url, reader.key, '/chats?status=active')).body.total).toBe(0);
    expect((await apiCall(server.url, reader.key, '/chats?limit=0')).body.field).toBe('limit');
    expect((await apiCall(server.url, reader.key, '/chats?colour=red')).body.field).toBe('colour');

    // A chat's surveys need chats:read, as README's table of scopes says (not admin).
    expect((await apiCall(server.url, reader.key, `/chats/${chatId}/surveys`)).body).toEqual({ surveys: [] });
    expect((await apiCall(server.url, writer.key, '/chats/c_nothing/surveys')).status).toBe(404);
    const metricsOnly = await makeKey(server.url, owner, 'Numbers', ['metrics:read']);
    const noScope = await apiCall(server.url, metricsOnly.key, `/chats/${chatId}/surveys`);
    expect(noScope).toMatchObject({ status: 403, body: { scope: 'chats:read' } });
  });
});
