import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { connectAgent, connectVisitor, createAgentAccount, type TestClient } from './helpers/clients.ts';
import { createTestDatabase, postgresAnswers, testBackend, testDatabaseUrl, type TestDatabase } from './helpers/postgres.ts';
import { newId } from '../shared/ids.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const postgresUp = await postgresAnswers();

/** `npx tsx scripts/move-store.ts ARGS` as its own process: its exit code and output. */
function moveStore(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'scripts/move-store.ts', ...args], { cwd: root, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Rows per table of the SQLite file (without the tables the move leaves out). */
function sqliteCounts(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      names
        .filter((n) => !['schema_migrations', 'nodes', 'connections', 'deadlines'].includes(n) && !n.startsWith('search_'))
        .map((n) => [n, db.prepare(`SELECT count(*) FROM "${n}"`).pluck().get() as number]),
    );
  } finally {
    db.close();
  }
}

type Content = Record<string, { columns: string[]; rows: string[] }>;
const canonical = (v: unknown) => (Buffer.isBuffer(v) ? `blob:${v.toString('hex')}` : v);
const rowText = (columns: string[], row: Record<string, unknown>) => JSON.stringify(columns.map((c) => canonical(row[c])));

/** Every row of every copied table as text, sorted (with SQLite's implicit rowid where Postgres has a `rowid` column). */
function sqliteContent(file: string): Content {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const content: Content = {};
    for (const table of Object.keys(sqliteCounts(file))) {
      const columns = (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((c) => c.name);
      const withRowid = ['chats', 'surveys', 'page_views', 'conversions', 'agent_status_changes'].includes(table);
      const all = withRowid ? ['rowid', ...columns] : columns;
      const rows = db.prepare(`SELECT ${all.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).all() as Array<Record<string, unknown>>;
      content[table] = { columns: all, rows: rows.map((r) => rowText(all, r)).sort() };
    }
    return content;
  } finally {
    db.close();
  }
}

/** The same from Postgres (BIGINT as numbers: server/store/postgres.ts sets pg's parser, as the server reads them). */
const postgresContent = (url: string, like: Content) =>
  withPg(url, async (c) => {
    const content: Content = {};
    for (const [table, { columns }] of Object.entries(like)) {
      const { rows } = await c.query(`SELECT ${columns.map((col) => `"${col}"`).join(', ')} FROM "${table}"`);
      content[table] = { columns, rows: rows.map((r) => rowText(columns, r)).sort() };
    }
    return content;
  });

const postgresCounts = (url: string, tables: string[]) =>
  withPg(url, async (c) => {
    const counts: Record<string, number> = {};
    for (const t of tables) counts[t] = Number((await c.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n);
    return counts;
  });

const postgresTablesWithRows = (url: string) =>
  withPg(url, async (c) => {
    const tables = (await c.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).rows.map((r) => r.tablename as string);
    const full: string[] = [];
    for (const t of tables) if (t !== 'schema_migrations' && (await c.query(`SELECT EXISTS (SELECT 1 FROM "${t}") AS has`)).rows[0].has) full.push(t);
    return full;
  });

const reason = !postgresUp
  ? ` (SKIPPED: no Postgres answers at ${testDatabaseUrl}; set TEST_DATABASE_URL)`
  : testBackend === 'postgres'
    ? ' (SKIPPED in the postgres project: the move starts from a SQLite file; it runs in the unit project)'
    : '';

describe.skipIf(reason !== '')(`npm run move-store: a SQLite installation into an empty Postgres database${reason}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-move-'));
  const dbPath = join(dir, 'parley.db');
  const databases: TestDatabase[] = [];
  const servers: TestServer[] = [];
  const clients: TestClient[] = [];
  const track = <T extends TestClient>(c: T) => (clients.push(c), c);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const s of servers) await s.close().catch(() => undefined);
    for (const d of databases) await d.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table; the server on Postgres signs the same people in, shows the same console, and numbers new rows after the copied ones', { timeout: 180_000 }, async () => {
    // An installation on SQLite, made through the API and the sockets.
    const source = await startTestServer({ dbPath });
    servers.push(source);
    const ownerToken = await loginToken(source.url);
    await createAgentAccount(source.url, source.store, { name: 'Ana', email: 'ana@example.com', password: 'ana-password-1' });
    expect((await apiCall(source.url, ownerToken, '/departments', { method: 'POST', body: { id: 'sales', name: 'Sales' } })).status).toBe(201);
    expect((await apiCall(source.url, ownerToken, '/canned', { method: 'POST', body: { shortcut: 'hi', text: 'Hello there!' } })).status).toBe(201);
    const patched = await apiCall(source.url, ownerToken, '/settings', { method: 'PATCH', body: { siteName: 'Moved Shop', requireTagToClose: false } });
    expect(patched.status).toBe(200);

    const agent = track(await connectAgent(source.url, ownerToken));
    expect((await agent.call('status:set', { status: 'online' })).ok).toBe(true);
    const chatIds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const visitor = track(await connectVisitor(source.url));
      await visitor.call('visitor:hello', { locale: 'en', page: { url: `https://shop.example/p/${i}` } });
      const sent = await visitor.call('message:send', { id: newId('m_'), text: `Question ${i}` });
      const chatId = sent.message.chatId as string;
      chatIds.push(chatId);
      if (i === 3) continue; // left in the queue
      expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
      expect((await agent.call('message:send', { chatId, id: newId('m_'), text: `Answer ${i}` })).ok).toBe(true);
      expect((await agent.call('note:add', { chatId, id: newId('n_'), text: `note ${i}` })).ok).toBe(true);
      expect((await agent.call('tag:add', { chatId, tag: 'shipping' })).ok).toBe(true);
      if (i === 2) continue; // left active
      expect((await agent.call('chat:close', { chatId })).ok).toBe(true);
      const offer = await visitor.waitFor('survey:offer');
      const csat = offer.surveys.find((s: any) => s.kind === 'csat');
      expect((await visitor.call('survey:shown', { surveyId: csat.id })).ok).toBe(true);
      expect((await visitor.call('survey:answer', { surveyId: csat.id, kind: 'csat', score: 4 + (i % 2), comment: `thanks ${i}` })).ok).toBe(true);
    }

    // The metrics engine packs its facts and hour blocks: the metric tables have rows to copy.
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const range = `from=${day(Date.now() - 7 * 86_400_000)}&to=${day(Date.now() + 86_400_000)}`;
    const metricsBefore = await apiCall(source.url, ownerToken, `/metrics?${range}`);
    expect(metricsBefore.status).toBe(200);

    // What the console shows before the move.
    const consoleView = async (url: string, token: string) => {
      const socket = track(await connectAgent(url, token));
      const hello = await socket.call('agent:hello', {});
      const chats = [];
      for (const chatId of chatIds) chats.push((await socket.call('chat:open', { chatId })).chat);
      socket.close();
      return {
        inbox: hello.inbox,
        chats,
        agents: (await apiCall(url, token, '/agents')).body,
        settings: (await apiCall(url, token, '/settings')).body,
        departments: (await apiCall(url, token, '/departments')).body,
        canned: (await apiCall(url, token, '/canned')).body,
      };
    };
    const before = await consoleView(source.url, ownerToken);
    expect(before.inbox.queue).toHaveLength(1);
    expect(before.inbox.mine).toHaveLength(1);

    // Refused while the server runs: the file is locked by it; nothing is written to the target.
    const target = await createTestDatabase();
    databases.push(target);
    const inUse = await moveStore('--from', dbPath, '--to', target.url);
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toMatch(/is in use/);
    expect(await postgresTablesWithRows(target.url)).toEqual([]);

    for (const c of clients.splice(0)) c.close();
    await source.close();
    servers.splice(servers.indexOf(source), 1);

    // The move.
    const counts = sqliteCounts(dbPath);
    expect(counts.chats).toBe(4);
    expect(counts.surveys).toBeGreaterThan(0);
    expect(counts.chat_facts).toBe(4);
    expect(counts.metric_hour_blocks).toBeGreaterThan(0);
    const contentBefore = sqliteContent(dbPath);
    const sqlite = new Database(dbPath, { readonly: true });
    const maxBefore = {
      messageSeq: sqlite.prepare('SELECT max(seq) FROM messages').pluck().get() as number,
      chatRowid: sqlite.prepare('SELECT max(rowid) FROM chats').pluck().get() as number,
      eventSeq: sqlite.prepare('SELECT max(seq) FROM chat_events').pluck().get() as number,
    };
    sqlite.close();
    const moved = await moveStore('--from', dbPath, '--to', target.url);
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/Every count matches/);
    expect(moved.stdout).toMatch(/messages\s+\d+\s+\d+/);
    expect(moved.stdout).toMatch(/Metrics of the last 90 days: equal on both sides \(4 chats\)/);
    expect(await postgresCounts(target.url, Object.keys(counts))).toEqual(counts);
    // Every value of every row, blobs (the packed hour blocks) included; the copied rowids and seqs are SQLite's own.
    expect(await postgresContent(target.url, contentBefore)).toEqual(contentBefore);
    expect(await withPg(target.url, async (c) => Number((await c.query('SELECT max(seq) AS m FROM messages')).rows[0].m))).toBe(maxBefore.messageSeq);

    // A server on Postgres: same sign-ins, same console.
    const moved2 = await startTestServer({ dbPath: join(dir, 'after', 'parley.db'), databaseUrl: target.url });
    servers.push(moved2);
    const ownerAfter = await loginToken(moved2.url);
    await loginToken(moved2.url, 'ana@example.com', 'ana-password-1');
    const after = await consoleView(moved2.url, ownerAfter);
    expect(after).toEqual(before);
    const metricsAfter = await apiCall(moved2.url, ownerAfter, `/metrics?${range}`);
    expect(metricsAfter.status).toBe(200);
    expect(metricsAfter.body.chats).toEqual(metricsBefore.body.chats);
    expect(metricsAfter.body.surveys ?? null).toEqual(metricsBefore.body.surveys ?? null);

    // New rows are numbered after the copied ones: no identity collides.
    const agentAfter = track(await connectAgent(moved2.url, ownerAfter));
    expect((await agentAfter.call('status:set', { status: 'online' })).ok).toBe(true);
    const visitor = track(await connectVisitor(moved2.url));
    await visitor.call('visitor:hello', { locale: 'en' });
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'After the move' });
    expect(sent.ok).toBe(true);
    const chatId = sent.message.chatId as string;
    expect((await agentAfter.call('chat:accept', { chatId })).ok).toBe(true);
    const reply = await agentAfter.call('message:send', { chatId, id: newId('m_'), text: 'Welcome to Postgres' });
    expect(reply.ok).toBe(true);
    const store = moved2.store;
    expect(await store.value<number>('SELECT min(seq) FROM messages WHERE chat_id = ?', [chatId])).toBeGreaterThan(maxBefore.messageSeq);
    expect(await store.value<number>('SELECT rowid FROM chats WHERE id = ?', [chatId])).toBeGreaterThan(maxBefore.chatRowid);
    expect(await store.value<number>('SELECT min(seq) FROM chat_events WHERE chat_id = ?', [chatId])).toBeGreaterThan(maxBefore.eventSeq);
    expect(await store.value<number>('SELECT count(*) FROM chats')).toBe(5);

    // Refused: a target that already holds rows (the one just filled).
    const again = await moveStore('--from', dbPath, '--to', target.url);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds Parley data/);
  });

  it('refuses a missing file and a file not fully migrated, writing nothing', { timeout: 60_000 }, async () => {
    const target = await createTestDatabase();
    databases.push(target);
    const missing = await moveStore('--from', join(dir, 'nothing-here.db'), '--to', target.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no SQLite database at/);

    const old = join(dir, 'old.db');
    const fresh = await startTestServer({ dbPath: old });
    await fresh.close();
    const db = new Database(old);
    db.prepare('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)').run();
    db.close();
    const behind = await moveStore('--from', old, '--to', target.url);
    expect(behind.code).toBe(1);
    expect(behind.stderr).toMatch(/not fully migrated/);

    const usage = await moveStore('--from', old);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/usage/);
    expect(await postgresTablesWithRows(target.url)).toEqual([]);
  });

  it('stops at text Postgres cannot store (U+0000), committing nothing; --replace-nul stores U+FFFD instead', { timeout: 60_000 }, async () => {
    const file = join(dir, 'nul.db');
    const made = await startTestServer({ dbPath: file });
    await made.close();
    const db = new Database(file);
    const now = Date.now();
    db.prepare("INSERT INTO chats (id, visitor_id, channel, started_at) VALUES ('ch1', 'v1', 'widget', ?)").run(now);
    db.prepare("INSERT INTO messages (id, chat_id, author, at, text, chat_seq) VALUES ('m1', 'ch1', 'visitor', ?, ?, 1)").run(now, 'a\0b');
    db.close();
    const target = await createTestDatabase();
    databases.push(target);

    const stopped = await moveStore('--from', file, '--to', target.url);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/messages\.text \(the row with seq = 1\) holds the character U\+0000.*--replace-nul/);
    expect(await postgresTablesWithRows(target.url)).toEqual([]);

    // The failed run left at most the empty schema: a new run accepts the database.
    const replaced = await moveStore('--from', file, '--to', target.url, '--replace-nul', '--recompute-metrics');
    expect(replaced.stderr).toBe('');
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/1 text values held U\+0000/);
    expect(replaced.stdout).toMatch(/equal on both sides, Postgres' recomputed from the copied rows \(1 chats\)/);
    expect(await withPg(target.url, async (c) => (await c.query("SELECT text FROM messages WHERE id = 'm1'")).rows[0].text)).toBe('a\uFFFDb');
  });
});
