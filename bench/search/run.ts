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
 *   npx tsx bench/search/run.ts [--chats 100000] [--runs 50] [--backend sqlite,postgres]
 */

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const chats = Number(arg('chats', '100000'));
const runs = Number(arg('runs', '50'));
const backends = arg('backend', 'sqlite,postgres').split(',');
const dir = '/tmp/parley-bench-search';
const history = `${dir}/history-${chats}.ndjson`;
const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

if (!existsSync(history)) {
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

const QUERIES = [
  { label: 'one word, common ("refund")', q: 'refund' },
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
  console.log(`\n${name}: ${chats} chats, ${messages} messages; ${runs} runs per query (after 2 warm-up runs), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const viewer of [null, agentId]) {
    for (const { label, q } of QUERIES) {
      const filters: SearchFilters = { from: null, to: null, agent: null, department: null, tag: null, channel: null, status: null, viewerId: viewer, limit: 20, offset: 0 };
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < runs + 2; i++) {
        const t = performance.now();
        total = (await searchChats(store, searchWords(q), filters)).total;
        if (i >= 2) times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${(viewer ? 'agent in one dept' : 'owner').padEnd(18)} ${label.padEnd(32)} ${String(total).padStart(8)} chats  p50 ${quantile(times, 0.5).toFixed(1).padStart(8)} ms  p99 ${quantile(times, 0.99).toFixed(1).padStart(8)} ms`,
      );
    }
  }
}

/**
 * Postgres: what the GIN index costs a message's INSERT (message-cost.ts measures SQLite's whole
 * message path): single-row inserts, each its own commit, into the imported database, with the
 * index and then without it (dropped here; the database is thrown away after).
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
  const dbPath = `${dir}/parley-${chats}.db`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  console.log(`SQLite import (npm run import, search triggers on): ${secs(await importInto({ DATABASE_PATH: dbPath }))}`);
  const store = openSqliteStore(dbPath);
  await measure(store, 'SQLite (FTS5)');
  await store.close();
}
if (backends.includes('postgres')) {
  const db = await createTestDatabase();
  try {
    console.log(`\nPostgres import (npm run import, GIN indexes on): ${secs(await importInto({ DATABASE_URL: db.url }))}`);
    const store = await openPostgresStore(db.url);
    await measure(store, 'Postgres (tsvector + GIN)');
    await insertCost(store);
    await store.close();
  } finally {
    await db.drop();
  }
}
