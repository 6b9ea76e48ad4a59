import pg from 'pg';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { OpenTransaction, Params, Row, Sql, Store } from './sql.ts';

const current = new AsyncLocalStorage<OpenTransaction<PostgresSql>>();

// BIGINT (epoch milliseconds, counts) and NUMERIC (sums, averages) as JS numbers, as SQLite gives them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

interface Translated {
  text: string;
  /** For named placeholders: the parameter names in `$n` order; null for positional. */
  names: string[] | null;
}

const translations = new Map<string, Translated>();
/** Per key, the last call `inOrder` queued (see Sql.inOrder); and the last call to look up its key. */
const queues = new Map<string, Promise<void>>();
let intake: Promise<void> = Promise.resolve();

/**
 * Rewrites `?` and `@name` placeholders to Postgres' `$n`, skipping quoted strings, quoted
 * identifiers and comments. Cached per statement text, like SQLite's prepared statements.
 */
export function translate(sql: string): Translated {
  let done = translations.get(sql);
  if (done) return done;
  let text = '';
  let positional = 0;
  const names: string[] = [];
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if ((c === 'A' || c === 'a') && !/\w/.test(sql[i - 1] ?? '') && camelAlias(sql.slice(i, i + 80))) {
      // A camelCase alias (`AS maxChats`): Postgres folds unquoted names to lower case, SQLite
      // keeps them; quoted, the row's key is the same on both.
      const alias = camelAlias(sql.slice(i, i + 80))!;
      text += `${alias[1]}"${alias[2]}"`;
      i += alias[0].length - 1;
    } else if (c === '?') {
      text += `$${++positional}`;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      const name = sql.slice(i + 1, j);
      let index = names.indexOf(name);
      if (index < 0) index = names.push(name) - 1;
      text += `$${index + 1}`;
      i = j - 1;
    } else {
      text += c;
    }
  }
  if (positional > 0 && names.length > 0) throw new Error(`mixed ? and @name placeholders: ${sql}`);
  done = { text, names: names.length > 0 ? names : null };
  translations.set(sql, done);
  return done;
}

function camelAlias(sql: string): RegExpExecArray | null {
  const alias = /^(as\s+)([A-Za-z_]\w*)/i.exec(sql);
  // Mixed case only: `CAST(x AS TEXT)` names a type, not an alias.
  return alias && /[A-Z]/.test(alias[2]!) && /[a-z]/.test(alias[2]!) ? alias : null;
}

function values(t: Translated, params: Params | undefined): unknown[] {
  if (params === undefined) return [];
  if (t.names === null) return params as unknown[];
  const named = params as Record<string, unknown>;
  return t.names.map((n) => {
    const v = named[n];
    return v === undefined ? null : v;
  });
}

type Queryable = pg.Pool | pg.PoolClient;

class PostgresSql implements Sql {
  readonly dialect = 'postgres' as const;

  constructor(readonly client: Queryable) {}

  /** The client to run on: a transaction's, when this pool's transaction is open in this async context. */
  private get target(): Queryable {
    const open = current.getStore();
    return open && open.active && open.owner === this.client ? open.tx.client : this.client;
  }

  protected async query(sql: string, params: Params | undefined): Promise<pg.QueryResult> {
    return this.target.query(queryOf(sql, params));
  }

  async all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }
  async get<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined;
  }
  async value<T = unknown>(sql: string, params?: Params): Promise<T | undefined> {
    const result = await this.target.query({ ...queryOf(sql, params), rowMode: 'array' });
    return (result.rows[0] as unknown[] | undefined)?.[0] as T | undefined;
  }
  async column<T = unknown>(sql: string, params?: Params): Promise<T[]> {
    const result = await this.target.query({ ...queryOf(sql, params), rowMode: 'array' });
    return (result.rows as unknown[][]).map((r) => r[0] as T);
  }
  async run(sql: string, params?: Params): Promise<number> {
    return (await this.query(sql, params)).rowCount ?? 0;
  }

  inOrder<T>(keyOf: () => Promise<string>, fn: () => Promise<T>): Promise<T> {
    // Keys are looked up one call after another, so that calls join their lines in the order
    // they were made, however the lookups' queries finish.
    const joined = intake.then(async () => {
      const key = await keyOf();
      const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      queues.set(key, settled);
      void settled.then(() => {
        if (queues.get(key) === settled) queues.delete(key);
      });
      return { run };
    });
    intake = joined.then(
      () => undefined,
      () => undefined,
    );
    return joined.then(({ run }) => run);
  }

  async lock(name: string): Promise<void> {
    const target = this.target;
    if (target instanceof pg.Pool) throw new Error('lock() outside a transaction');
    await target.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (!(this.client instanceof pg.Pool)) return fn(this);
    const open = current.getStore();
    if (open && open.active && open.owner === this.client) return fn(open.tx);
    const client = await this.client.connect();
    const tx = new PostgresSql(client);
    const context: OpenTransaction<PostgresSql> = { owner: this.client, tx, active: true };
    try {
      await client.query('BEGIN');
      try {
        const result = await current.run(context, () => fn(tx));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    } finally {
      context.active = false;
      client.release();
    }
  }
}

function queryOf(sql: string, params: Params | undefined) {
  const t = translate(sql);
  return { text: t.text, values: values(t, params) };
}

class PostgresStore extends PostgresSql implements Store {
  readonly sqlite = null;

  constructor(
    readonly postgres: pg.Pool,
    readonly location: string,
  ) {
    super(postgres);
  }

  async pendingMigrations(): Promise<string[]> {
    const applied = new Set(await this.column<number>('SELECT version FROM schema_migrations'));
    return postgresMigrationFiles().filter((f) => !applied.has(Number(f.split('_')[0])));
  }

  private closed: Promise<void> | null = null;

  /** Ends the pool; closing again is a no-op, as it is on SQLite (pg's end() rejects a second call). */
  close(): Promise<void> {
    return (this.closed ??= this.postgres.end());
  }
}

/**
 * A pool on `url` (postgres://user:pass@host:5432/db) with its pending migrations applied.
 * Several nodes may start at once: the first to take the migration lock applies them, the
 * others wait for it and find nothing left to do.
 */
export async function openPostgresStore(url: string, poolSize = 10): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  const store = new PostgresStore(pool, shown.toString());
  try {
    await migratePostgres(store);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return store;
}

/** Applies the pending `migrations/postgres/NNN_*.sql` files in one transaction, under a lock every node takes. */
export async function migratePostgres(db: Sql): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`).catch(async (err) => {
    // Two nodes creating it at the same instant: one loses the race on the catalog; it exists now.
    if (!(await db.value("SELECT to_regclass('schema_migrations')"))) throw err;
  });
  await db.transaction(async (tx) => {
    await tx.lock('parley:migrations');
    const applied = new Set(await tx.column<number>('SELECT version FROM schema_migrations'));
    for (const file of postgresMigrationFiles()) {
      const version = Number(file.split('_')[0]);
      if (applied.has(version)) continue;
      // Plain statements, no placeholders: run as one multi-statement query.
      await (tx as PostgresSql).client.query(readFileSync(join(postgresMigrationsDir, file), 'utf8'));
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [version, file, Date.now()]);
    }
  });
}

export const postgresMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations', 'postgres');

/** `NNN_name.sql`, numbered like SQLite's, in order. */
export function postgresMigrationFiles(): string[] {
  return readdirSync(postgresMigrationsDir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort();
}
