import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../shared/ids.ts';
import { connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

// Admins' settings on a real server: moving canned replies between shared, personal and
// departments; renaming and deleting departments; deleting SLA policies. Bad input changes
// nothing, agents get 403, and deleting never takes anything from the history or the metrics.

let server: TestServer;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
});

const api = (path: string, token: string, init: { method?: string; body?: unknown } = {}) => apiCall(server.url, token, path, init);

/** An owner, an agent Bob and a department "sales". */
async function start() {
  server = await startTestServer();
  const owner = await loginToken(server.url);
  const bob = await createAgentAccount(server.url, server.store, { name: 'Bob', email: 'bob@example.com' });
  expect((await api('/departments', owner, { method: 'POST', body: { id: 'sales', name: 'Sales' } })).status).toBe(201);
  return { owner, bob };
}

const cannedRows = () => server.store.all('SELECT * FROM canned_replies ORDER BY id');
const departmentRows = () => server.store.all('SELECT * FROM departments ORDER BY id');
const policyRows = () => server.store.all('SELECT * FROM sla_policies ORDER BY id');

async function importHistory(token: string, records: object[]) {
  const body = [{ type: 'meta', format: 'chat-history', version: 1 }, ...records].map((r) => JSON.stringify(r)).join('\n');
  const res = await fetch(`${server.url}/api/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(200);
}

/** A closed chat whose first reply comes `frtSec` after its start. */
function chat(id: string, department: string | null, startedAt: string, frtSec: number) {
  const start = Date.parse(startedAt);
  const at = (sec: number) => new Date(start + sec * 1000).toISOString();
  return {
    type: 'chat', id, visitorId: `v-${id}`, department, priority: 'normal', channel: 'widget',
    startedAt: at(0), closedAt: at(600), closedBy: 'agent', tags: [],
    assignments: [{ agentId: 'a1', at: at(1) }],
    messages: [
      { id: `${id}-1`, author: 'visitor', at: at(0), text: 'hi' },
      { id: `${id}-2`, author: 'agent', agentId: 'a1', at: at(frtSec), text: 'Hello!' },
    ],
  };
}

const month = 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';

describe('canned replies: PATCH takes the department and personal/shared', () => {
  it('an admin moves a shared reply to a department, makes it personal and shared again; fields left out keep their value', async () => {
    const { owner } = await start();
    const created = (await api('/canned', owner, { method: 'POST', body: { shortcut: 'hello', text: 'Hello!' } })).body.canned;
    expect(created).toMatchObject({ departmentId: null, ownerAgentId: null });
    const ownerId = (await api('/auth/me', owner)).body.agent.id;

    let res = await api(`/canned/${created.id}`, owner, { method: 'PATCH', body: { departmentId: 'sales' } });
    expect(res.status).toBe(200);
    expect(res.body.canned).toMatchObject({ shortcut: 'hello', text: 'Hello!', departmentId: 'sales', ownerAgentId: null });
    // Only the text: the department stays.
    res = await api(`/canned/${created.id}`, owner, { method: 'PATCH', body: { text: 'Hi there!' } });
    expect(res.body.canned).toMatchObject({ text: 'Hi there!', departmentId: 'sales', ownerAgentId: null });
    res = await api(`/canned/${created.id}`, owner, { method: 'PATCH', body: { personal: true, departmentId: null } });
    expect(res.body.canned).toMatchObject({ departmentId: null, ownerAgentId: ownerId });
    res = await api(`/canned/${created.id}`, owner, { method: 'PATCH', body: { personal: false, departmentId: 'sales' } });
    expect(res.body.canned).toMatchObject({ departmentId: 'sales', ownerAgentId: null });
    expect((await api('/canned', owner)).body.canned).toEqual([res.body.canned]);
  });

  it('refuses bad input with a 400 or 404 naming it, changing nothing', async () => {
    const { owner } = await start();
    const { id } = (await api('/canned', owner, { method: 'POST', body: { shortcut: 'hello', text: 'Hello!' } })).body.canned;
    const before = await cannedRows();
    const cases: [unknown, string][] = [
      [{ departmentId: 'nope' }, 'departmentId'],
      [{ departmentId: 7 }, 'departmentId'],
      [{ personal: 'yes' }, 'personal'],
      [{ department: 'sales' }, 'body'],
      [{ text: 'ok', shortcut: 'has space' }, 'shortcut'],
      [[], 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await api(`/canned/${id}`, owner, { method: 'PATCH', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.field, JSON.stringify(body)).toBe(field);
      expect(res.body.error).toMatch(new RegExp(`^${field}: `));
    }
    expect((await api('/canned/cn_nope', owner, { method: 'PATCH', body: { text: 'x' } })).status).toBe(404);
    expect(await cannedRows()).toEqual(before);
  });

  it('an agent edits only their own replies and cannot share one, here or when creating; admins cannot take an agent’s', async () => {
    const { owner, bob } = await start();
    const shared = (await api('/canned', owner, { method: 'POST', body: { shortcut: 'hello', text: 'Hello!' } })).body.canned;
    const mine = await api('/canned', bob, { method: 'POST', body: { shortcut: 'sig', text: 'Bob' } });
    expect(mine.status).toBe(201);
    expect(mine.body.canned.ownerAgentId).not.toBeNull();
    const refusedCreate = await api('/canned', bob, { method: 'POST', body: { shortcut: 'all', text: 'For all', personal: false } });
    expect(refusedCreate.status).toBe(403);
    expect(refusedCreate.body.error).toMatch(/only admins and owners can share/);
    const before = await cannedRows();

    expect((await api(`/canned/${mine.body.canned.id}`, bob, { method: 'PATCH', body: { personal: false } })).status).toBe(403);
    expect((await api(`/canned/${shared.id}`, bob, { method: 'PATCH', body: { personal: true } })).status).toBe(403);
    expect((await api(`/canned/${shared.id}`, bob, { method: 'PATCH', body: { departmentId: 'sales' } })).status).toBe(403);
    expect((await api(`/canned/${mine.body.canned.id}`, owner, { method: 'PATCH', body: { personal: false } })).status).toBe(403);
    expect(await cannedRows()).toEqual(before);

    // Like creating one: an agent may file their personal reply under a department.
    const moved = await api(`/canned/${mine.body.canned.id}`, bob, { method: 'PATCH', body: { departmentId: 'sales', personal: true } });
    expect(moved.status).toBe(200);
    expect(moved.body.canned).toMatchObject({ departmentId: 'sales', ownerAgentId: mine.body.canned.ownerAgentId });
  });
});

describe('departments: rename and delete', () => {
  it('renames a department, keeping its id; refuses bad names, id changes, unknown ids and agents', async () => {
    const { owner, bob } = await start();
    const res = await api('/departments/sales', owner, { method: 'PATCH', body: { name: '  Sales & billing ' } });
    expect(res.status).toBe(200);
    expect(res.body.department).toEqual({ id: 'sales', name: 'Sales & billing' });
    expect((await api('/departments', bob)).body.departments).toEqual([{ id: 'sales', name: 'Sales & billing' }]);
    const before = await departmentRows();
    // In plain words, not zod's ("Too small: expected string to have >=1 characters").
    for (const [body, field, error] of [
      [{ name: '' }, 'name', 'name: must not be empty'],
      [{ name: 5 }, 'name', 'name: must be text'],
      [{}, 'name', 'name: is required'],
      [{ name: 'Sales', id: 'sales2' }, 'id', 'id: unknown field'],
    ] as const) {
      const bad = await api('/departments/sales', owner, { method: 'PATCH', body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.body).toEqual({ field, error });
    }
    expect((await api('/departments/nope', owner, { method: 'PATCH', body: { name: 'Nope' } })).status).toBe(404);
    expect((await api('/departments/sales', bob, { method: 'PATCH', body: { name: 'Mine' } })).status).toBe(403);
    expect(await departmentRows()).toEqual(before);
    const exported = await (await fetch(`${server.url}/api/export`, { headers: { authorization: `Bearer ${owner}` } })).text();
    expect(exported).toContain('{"type":"department","id":"sales","name":"Sales & billing"}');
  });

  it('deletes an unused department; 404 for an unknown one, 403 for an agent', async () => {
    const { owner, bob } = await start();
    expect((await api('/departments/sales', bob, { method: 'DELETE' })).status).toBe(403);
    expect((await api('/departments/nope', owner, { method: 'DELETE' })).status).toBe(404);
    expect(await departmentRows()).toHaveLength(1);
    const res = await api('/departments/sales', owner, { method: 'DELETE' });
    expect(res).toEqual({ status: 200, body: { ok: true } });
    expect((await api('/departments', owner)).body.departments).toEqual([]);
    expect((await api('/departments/sales', owner, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses (409) while agents, canned replies, SLA policies or business hours use it, saying which; then deletes', async () => {
    const { owner } = await start();
    const bobId = (await api('/agents', owner)).body.agents.find((a: any) => a.name === 'Bob').id;
    await api(`/agents/${bobId}`, owner, { method: 'PATCH', body: { departments: ['sales'] } });
    const canned = (await api('/canned', owner, { method: 'POST', body: { shortcut: 'hi', text: 'Hi', departmentId: 'sales' } })).body.canned;
    const policies = (await api('/sla-policies', owner, { method: 'PUT', body: { departmentId: 'sales', priority: 'high', firstResponseSec: 60, resolutionSec: null } })).body.policies;
    const week = { mon: [{ from: '09:00', to: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    await api('/settings', owner, { method: 'PATCH', body: { businessHours: { sales: { timeZone: 'UTC', days: week } } } });

    const refused = await api('/departments/sales', owner, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe(
      'the department is in use by 1 agent, 1 canned reply, 1 SLA policy, its business hours: move or remove those first',
    );
    expect(refused.body.uses).toEqual({ chats: 0, agents: 1, cannedReplies: 1, slaPolicies: 1, businessHours: true });
    expect(await departmentRows()).toHaveLength(1);

    await api(`/agents/${bobId}`, owner, { method: 'PATCH', body: { departments: [] } });
    await api(`/canned/${canned.id}`, owner, { method: 'PATCH', body: { departmentId: null } });
    await api(`/sla-policies/${policies[0].id}`, owner, { method: 'DELETE' });
    expect((await api('/departments/sales', owner, { method: 'DELETE' })).body.error).toBe(
      'the department is in use by its business hours: move or remove those first',
    );
    await api('/settings', owner, { method: 'PATCH', body: { businessHours: {} } });
    expect((await api('/departments/sales', owner, { method: 'DELETE' })).status).toBe(200);
    expect(await departmentRows()).toEqual([]);
  });

  it('never deletes a department that chats have had: the history, export and metrics keep it', async () => {
    const { owner } = await start();
    await importHistory(owner, [
      { type: 'department', id: 'support', name: 'Support' },
      { type: 'agent', id: 'a1', name: 'Anna', email: 'anna@example.com', role: 'agent', departments: [], maxChats: 3 },
      chat('ch1', 'support', '2026-01-05T10:00:00.000Z', 30),
    ]);
    const refused = await api('/departments/support', owner, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe(
      'the department is in use by 1 chat: chats keep their department for the history and the metrics, so it can only be renamed',
    );
    expect((await api(`/metrics?${month}&department=support`, owner)).body.chats.total).toBe(1);
    expect((await api('/departments/support', owner, { method: 'PATCH', body: { name: 'Customer care' } })).status).toBe(200);
    expect((await api(`/metrics?${month}&department=support`, owner)).body.chats.total).toBe(1);
  });

  it('a visitor who chose a department that was deleted before their first message gets a chat without one', async () => {
    const { owner } = await start();
    const visitor = await connectVisitor(server.url);
    clients.push(visitor);
    expect((await visitor.call('visitor:hello', { department: 'sales' })).ok).toBe(true);
    expect((await api('/departments/sales', owner, { method: 'DELETE' })).status).toBe(200);
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Hello?' });
    expect(sent.ok).toBe(true);
    expect(await server.store.value('SELECT department_id FROM chats WHERE id = ?', [sent.message.chatId])).toBeNull();
  });
});

describe('SLA policies: delete', () => {
  it('deletes a policy; the metrics then follow METRICS.md: the catch-all of the priority, then none', async () => {
    const { owner, bob } = await start();
    await importHistory(owner, [
      { type: 'agent', id: 'a1', name: 'Anna', email: 'anna@example.com', role: 'agent', departments: ['sales'], maxChats: 3 },
      { type: 'sla', id: 'sla-all', department: null, priority: 'normal', firstResponseSec: 60, resolutionSec: null },
      { type: 'sla', id: 'sla-sales', department: 'sales', priority: 'normal', firstResponseSec: 10, resolutionSec: null },
      chat('ch1', 'sales', '2026-01-05T10:00:00.000Z', 30),
      chat('ch2', null, '2026-01-06T10:00:00.000Z', 90),
    ]);
    const frt = async () => (await api(`/metrics?${month}`, owner)).body.sla.frt;
    // ch1: 30 s against its department's 10 s; ch2: 90 s against the catch-all's 60 s.
    expect(await frt()).toEqual({ met: 0, breached: 2, rate: 0 });

    expect((await api('/sla-policies/sla-sales', bob, { method: 'DELETE' })).status).toBe(403);
    expect((await api('/sla-policies/nope', owner, { method: 'DELETE' })).status).toBe(404);
    expect(await policyRows()).toHaveLength(2);

    const res = await api('/sla-policies/sla-sales', owner, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(res.body.policies.map((p: any) => p.id)).toEqual(['sla-all']);
    // ch1 falls back to the catch-all: 30 s ≤ 60 s.
    expect(await frt()).toEqual({ met: 1, breached: 1, rate: 0.5 });
    const exported = await (await fetch(`${server.url}/api/export`, { headers: { authorization: `Bearer ${owner}` } })).text();
    expect(exported).not.toContain('sla-sales');

    expect((await api('/sla-policies/sla-all', owner, { method: 'DELETE' })).body.policies).toEqual([]);
    expect(await frt()).toEqual({ met: 0, breached: 0, rate: null });
    // The chats themselves are untouched.
    expect((await api(`/metrics?${month}`, owner)).body.chats.total).toBe(2);
  });
});
