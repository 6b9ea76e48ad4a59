import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { signInAttempt, startTestServer, type TestServer } from './helpers/server.ts';
import { testBackend } from './helpers/postgres.ts';
import { freePort, startServerProcess } from './helpers/server-process.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { newId } from '../shared/ids.ts';
import { testConfig, type Config } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';

/**
 * Two nodes on one store (two servers on one SQLite file, or on one Postgres database in the
 * postgres project): what one node does, the other must never contradict, and what one node
 * held when it died, the other takes over.
 */
const servers: TestServer[] = [];
const clients: TestClient[] = [];
const children: ChildProcess[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const child of children.splice(0)) child.kill('SIGKILL');
  const all = servers.splice(0);
  for (const s of all.slice(1)) await s.close();
  await all[0]?.close(true);
});

async function twoNodes(config: Partial<Config> = {}) {
  const a = await startTestServer({ config: { ...config, nodeId: 'node-a' }, log: process.env.TEST_LOG ? createLogger(testConfig({ logLevel: 'error' })) : undefined });
  servers.push(a);
  const b = await startTestServer({ dbPath: a.dbPath, databaseUrl: a.databaseUrl, config: { ...config, nodeId: 'node-b' } });
  servers.push(b);
  return [a, b] as const;
}

const openChatsOf = async (s: TestServer, agentId: string) =>
  Number(await s.store.value('SELECT count(*) FROM chats WHERE agent_id = ? AND closed_at IS NULL AND queued_at IS NULL', [agentId]));

