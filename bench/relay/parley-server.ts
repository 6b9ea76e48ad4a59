/**
 * Parley for the relay benchmark: the real createApp with `CHATS` chats already open, each
 * accepted by its own agent. The store: a temporary SQLite file in /tmp, or, with
 * PARLEY_BENCH_DATABASE_URL, that Postgres database (made and dropped by run.ts). A second node
 * on the same database (PARLEY_BENCH_JOIN=1) opens no chats: it serves the sockets run.ts sends
 * it, and the Socket.IO Postgres adapter carries the broadcasts between the nodes.
 *
 * The chats are opened here through the chat lifecycle before any socket connects, and each
 * gets its agent's first reply. Through sockets, every new and accepted chat, and every chat's
 * first reply (it stops the SLA clock on every console), is broadcast to every connected agent:
 * O(chats²) frames, which is setup, not the relay being measured. (Left to the first measured
 * round at 1,000 chats, those 10^6 chat:upsert frames stalled it ~7 s on a quiet machine; on a
 * loaded one every Parley socket then timed out on its pings, with the code before issue 9 too.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { systemClock } from '../../server/clock.ts';
import { configFromEnv } from '../../server/config.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { openPostgresStore } from '../../server/store/postgres.ts';
import { createAgent, createSession } from '../../server/store/agents.ts';
import { createVisitor } from '../../server/store/chats.ts';
import { newId } from '../../shared/ids.ts';
import { serveBenchmark, type ChatPair } from './child.ts';

await serveBenchmark(async (chats) => {
  const databaseUrl = process.env.PARLEY_BENCH_DATABASE_URL || undefined;
  const joining = process.env.PARLEY_BENCH_JOIN === '1';
  const dir = databaseUrl ? null : mkdtempSync(join(tmpdir(), 'parley-bench-relay-'));
  const databasePath = dir ? join(dir, 'parley.db') : '/nonexistent/parley.db';
  const store = databaseUrl ? await openPostgresStore(databaseUrl) : openSqliteStore(databasePath);
  const config = {
    ...configFromEnv({}),
    port: 0,
    demoPort: 0,
    databasePath,
    databaseUrl,
    nodeId: `bench-${process.pid}`,
    adminEmail: 'owner@bench.local',
    adminPassword: 'bench-owner-password',
    routingMode: 'manual' as const,
    logLevel: 'warn' as const,
  };
  const parley = await createApp({ config, clock: systemClock, db: store });
  const { lifecycle } = parley.realtime;

  const pairs: ChatPair[] = [];
  for (let i = 0; i < (joining ? 0 : chats); i++) {
    const now = systemClock.now();
    // One agent per chat: each agent socket receives only its own chat's messages.
    const agent = await createAgent(store, { name: `Agent ${i}`, email: `agent${i}@bench.local`, role: 'agent', maxChats: 1 }, now);
    const agentToken = await createSession(store, agent.id, now);
    const visitor = await createVisitor(store, now);
    const first = await lifecycle.visitorMessage(visitor.visitorId, { id: newId('m_'), text: 'Hello, anyone there?' }, null);
    await lifecycle.accept(agent, first.chatId);
    await lifecycle.agentMessage(agent, { chatId: first.chatId, id: newId('m_'), text: 'Hello, how can I help?' });
    pairs.push({ visitorToken: visitor.token, agentToken, chatId: first.chatId });
  }

  const port = await parley.listen(0, '127.0.0.1');
  return {
    port,
    pairs,
    storedMessages: async () => Number((await store.get<{ n: number | string }>('SELECT count(*) AS n FROM messages'))!.n),
    async close() {
      await parley.close();
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
});
