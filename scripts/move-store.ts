import Database from 'better-sqlite3';
import pg from 'pg';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromEnv } from '../server/config.ts';
import { pendingMigrations, statement } from '../server/store/db.ts';
import { computeMetrics, type MetricsRequest } from '../server/metrics/engine.ts';
import { openPostgresStore } from '../server/store/postgres.ts';
import type { Params, Sql, Store } from '../server/store/sql.ts';

/**
 * `npm run move-store -- --to postgres://user:pass@host/db [--from FILE] [--replace-nul]
 * [--recompute-metrics]`: copies a stopped
 * SQLite installation (DATABASE_PATH, default ./data/parley.db, or FILE) into an empty Postgres
 * database, so that the servers can then run on it with DATABASE_URL (several machines).
 *
 * It refuses, writing nothing, when the file is missing, is in use, is not fully migrated (or
 * was migrated by a newer Parley), or when the target holds any rows. "In use" is asked of
 * SQLite's own locks: in WAL mode every open connection (a running server) holds a shared lock
 * on the database file for as long as it is open (Parley always opens its file in WAL mode;
 * a rollback-journal connection holds no lock while idle), so this process asks for an exclusive lock
 * (`locking_mode = EXCLUSIVE`, `BEGIN EXCLUSIVE`, no busy wait) and refuses when it cannot get
 * it. It then holds that lock to the end: a server started meanwhile cannot open the file, and
 * the file cannot change under the copy. Nothing is written to it (the transaction is rolled back).
 *
 * The copy: Postgres migrations applied (as a server's start does), then every table of the
 * SQLite file in one Postgres transaction, parents before children (the Postgres foreign keys),
 * by column name in multi-row INSERTs, with SQLite's rowid into the Postgres `rowid` column where
 * there is one and the `seq` values as they are; every identity sequence is then set past the
 * highest value (and past SQLite's AUTOINCREMENT high-water mark), so new rows continue the
 * numbering. User triggers (the metrics staleness ones) are disabled during the copy, so the
 * copied metric tables (facts, hour blocks, dirty marks) arrive exactly as they were. Row counts
 * are compared inside the transaction, and so are the metrics of the last 90 days (computed on
 * both sides with the same `now`): a difference rolls everything back.
 *
 * Text holding U+0000 (SQLite keeps it, Postgres text cannot) stops the move naming the row;
 * `--replace-nul` stores U+FFFD in its place instead.
 *
 * Not copied: schema_migrations (the target has its own, written by its migrations),
 * sqlite_* internals, and the cluster's per-run state: `nodes` and `connections` describe
 * processes and sockets of a server that is stopped, and `deadlines` are only the grace periods
 * of those sockets; every start schedules them anew for the agents online and the chats
 * awaiting a reply (realtime/index.ts `expect`). Postgres-only tables (socket_io_attachments,
 * the Socket.IO adapter's transient payloads; sign_in_counters, which one SQLite node keeps in
 * its memory) have nothing to receive.
 */

const NOT_COPIED = new Set(['schema_migrations', 'nodes', 'connections', 'deadlines']);
/** SQLite's search index (FTS5 tables and their shadow tables, migration 058): Postgres' GIN indexes index the copied rows themselves. */
const SEARCH_INDEX = /^search_/;
/** Rows per INSERT, fewer when the table is wide: Postgres takes at most 65535 parameters. */
const BATCH_ROWS = 500;
const MAX_PARAMS = 65_000;

class Refusal extends Error {}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const shown = (url: string) => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an invalid URL)';
  }
};

function parseArgs(argv: string[]): { from: string; to: string; recomputeMetrics: boolean } | null {
  let from: string | undefined;
  let recomputeMetrics = false;
  let to: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const switchFlag = flag === '--replace-nul' || flag === '--recompute-metrics';
    const value = switchFlag ? undefined : (inline ?? argv[++i]);
    if (flag === '--replace-nul' && inline === undefined) nul.replace = true;
    else if (flag === '--recompute-metrics' && inline === undefined) recomputeMetrics = true;
    else if (flag === '--from' && value) from = value;
    else if (flag === '--to' && value) to = value;
    else return null;
  }
  if (!to) return null;
  return { from: from ?? configFromEnv().databasePath, to, recomputeMetrics };
}

