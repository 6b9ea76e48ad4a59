/**
 * Parley for the relay benchmark: the real createApp on a temporary SQLite file in /tmp,
 * with `CHATS` chats already open, each accepted by its own agent.
 *
 * The chats are opened here through the chat lifecycle before any socket connects. Opening
 * them through sockets would broadcast every new and accepted chat to every connected agent
 * (O(chats²) frames), which is setup, not the relay being measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { systemClock } from '../../server/clock.ts';
import { configFromEnv } from '../../server/config.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { createAgent, createSession } from '../../server/store/agents.ts';
import { createVisitor } from '../../server/store/chats.ts';
import { newId } from '../../shared/ids.ts';
import { serveBenchmark, type ChatPair } from './child.ts';

await serveBenchmark(async (chats) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-relay-'));
  const databasePath = join(dir, 'parley.db');
  const store = openSqliteStore(databasePath);
  const db = store.sqlite!;
  const config = {
    ...configFromEnv({}),
    port: 0,
    demoPort: 0,
    databasePath,
    adminEmail: 'owner@bench.local',
    adminPassword: 'bench-owner-password',
    routingMode: 'manual' as const,
    logLevel: 'warn' as const,
  };
  const parley = await createApp({ config, clock: systemClock, db: store });
  const { lifecycle } = parley.realtime;

  const pairs: ChatPair[] = [];
  for (let i = 0; i < chats; i++) {
    const now = systemClock.now();
    // One agent per chat: each agent socket receives only its own chat's messages.
    const agent = await createAgent(store, { name: `Agent ${i}`, email: `agent${i}@bench.local`, role: 'agent', maxChats: 1 }, now);
    const agentToken = await createSession(store, agent.id, now);
    const visitor = await createVisitor(store, now);
    const first = await lifecycle.visitorMessage(visitor.visitorId, { id: newId('m_'), text: 'Hello, anyone there?' }, null);
    await lifecycle.accept(agent, first.chatId);
    pairs.push({ visitorToken: visitor.token, agentToken, chatId: first.chatId });
  }

  const port = await parley.listen(0, '127.0.0.1');
  const countMessages = db.prepare('SELECT count(*) FROM messages').pluck();
  return {
    port,
    pairs,
    storedMessages: () => countMessages.get() as number,
    async close() {
      await parley.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
