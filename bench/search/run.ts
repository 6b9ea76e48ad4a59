import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { generateHistory, defaultOptions } from '../metrics/generate.ts';
import { createTestDatabase } from '../../test/helpers/postgres.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { openPostgresStore } from '../../server/store/postgres.ts';
import { searchChats, type SearchFilters } from '../../server/store/search.ts';
import { searchWords } from '../../shared/search-snippet.ts';
import type { Store } from '../../server/store/sql.ts';

/**
 * The search benchmark (README "Search"): a generated history (bench/metrics/generate.ts) imported
 * with `npm run import` into SQLite and into a fresh Postgres database (the indexes filled by the
 * import's own writes: triggers on SQLite, GIN indexes on Postgres), then one-word and two-word
 * queries timed as GET /api/search runs them (`searchChats`, first page of 20 and the total), as
 * an owner (every chat) and as an agent in one department (the access rule). Prints figures.
 *
 *   npx tsx bench/search/run.ts [--chats 100000] [--runs 50] [--warmup 2] [--backend sqlite,postgres]
 *                               [--history FILE] [--db FILE] [--database-url URL] [--skip-import]
 *
 * --skip-import reuses the SQLite file (--db) and the Postgres database (--database-url, never
 * dropped) of an earlier run: a 1M-chat import takes minutes. Without --database-url the run
 * makes a Postgres database, imports into it, measures a message INSERT with and without the GIN
 * index (it drops the index) and drops the database.
 *
 * The generator's messages repeat stock sentences, so every word of them is common; the rare
 * word is one the run writes into a few messages itself (RARE_CHATS of them, once per database).
 */

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const chats = Number(arg('chats', '100000'));
const runs = Number(arg('runs', '50'));
const warmup = Number(arg('warmup', '2'));
const backends = arg('backend', 'sqlite,postgres').split(',');
const dir = '/tmp/parley-bench-search';
const history = arg('history', `${dir}/history-${chats}.ndjson`);
const sqlitePath = arg('db', `${dir}/parley-${chats}.db`);
const givenDatabaseUrl = arg('database-url', '');
const skipImport = process.argv.includes('--skip-import');
const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

if (!skipImport && !existsSync(history)) {
  const t = Date.now();
  await generateHistory(history, { ...defaultOptions, chats });
  console.log(`generated ${chats} chats in ${secs(Date.now() - t)}: ${history}`);
}

async function importInto(env: Record<string, string>): Promise<number> {
  const t = Date.now();
  const child = spawn(tsx, ['scripts/import.ts', history], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`import failed: ${stderr.slice(0, 2000)}`);
  return Date.now() - t;
}

const RARE_WORD = 'zanzibar';
const RARE_CHATS = 25;