interface SourceTable {
  name: string;
  columns: string[];
  /** Has SQLite's implicit rowid (not WITHOUT ROWID). */
  hasRowid: boolean;
  rows: number;
}

const sqliteMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'server', 'store', 'migrations');

/** Opens the file, takes the exclusive lock and checks its schema; the lock is held until `close`. */
function openSource(file: string): { db: Database.Database; tables: SourceTable[]; sequences: Map<string, number> } {
  if (!existsSync(file)) throw new Refusal(`There is no SQLite database at ${file} (give --from FILE, or set DATABASE_PATH).`);
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (err) {
    throw new Refusal(`${file} cannot be opened: ${(err as Error).message}`);
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY' || /locked|busy/i.test(String(err))) {
        throw new Refusal(
          `${file} is in use: another process (a running Parley server?) has it open, so it cannot be locked for the copy. Stop every server using it and run this again.`,
        );
      }
      throw new Refusal(`${file} cannot be locked: ${(err as Error).message}`);
    }
    let pending: string[];
    let applied: number[];
    try {
      pending = pendingMigrations(db);
      applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
    } catch (err) {
      throw new Refusal(`${file} is not a Parley database (${(err as Error).message}).`);
    }
    if (pending.length > 0) {
      throw new Refusal(
        `${file} is not fully migrated (not applied: ${pending.join(', ')}). Start this version of Parley on it once (a start applies the migrations), stop it, and run this again.`,
      );
    }
    const known = new Set(readdirSync(sqliteMigrationsDir).filter((f) => /^\d+_.+\.sql$/.test(f)).map((f) => Number(f.split('_')[0])));
    const unknown = applied.filter((v) => !known.has(v));
    if (unknown.length > 0) {
      throw new Refusal(`${file} was migrated by a newer Parley (versions ${unknown.join(', ')} are unknown here): run the move with that version.`);
    }

    const tables = (
      db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{
        name: string;
        sql: string;
      }>
    )
      .filter((t) => !NOT_COPIED.has(t.name) && !SEARCH_INDEX.test(t.name))
      .map((t) => ({
        name: t.name,
        columns: (db.prepare(`PRAGMA table_info(${quote(t.name)})`).all() as Array<{ name: string }>).map((c) => c.name),
        hasRowid: !/\)\s*WITHOUT\s+ROWID\s*;?\s*$/i.test(t.sql),
        rows: db.prepare(`SELECT count(*) FROM ${quote(t.name)}`).pluck().get() as number,
      }));
    const hasSequences = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
    const sequences = new Map<string, number>(
      hasSequences ? (db.prepare('SELECT name, seq FROM sqlite_sequence').raw().all() as Array<[string, number]>) : [],
    );
    return { db, tables, sequences };
  } catch (err) {
    closeSource(db);
    throw err;
  }
}

function closeSource(db: Database.Database): void {
  if (db.inTransaction) db.exec('ROLLBACK');
  db.close();
}

/** Refuses a target that holds any rows, or tables that are not Parley's; before anything is written to it. */
async function checkTargetEmpty(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    throw new Refusal(`Cannot connect to ${shown(url)}: ${(err as Error).message}`);
  }
  try {
    const tables = (
      await client.query<{ name: string }>('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename')
    ).rows.map((r) => r.name);
    if (tables.length === 0) return;
    if (!tables.includes('schema_migrations')) {
      throw new Refusal(
        `${shown(url)} is not empty and is not a Parley database (tables: ${tables.slice(0, 8).join(', ')}${tables.length > 8 ? ', …' : ''}). Give an empty database.`,
      );
    }
    const withRows: string[] = [];
    for (const t of tables) {
      if (t === 'schema_migrations') continue;
      const { rows } = await client.query(`SELECT EXISTS (SELECT 1 FROM ${quote(t)}) AS has`);
      if (rows[0].has) withRows.push(t);
    }
    if (withRows.length > 0) {
      throw new Refusal(
        `${shown(url)} already holds Parley data (rows in ${withRows.join(', ')}): the move only copies into an empty database, it never merges. Give an empty (or freshly migrated) database.`,
      );
    }
  } finally {
    await client.end();
  }
}

interface TargetTable {
  columns: Set<string>;
  identities: string[];
}