describe('two nodes on one store', () => {
  it('many agents accepting the same chats through both nodes: each chat gets one agent, every other accept is refused', async () => {
    const [a, b] = await twoNodes();
    const agents: TestClient[] = [];
    for (let i = 0; i < 4; i++) {
      const token = await createAgentAccount(a.url, a.store, { name: `Agent ${i}`, email: `agent${i}@example.com`, maxChats: 20 });
      // Each agent has a console on both nodes.
      for (const node of [a, b]) agents.push(track(await connectAgent(node.url, token)));
    }
    await agents[0]!.call('status:set', { status: 'online' });
    const chatIds: string[] = [];
    for (let i = 0; i < 8; i++) {
      const v = track(await connectVisitor((i % 2 ? a : b).url));
      await v.call('visitor:hello', {});
      chatIds.push((await v.call('message:send', { id: newId('m_'), text: `help ${i}` })).message.chatId);
    }

    const acks = await Promise.all(chatIds.flatMap((chatId) => agents.map((agent) => agent.call('chat:accept', { chatId }))));
    for (const [i, chatId] of chatIds.entries()) {
      const forChat = acks.slice(i * agents.length, (i + 1) * agents.length);
      expect(forChat.filter((ack) => ack.ok)).toHaveLength(1);
      for (const refused of forChat.filter((ack) => !ack.ok)) expect(refused.error).toMatch(/already taken/);
      expect(Number(await a.store.value('SELECT count(*) FROM assignments WHERE chat_id = ?', [chatId]))).toBe(1);
      const joined = await a.store.value("SELECT count(*) FROM messages WHERE chat_id = ? AND notice LIKE '%joined%'", [chatId]);
      expect(Number(joined)).toBe(1);
    }
  });

  it('auto-assignment on both nodes at once never gives a chat two agents, nor an agent more than maxChats', async () => {
    const [a, b] = await twoNodes({ routingMode: 'auto' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const token = await createAgentAccount(a.url, a.store, { name: `Agent ${i}`, email: `agent${i}@example.com`, maxChats: 2 });
      const agent = track(await connectAgent((i % 2 ? a : b).url, token));
      await agent.call('status:set', { status: 'online' });
      ids.push((await a.store.value<string>('SELECT id FROM agents WHERE email = ?', [`agent${i}@example.com`]))!);
    }
    // Ten chats arrive at both nodes at once while both route their queue again and again.
    const sends = Array.from({ length: 10 }, async (_, i) => {
      const v = track(await connectVisitor((i % 2 ? a : b).url));
      await v.call('visitor:hello', {});
      const sent = await v.call('message:send', { id: newId('m_'), text: `help ${i}` });
      expect(sent).toMatchObject({ ok: true });
      return sent.message.chatId as string;
    });
    const routes = Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).parley.realtime.lifecycle.routeQueue());
    const chatIds = await Promise.all(sends);
    await Promise.all(routes);
    await Promise.all([a.parley.realtime.lifecycle.routeQueue(), b.parley.realtime.lifecycle.routeQueue()]);

    for (const agentId of ids) expect(await openChatsOf(a, agentId)).toBe(2);
    const assignments = await a.store.all<{ chat_id: string; n: number }>('SELECT chat_id, count(*) AS n FROM assignments GROUP BY chat_id');
    expect(assignments).toHaveLength(6);
    for (const row of assignments) expect(Number(row.n)).toBe(1);
    const waiting = await a.store.column('SELECT id FROM chats WHERE queued_at IS NOT NULL');
    expect(waiting).toHaveLength(4);
    expect(new Set([...waiting, ...assignments.map((r) => r.chat_id)])).toEqual(new Set(chatIds));
  });

  it('an agent is online while connected to any node; their grace period runs once, when the last socket anywhere is gone', async () => {
    const [a, b] = await twoNodes({ agentGraceMs: 300 });
    const token = await createAgentAccount(a.url, a.store, { name: 'Ann', email: 'ann@example.com' });
    const annId = (await a.store.value<string>("SELECT id FROM agents WHERE email = 'ann@example.com'"))!;
    const onA = track(await connectAgent(a.url, token));
    const onB = track(await connectAgent(b.url, token));
    await onA.call('status:set', { status: 'online' });

    onA.close();
    await new Promise((r) => setTimeout(r, 1000));
    const status = () => a.store.value('SELECT status FROM agent_status_changes WHERE agent_id = ? ORDER BY at DESC LIMIT 1', [annId]);
    expect(await status()).toBe('online');

    onB.close();
    await expect.poll(status).toBe('offline');
    await new Promise((r) => setTimeout(r, 600));
    expect(Number(await a.store.value("SELECT count(*) FROM agent_status_changes WHERE agent_id = ? AND status = 'offline'", [annId]))).toBe(1);
    expect(Number(await a.store.value('SELECT count(*) FROM deadlines'))).toBe(0);
  });

  it.skipIf(testBackend !== 'postgres')('on Postgres the sign-in limits count the wrong passwords sent to every node together', async () => {
    const signInLimits = { ...testConfig().signInLimits, consecutiveFails: 100, failsPerIpPerDay: 4 };
    const [a, b] = await twoNodes({ signInLimits });
    const attempt = async (node: TestServer) =>
      (await signInAttempt(node.url, { email: 'owner@example.com', password: 'wrong' }, { 'x-forwarded-for': '203.0.113.9' })).status;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push(await attempt(i % 2 ? a : b));
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('a node killed with -9: another node notices it went silent and runs the grace periods of the agents it held', async () => {
    const [a] = await twoNodes({ agentGraceMs: 500 });
    const port = await freePort();
    const dead = await startNode(port, a, 'node-doomed');
    const url = `http://127.0.0.1:${port}`;
    const token = await createAgentAccount(url, a.store, { name: 'Ann', email: 'ann@example.com' });
    const annId = (await a.store.value<string>("SELECT id FROM agents WHERE email = 'ann@example.com'"))!;
    const ann = track(await connectAgent(url, token));
    ann.socket.io.opts.reconnection = false;
    await ann.call('status:set', { status: 'online' });
    const visitor = track(await connectVisitor(a.url));
    await visitor.call('visitor:hello', {});
    const { message } = await visitor.call('message:send', { id: newId('m_'), text: 'hello?' });
    expect((await ann.call('chat:accept', { chatId: message.chatId })).ok).toBe(true);

    const killedAt = Date.now();
    dead.kill('SIGKILL');
    // Silent for NODE_TIMEOUT_MS, then the grace period: Ann goes offline, her chat back in line.
    await expect
      .poll(() => a.store.value('SELECT status FROM agent_status_changes WHERE agent_id = ? ORDER BY at DESC LIMIT 1', [annId]), { timeout: 25_000, interval: 250 })
      .toBe('offline');
    expect(Date.now() - killedAt).toBeGreaterThan(500);
    const chat = await a.store.get<{ queued_at: number | null }>('SELECT queued_at FROM chats WHERE id = ?', [message.chatId]);
    expect(chat?.queued_at).not.toBeNull();
    expect(await a.store.value("SELECT count(*) FROM nodes WHERE id = 'node-doomed'")).toBe(0);
  }, 40_000);
});

/** A node as its own process (server/main.ts) on the store of `like`, to be killed with -9. */
function startNode(port: number, like: TestServer, nodeId: string): Promise<ChildProcess> {
  return startServerProcess(
    port,
    { ...(like.databaseUrl ? { DATABASE_URL: like.databaseUrl } : { DATABASE_PATH: like.dbPath }), NODE_ID: nodeId, LOG_LEVEL: 'silent' },
    (child) => children.push(child),
  );
}
