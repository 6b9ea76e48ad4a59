import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, postgresAnswers, testDatabaseUrl, type TestDatabase } from '../../test/helpers/postgres.ts';
import { startTestServer, loginToken, type TestServer } from '../../test/helpers/server.ts';
import { connectAgent, connectVisitor } from '../../test/helpers/clients.ts';
import { newId } from '../../shared/ids.ts';

/** Two apps on one Postgres database: a broadcast on one reaches the sockets of the other. */
const missing = !(await postgresAnswers());
if (missing) {
  const why = `The Socket.IO adapter test did NOT run: no Postgres answered at ${testDatabaseUrl} (set TEST_DATABASE_URL).`;
  if (process.env.CI === 'true') throw new Error(why);
  console.warn(why);
}

let database: TestDatabase;
const servers: TestServer[] = [];
let admin: pg.Client;

beforeAll(async () => {
  if (missing) return;
  database = await createTestDatabase();
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
});

afterAll(async () => {
  for (const server of servers) await server.close().catch(() => undefined);
  await admin?.end();
  await database?.drop();
});

/** Connections to the test database whose last statement was a LISTEN: the adapters' clients. */
async function listeners(): Promise<number> {
  const rows = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN %'");
  return rows.rows[0].n as number;
}

describe.skipIf(missing)('the Postgres adapter', () => {
  it('relays a broadcast from one node to sockets on another, and closes its LISTEN connection with the app', async () => {
    const a = await startTestServer({ databaseUrl: database.url });
    servers.push(a);
    const b = await startTestServer({ databaseUrl: database.url });
    servers.push(b);
    await expect.poll(listeners).toBe(2);

    const agent = await connectAgent(b.url, await loginToken(b.url));
    const visitor = await connectVisitor(a.url);
    await visitor.call('visitor:hello', {});
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Hello from node A' });
    expect(sent.ok).toBe(true);
    // Stored and emitted on A; the agent, connected to B, sees the chat in its queue.
    const upsert = await agent.waitFor('chat:upsert', (c) => c.id === sent.message.chatId);
    expect(upsert.lastMessage.text).toBe('Hello from node A');
    agent.close();
    visitor.close();

    // The app closes its LISTEN connection itself: none of its store's pooled connections,
    // which stay open, is left listening.
    await a.parley.close();
    const pool = a.store.postgres!;
    const idle = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
    try {
      const channels = await Promise.all(idle.map(async (c) => (await c.query('SELECT pg_listening_channels()')).rowCount));
      expect(channels.every((n) => n === 0)).toBe(true);
    } finally {
      for (const c of idle) c.release();
    }
    await a.store.close();
    servers.splice(servers.indexOf(a), 1);
    await b.close();
    servers.splice(servers.indexOf(b), 1);
  });
});