async function targetTables(db: Sql): Promise<Map<string, TargetTable>> {
  const rows = await db.all<{ table_name: string; column_name: string; is_identity: string }>(
    `SELECT table_name, column_name, is_identity FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, TargetTable>();
  for (const r of rows) {
    let t = tables.get(r.table_name);
    if (!t) tables.set(r.table_name, (t = { columns: new Set(), identities: [] }));
    t.columns.add(r.column_name);
    if (r.is_identity === 'YES') t.identities.push(r.column_name);
  }
  return tables;
}

/** The tables in an order where every table comes after those its foreign keys name. */
async function foreignKeyOrder(db: Sql, names: string[]): Promise<string[]> {
  const edges = await db.all<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  const parents = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  for (const e of edges) {
    const child = e.child.replace(/^"|"$/g, '');
    const parent = e.parent.replace(/^"|"$/g, '');
    if (child !== parent && parents.has(child) && parents.has(parent)) parents.get(child)!.add(parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < names.length) {
    const ready = names.filter((n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)));
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among: ${names.filter((n) => !placed.has(n)).join(', ')}`);
    for (const n of ready) {
      ordered.push(n);
      placed.add(n);
    }
  }
  return ordered;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** `--replace-nul`: U+0000 in text (which SQLite keeps and Postgres cannot store) becomes U+FFFD; how many so far. */
const nul = { replace: false, replaced: 0 };

async function copyTable(source: Database.Database, tx: Sql, table: SourceTable, target: TargetTable): Promise<number> {
  // SQLite's implicit rowid goes to the Postgres `rowid` column (an identity there).
  const withRowid = table.hasRowid && target.columns.has('rowid') && !table.columns.includes('rowid');
  const read = withRowid ? ['rowid', ...table.columns] : table.columns;
  const select = source.prepare(
    `SELECT ${read.map(quote).join(', ')} FROM ${quote(table.name)}${table.hasRowid ? ' ORDER BY rowid' : ''}`,
  );
  // Integers as BigInt: exact whatever their size (pg sends them as text).
  select.raw(true).safeIntegers(true);
  const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMS / read.length)));
  const head = `INSERT INTO ${quote(table.name)} (${read.map(quote).join(', ')}) VALUES `;
  const tuple = `(${read.map(() => '?').join(', ')})`;
  const insertFor = new Map<number, string>();
  const insert = (n: number) => {
    let sql = insertFor.get(n);
    if (!sql) insertFor.set(n, (sql = head + Array.from({ length: n }, () => tuple).join(', ')));
    return sql;
  };

  let copied = 0;
  let lastReport = Date.now();
  let params: unknown[] = [];
  let inBatch = 0;
  // One INSERT in flight while the next batch is read: SQLite's reading overlaps Postgres' writing.
  let inFlight: Promise<unknown> = Promise.resolve();
  const flush = async () => {
    if (inBatch === 0) return;
    const sent = tx.run(insert(inBatch), params);
    sent.catch(() => undefined); // awaited below or at the next flush
    await inFlight;
    inFlight = sent;
    copied += inBatch;
    params = [];
    inBatch = 0;
    if (Date.now() - lastReport > 2000) {
      lastReport = Date.now();
      console.log(`  ${table.name}: ${copied} / ${table.rows} rows…`);
    }
  };
  for (const row of select.iterate() as Iterable<unknown[]>) {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (typeof v === 'string' && v.includes('\0')) {
        if (!nul.replace) {
          throw new Error(
            `${table.name}.${read[i]} (the row with ${read[0]} = ${String(row[0])}) holds the character U+0000, which Postgres text cannot store. Run again with --replace-nul to store it as U+FFFD, or correct the row in SQLite first.`,
          );
        }
        nul.replaced++;
        params.push(v.replaceAll('\0', '\uFFFD'));
      } else {
        params.push(v);
      }
    }
    if (++inBatch === perBatch) await flush();
  }
  await flush();
  await inFlight;
  return copied;
}

/** Each identity column's sequence past the highest copied value (and SQLite's AUTOINCREMENT mark). */
async function advanceIdentities(tx: Sql, name: string, target: TargetTable, sequences: Map<string, number>): Promise<void> {
  for (const column of target.identities) {
    const max = Number((await tx.value(`SELECT max(${quote(column)}) FROM ${quote(name)}`)) ?? 0);
    // AUTOINCREMENT never reuses a number, even of deleted rows: neither should Postgres.
    const high = Math.max(max, sequences.get(name) ?? 0);
    if (high > 0) await tx.value(`SELECT setval(pg_get_serial_sequence(?, ?), ?)`, [quote(name), column, high]);
  }
}