const QUERIES = [
  { label: 'one word, common ("refund")', q: 'refund' },
  { label: `one word, rare ("${RARE_WORD}")`, q: RARE_WORD },
  { label: 'one word, in no chat ("zebra")', q: 'zebra' },
  { label: 'two words ("delivery address")', q: 'delivery address' },
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

async function measure(store: Store, name: string): Promise<void> {
  const messages = Number(await store.value('SELECT count(*) FROM messages'));
  // A new agent in one department: sees its chats and those without a department.
  const department = (await store.value<string>('SELECT id FROM departments ORDER BY id LIMIT 1'))!;
  const agentId = 'bench-search-agent';
  await store.run(`INSERT INTO agents (id, name, email, role, created_at) VALUES (?, 'Bench', 'bench-search@bench.local', 'agent', 0)
    ON CONFLICT DO NOTHING`, [agentId]);
  await store.run('INSERT INTO agent_departments (agent_id, department_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [agentId, department]);
  // The rare word: a visitor message in RARE_CHATS chats spread over the history (kept for later runs).
  if ((await store.value("SELECT 1 FROM messages WHERE id = 'bench-rare-0'")) === undefined) {
    const total = Number(await store.value('SELECT count(*) FROM chats'));
    for (let i = 0; i < RARE_CHATS; i++) {
      const chat = (await store.get<{ id: string; started_at: number }>('SELECT id, started_at FROM chats ORDER BY rowid LIMIT 1 OFFSET ?', [
        Math.floor(((i + 0.5) * total) / RARE_CHATS),
      ]))!;
      await store.run("INSERT INTO messages (id, chat_id, author, at, text) VALUES (?, ?, 'visitor', ?, ?)", [
        `bench-rare-${i}`, chat.id, Number(chat.started_at) + 1000, `Can you ship my order to ${RARE_WORD}?`,
      ]);
    }
  }
  console.log(`\n${name}: ${messages} messages; ${runs} runs per query (after ${warmup} warm-up runs), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const viewer of [null, agentId]) {
    for (const { label, q } of QUERIES) {
      const filters: SearchFilters = { from: null, to: null, agent: null, department: null, tag: null, channel: null, status: null, viewerId: viewer, limit: 20, offset: 0 };
      const times: number[] = [];
      let total = '';
      for (let i = 0; i < runs + warmup; i++) {
        const t = performance.now();
        const found: { total: number; totalCapped?: boolean } = await searchChats(store, searchWords(q), filters);
        if (i >= warmup) times.push(performance.now() - t);
        total = `${found.totalCapped ? '≥ ' : ''}${found.total}`;
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${(viewer ? 'agent in one dept' : 'owner').padEnd(18)} ${label.padEnd(32)} ${total.padStart(9)} chats  p50 ${quantile(times, 0.5).toFixed(1).padStart(8)} ms  p99 ${quantile(times, 0.99).toFixed(1).padStart(8)} ms`,
      );
    }
  }
}

/**
 * Postgres: what the GIN index costs a message's INSERT (message-cost.ts measures SQLite's whole
 * message path): single-row inserts, each its own commit, into the imported database, with the
 * index and then without it (dropped here; the database is thrown away after). Without it the
 * message's stored document (migration 057's generated column) is still computed.
 */
async function insertCost(store: Store): Promise<void> {
  const chatId = (await store.value<string>('SELECT id FROM chats ORDER BY rowid DESC LIMIT 1'))!;
  const n = 3000;
  const time = async (tag: string) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      await store.run("INSERT INTO messages (id, chat_id, author, at, text) VALUES (?, ?, 'visitor', ?, ?)", [
        `bench-${tag}-${i}`, chatId, Date.now(), `Where is my order ${i}? It was supposed to arrive yesterday.`,
      ]);
    }
    return ((performance.now() - t) * 1000) / n;
  };
  // Two rounds each, the best kept: the machine is shared.
  const withIndex: number[] = [];
  const without: number[] = [];
  for (let r = 0; r < 2; r++) withIndex.push(await time(`with${r}`));
  await store.run('DROP INDEX messages_search');
  for (let r = 0; r < 2; r++) without.push(await time(`without${r}`));
  console.log(
    `  message INSERT, one per commit (${n} × 2 rounds, best round): with the GIN index ${Math.min(...withIndex).toFixed(0)} µs, without ${Math.min(...without).toFixed(0)} µs`,
  );
}

if (backends.includes('sqlite')) {
  if (!skipImport) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(sqlitePath + suffix, { force: true });
    console.log(`SQLite import (npm run import, search triggers on): ${secs(await importInto({ DATABASE_PATH: sqlitePath }))}`);
  }
  const store = openSqliteStore(sqlitePath);
  await measure(store, `SQLite (FTS5) ${sqlitePath}`);
  await store.close();
}
if (backends.includes('postgres')) {
  const db = givenDatabaseUrl ? null : await createTestDatabase();
  const url = givenDatabaseUrl || db!.url;
  try {
    if (!skipImport) console.log(`\nPostgres import (npm run import, GIN indexes on): ${secs(await importInto({ DATABASE_URL: url }))}`);
    const store = await openPostgresStore(url);
    await measure(store, 'Postgres (tsvector + GIN)');
    if (db) await insertCost(store);
    await store.close();
  } finally {
    await db?.drop();
  }
}
