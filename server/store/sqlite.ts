import { openDb, pendingMigrations, statement, type Db } from './db.ts';
import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { OpenTransaction, Params, Row, Sql, Store } from './sql.ts';

const current = new AsyncLocalStorage<OpenTransaction<SqliteSql>>();

/** Opens (creating if needed) the SQLite file, applies pending migrations, and wraps it as a Store. */
export function openSqliteStore(path: string): Store {
  return new SqliteStore(openDb(path));
}

/** The same connection as a Store (tests and tools that opened the file themselves). */
export function sqliteStore(db: Db): Store {
  return new SqliteStore(db);
}

/**
 * Holds the store's writes while another connection of the same file writes in one long
 * transaction (an import on a worker thread): they queue, asynchronously, until `release` is
 * called, instead of waiting for SQLite's lock synchronously (busy_timeout) on the event loop.
 * Reads go on, from the last commit. Resolves once the transactions before it are committed.
 */
export function holdWrites(store: Store): Promise<() => void> {
  if (!(store instanceof SqliteStore)) throw new Error('holdWrites: not a SQLite store');
  return store.holdWrites();
}

const bind = (params: Params | undefined): unknown[] =>
  params === undefined ? [] : Array.isArray(params) ? (params as unknown[]) : [params];

/**
 * better-sqlite3 is synchronous: each call runs at once and resolves. A transaction holds the
 * one connection across awaits, so everything else (outside that transaction) waits for it in
 * turn instead of slipping into it; when none is open, calls run without waiting.
 */
class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;

  constructor(
    protected readonly db: Db,
    /** The transaction this handle runs in (its calls never wait), or null for the root. */
    private readonly inTransaction: boolean,
    protected readonly gate: Gate,
  ) {}

  private call<T>(sql: string, work: (s: Database.Statement) => T): Promise<T> {
    const now = () => work(statement(this.db, sql));
    if (this.inTransaction || this.gate.open || this.joined() || (this.gate.readsPass && statement(this.db, sql).readonly)) {
      try {
        return Promise.resolve(now());
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.gate.after(now);
  }

  all<T = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.call(sql, (s) => s.all(...bind(params)) as T[]);
  }
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return this.call(sql, (s) => s.get(...bind(params)) as T | undefined);
  }
  value<T = unknown>(sql: string, params?: Params): Promise<T | undefined> {
    return this.call(sql, (s) => s.pluck().get(...bind(params)) as T | undefined);
  }
  column<T = unknown>(sql: string, params?: Params): Promise<T[]> {
    return this.call(sql, (s) => s.pluck().all(...bind(params)) as T[]);
  }
  run(sql: string, params?: Params): Promise<number> {
    return this.call(sql, (s) => s.run(...bind(params)).changes);
  }

  inOrder<T>(_key: () => Promise<string>, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  lock(_name: string): Promise<void> {
    if (!this.inTransaction && !this.joined()) return Promise.reject(new Error('lock() outside a transaction'));
    return Promise.resolve();
  }

  /** Inside a transaction of this connection, by async context (see Sql.transaction). */
  private joined(): boolean {
    const open = current.getStore();
    return !!open && open.active && open.owner === this.gate;
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    const open = current.getStore();
    if (open && open.active && open.owner === this.gate) return fn(open.tx);
    return new Promise<T>((resolve, reject) => {
      this.gate.queue.push({ fn, resolve, reject } as QueuedTransaction);
      this.gate.scheduled ??= setImmediate(() => void this.commitQueued());
    });
  }

  /**
   * Group commit: the transactions asked for in one event-loop turn (messages read from many
   * sockets at once) run in one SQLite transaction, so that with `synchronous = FULL` they share
   * one fsync instead of paying one each. Each runs in its own savepoint: one that throws is
   * rolled back alone and the others commit. Each caller is answered only once the shared commit
   * is over, so nothing is acked that is not on disk; a failed commit fails them all.
   */
  private async commitQueued(): Promise<void> {
    const release = await this.gate.close();
    this.gate.scheduled = null;
    const batch = this.gate.queue;
    this.gate.queue = [];
    const tx = new SqliteSql(this.db, true, this.gate);
    let outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const { fn } of batch) {
        const context: OpenTransaction<SqliteSql> = { owner: this.gate, tx, active: true };
        this.db.exec('SAVEPOINT one_transaction');
        try {
          const value = await current.run(context, () => fn(tx));
          this.db.exec('RELEASE one_transaction');
          outcomes.push({ ok: true, value });
        } catch (error) {
          this.db.exec('ROLLBACK TO one_transaction');
          this.db.exec('RELEASE one_transaction');
          outcomes.push({ ok: false, error });
        } finally {
          context.active = false;
        }
      }
      this.db.exec('COMMIT');
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is stored.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      outcomes = batch.map(() => ({ ok: false, error }));
    } finally {
      release();
    }
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    });
  }
}

interface QueuedTransaction {
  fn: (tx: Sql) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** One transaction at a time on the connection; work outside transactions queues behind it. */
class Gate {
  open = true;
  /** Closed for another connection's writes (holdWrites): this one's reads need not wait. */
  readsPass = false;
  /** Transactions waiting for the next group commit, and the turn it runs in. */
  queue: QueuedTransaction[] = [];
  scheduled: NodeJS.Immediate | null = null;
  private tail: Promise<void> = Promise.resolve();

  /** Waits for the transactions before, then holds the gate until `release` is called. */
  async close(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.open = false;
    return () => {
      this.open = true;
      release();
    };
  }

  /** Runs `work` once the gate is open again (after the transactions queued so far). */
  async after<T>(work: () => T): Promise<T> {
    for (;;) {
      await this.tail;
      if (this.open) return work();
    }
  }
}

class SqliteStore extends SqliteSql implements Store {
  readonly location: string;
  readonly postgres = null;

  constructor(readonly sqlite: Db) {
    super(sqlite, false, new Gate());
    this.location = sqlite.name;
  }

  async pendingMigrations(): Promise<string[]> {
    return pendingMigrations(this.sqlite);
  }

  /** See holdWrites. */
  async holdWrites(): Promise<() => void> {
    const release = await this.gate.close();
    this.gate.readsPass = true;
    return () => {
      this.gate.readsPass = false;
      release();
    };
  }

  async close(): Promise<void> {
    // Commits what is queued, then waits for it.
    await this.transaction(async () => undefined).catch(() => undefined);
    if (this.sqlite.open) this.sqlite.close();
  }
}
