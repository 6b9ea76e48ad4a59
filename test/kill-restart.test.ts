import { afterEach, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { io } from 'socket.io-client';
import { loginToken } from './helpers/server.ts';
import { freePort, startServerProcess } from './helpers/server-process.ts';
import { createTestDatabase, testBackend, type TestDatabase } from './helpers/postgres.ts';
import { translate } from '../server/store/postgres.ts';
import { widgetSession } from './helpers/clients.ts';
import { InboxStore } from '../agent-console/src/inbox-store.ts';
import type { AgentSocket } from '../agent-console/src/agent-socket.ts';

/**
 * The invariant under a crash: no visitor or agent message lost, doubled, reordered or left
 * unacked. The server runs as its own process (server/main.ts) and is killed with SIGKILL while
 * the widget's and the console's own session code send, then started again on the same file
 * and port. (A process kill leaves the OS page cache intact: what it checks is that nothing is
 * acked before its commit, not the fsync of synchronous = FULL.) On Postgres (PARLEY_TEST_BACKEND)
 * the same, on a database of its own given by DATABASE_URL.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
const cleanups: Array<() => void> = [];
let database: TestDatabase | undefined;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
  database = undefined;
});

/** Rows as stored, read beside the server process (its SQLite file read-only, or its Postgres database). */
async function readRows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  if (database) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(translate(sql).text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(join(dir, 'parley.db'), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

function startServer(port: number, databasePath: string): Promise<ChildProcess> {
  // The SQLite file, or on Postgres the directory of the attachments (DATABASE_URL wins).
  return startServerProcess(port, { DATABASE_PATH: databasePath, DATABASE_URL: database?.url ?? '' }, (child) =>
    cleanups.push(() => child.kill('SIGKILL')),
  );
}

it('kill -9 while both sides send: after the restart every message is stored once, in the order sent, and acked', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const databasePath = join(dir, 'parley.db');
  if (testBackend === 'postgres') database = await createTestDatabase();
  let server = await startServer(port, databasePath);

  const session = widgetSession(url);
  cleanups.push(() => session.stop());
  await session.start();
  await expect.poll(() => session.state.phase).toBe('live');
  session.send('v0');
  await expect.poll(() => session.state.messages.length).toBe(1);
  const chatId = session.state.messages[0]!.chatId;

  const token = await loginToken(url);
  const [{ id: ownerId }] = await readRows<{ id: string }>("SELECT id FROM agents WHERE email = 'owner@example.com'");
  const agentSocket = io(`${url}/agent`, { auth: { token }, transports: ['websocket'], forceNew: true, autoConnect: false });
  const store = new InboxStore({ socket: agentSocket as AgentSocket, agentId: ownerId, requestTimeoutMs: 3000, retryDelayMs: 300 });
  cleanups.push(() => store.stop());
  store.start();
  await expect.poll(() => store.getState().me?.id).toBe(ownerId);
  await store.setStatus('online');
  await store.accept(chatId);
  expect(store.getState().threads[chatId]).toBeDefined();

  const sent = { visitor: ['v0'], agent: [] as string[] };
  for (let i = 1; i <= 40; i++) {
    session.send(`v${i}`);
    store.send(chatId, `a${i}`);
    sent.visitor.push(`v${i}`);
    sent.agent.push(`a${i}`);
    if (i === 20) {
      server.kill('SIGKILL');
      await new Promise((resolve) => server.once('exit', resolve));
      server = await startServer(port, databasePath);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  const poll = { timeout: 60_000, interval: 200 };
  await expect.poll(() => session.state.pending.length + store.getState().outbox.length, poll).toBe(0);

  // Quoted: Postgres folds an unquoted alias to lower case.
  const stored = await readRows<{ id: string; text: string; author: string; chatSeq: number }>(
    'SELECT id, text, author, chat_seq AS "chatSeq" FROM messages WHERE chat_id = ? ORDER BY seq',
    [chatId],
  );
  // Each side's messages once, in the order it sent them; the chat numbered without a hole.
  expect(stored.filter((m) => m.author === 'visitor').map((m) => m.text)).toEqual(sent.visitor);
  expect(stored.filter((m) => m.author === 'agent').map((m) => m.text)).toEqual(sent.agent);
  expect(stored.map((m) => m.chatSeq)).toEqual(stored.map((_, i) => i + 1));
  // And both clients end up showing exactly what is stored.
  const ids = stored.map((m) => m.id);
  await expect.poll(() => session.state.messages.filter((m) => m.chatId === chatId).map((m) => m.id), poll).toEqual(ids);
  await expect.poll(() => store.getState().threads[chatId]?.messages.map((m) => m.id), poll).toEqual(ids);
}, 120_000);