/**
 * The source connection as a `Sql`, inside the transaction that holds its lock: what is written
 * through it (the metrics engine refreshing its caches) is rolled back with that transaction at
 * the end, so the file is never changed. Its transactions are savepoints.
 */
function lockedSqlite(db: Database.Database): Sql {
  const bind = (params: Params | undefined): unknown[] =>
    params === undefined ? [] : Array.isArray(params) ? (params as unknown[]) : [params];
  let savepoints = 0;
  const sql: Sql = {
    dialect: 'sqlite',
    all: async <T,>(text: string, params?: Params) => statement(db, text).all(...bind(params)) as T[],
    get: async <T,>(text: string, params?: Params) => statement(db, text).get(...bind(params)) as T | undefined,
    value: async <T,>(text: string, params?: Params) => statement(db, text).pluck().get(...bind(params)) as T | undefined,
    column: async <T,>(text: string, params?: Params) => statement(db, text).pluck().all(...bind(params)) as T[],
    run: async (text: string, params?: Params) => statement(db, text).run(...bind(params)).changes,
    lock: async () => undefined,
    inOrder: <T,>(_key: () => Promise<string>, fn: () => Promise<T>) => fn(),
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const name = `move_store_${++savepoints}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(sql);
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (err) {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
        throw err;
      }
    },
  };
  return sql;
}

/**
 * The metrics summary (METRICS.md §2, no filters) of [now − 90 days, now) on both sides, with
 * the same `now`, must be deeply equal. Each side answers as its server would: the engine
 * refreshes what is stale, then reads the hour blocks (on SQLite rolled back with the lock's
 * transaction; on Postgres committed with the copy), so the copied blocks are read on Postgres.
 * With `--recompute-metrics`, Postgres answers from the copied rows themselves instead: inside
 * a savepoint, rolled back after, every hour block is marked stale and the facts of the range's
 * chats dirty, so the engine rebuilds them (thorough, but slow: about 150 chats/s here).
 * Throws on a difference, naming the first few metrics that differ.
 */
async function compareMetrics(source: Sql, target: Sql, now: number, recompute: boolean): Promise<string> {
  const from = now - 90 * 86_400_000;
  const request: MetricsRequest = { ranges: [{ from, to: now }], filters: {}, byAgent: false, now };
  const before = (await computeMetrics(source, request)).cells[0]![0]!;
  let after: typeof before;
  if (recompute) {
    await target.run('SAVEPOINT move_store_metrics');
    try {
      await target.run('UPDATE metric_hour_blocks SET data = NULL WHERE data IS NOT NULL');
      await target.run('INSERT INTO metric_dirty_chats (chat_id) SELECT id FROM chats WHERE started_at >= ? ON CONFLICT DO NOTHING', [from]);
      after = (await computeMetrics(target, request)).cells[0]![0]!;
    } finally {
      await target.run('ROLLBACK TO SAVEPOINT move_store_metrics');
    }
  } else {
    after = (await computeMetrics(target, request)).cells[0]![0]!;
  }
  const differences = differ(before, after, 'metrics');
  if (differences.length > 0) {
    throw new Error(`The metrics of the last 90 days differ between SQLite and Postgres: ${differences.slice(0, 5).join('; ')}${differences.length > 5 ? '; …' : ''}.`);
  }
  const chats = (before as { chats?: { total?: number } }).chats?.total;
  return `equal on both sides${recompute ? ", Postgres' recomputed from the copied rows" : ''}${chats === undefined ? '' : ` (${chats} chats)`}`;
}

/** Where two JSON-like values differ: `path: a ≠ b`. */
function differ(a: unknown, b: unknown, path: string): string[] {
  if (Object.is(a, b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differ((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return [`${path}: ${JSON.stringify(a)} on SQLite, ${JSON.stringify(b)} on Postgres`];
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(
      'usage: npm run move-store -- --to postgres://user:pass@host:5432/db [--from FILE] [--replace-nul] [--recompute-metrics]   (FILE: DATABASE_PATH, default ./data/parley.db)',
    );
    return 2;
  }
  const started = Date.now();
  const { db: source, tables, sequences } = openSource(args.from);
  let target: Store | undefined;
  try {
    await checkTargetEmpty(args.to);
    console.log(`Moving ${args.from} to ${shown(args.to)}`);
    target = await openPostgresStore(args.to, 2);
    const targets = await targetTables(target);
    for (const t of tables) {
      const there = targets.get(t.name);
      if (!there) throw new Error(`The SQLite table ${t.name} has no Postgres counterpart: a migration pair is missing (server/store/migrations/postgres/).`);
      const missing = t.columns.filter((c) => !there.columns.has(c));
      if (missing.length > 0) throw new Error(`The Postgres table ${t.name} has no column ${missing.join(', ')} (the SQLite one has): a migration pair is missing.`);
    }
    const order = await foreignKeyOrder(target, tables.map((t) => t.name));
    const byName = new Map(tables.map((t) => [t.name, t]));

    const counts: Array<{ table: string; sqlite: number; postgres: number }> = [];
    let total = 0;
    let metrics = '';
    let copyMs = 0;
    let metricsMs = 0;
    const copyStarted = Date.now();
    await target.transaction(async (tx) => {
      // The staleness triggers would rewrite the metric tables as their sources arrive.
      for (const name of order) await tx.run(`ALTER TABLE ${quote(name)} DISABLE TRIGGER USER`);
      for (const name of order) {
        const table = byName.get(name)!;
        const t0 = Date.now();
        const copied = await copyTable(source, tx, table, targets.get(name)!);
        total += copied;
        console.log(`  ${name}: ${copied} rows (${seconds(Date.now() - t0)})`);
      }
      for (const name of order) await advanceIdentities(tx, name, targets.get(name)!, sequences);
      for (const name of order) await tx.run(`ALTER TABLE ${quote(name)} ENABLE TRIGGER USER`);
      for (const name of order) {
        const sqlite = Number(source.prepare(`SELECT count(*) FROM ${quote(name)}`).pluck().get());
        const postgres = Number(await tx.value(`SELECT count(*) FROM ${quote(name)}`));
        counts.push({ table: name, sqlite, postgres });
      }
      const wrong = counts.filter((c) => c.sqlite !== c.postgres);
      if (wrong.length > 0) {
        printCounts(counts);
        throw new Error(`Row counts differ in ${wrong.map((c) => c.table).join(', ')}.`);
      }
      copyMs = Date.now() - copyStarted;
      // Before the commit too: different metrics roll the copy back.
      const t0 = Date.now();
      metrics = await compareMetrics(lockedSqlite(source), tx, Date.now(), args.recomputeMetrics);
      metricsMs = Date.now() - t0;
    });

    printCounts(counts);
    console.log(`Metrics of the last 90 days: ${metrics} (${seconds(metricsMs)})`);
    console.log(
      `Moved ${total} rows in ${tables.length} tables in ${seconds(copyMs)} (${Math.round(total / Math.max(copyMs / 1000, 0.001))} rows/s; ${seconds(Date.now() - started)} in all).`,
    );
    if (nul.replaced > 0) console.log(`${nul.replaced} text values held U+0000: stored with U+FFFD in its place (--replace-nul).`);
    console.log(`Every count matches. Start the servers with DATABASE_URL=${shown(args.to)}; ${args.from} was not changed and can be kept as a backup.`);
    return 0;
  } finally {
    closeSource(source);
    await target?.close();
  }
}

function printCounts(counts: Array<{ table: string; sqlite: number; postgres: number }>): void {
  const width = Math.max(5, ...counts.map((c) => c.table.length));
  console.log(`${'table'.padEnd(width)}  ${'sqlite'.padStart(10)}  ${'postgres'.padStart(10)}`);
  for (const c of counts) {
    const mark = c.sqlite === c.postgres ? '' : '  ← differs';
    console.log(`${c.table.padEnd(width)}  ${String(c.sqlite).padStart(10)}  ${String(c.postgres).padStart(10)}${mark}`);
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof Refusal) {
    console.error(`Refused: ${err.message}`);
  } else {
    // The copy runs in one transaction: at most the empty schema (migrations) stays, which a new run accepts.
    console.error(`The move failed; no rows were committed to the target: ${(err as Error).message}`);
  }
  process.exitCode = 1;
}
