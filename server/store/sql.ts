/**
 * The one interface every repository function speaks: asynchronous, the same for SQLite and
 * Postgres. Statements are portable SQL with `?` (positional, params an array) or `@name`
 * (named, params an object) placeholders; the Postgres backend rewrites both to `$n` once per
 * statement text. Dialect differences that SQL cannot hide are asked of `dialect`.
 */

export type Dialect = 'sqlite' | 'postgres';
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;
export type Row = Record<string, unknown>;

export interface Sql {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined>;
  /** The first column of the first row (undefined when no row). */
  value<T = unknown>(sql: string, params?: Params): Promise<T | undefined>;
  /** The first column of every row. */
  column<T = unknown>(sql: string, params?: Params): Promise<T[]>;
  /** Runs a write; resolves to the number of rows it changed. */
  run(sql: string, params?: Params): Promise<number>;
  /**
   * Runs `fn` in one transaction on one connection: committed when it resolves, rolled back
   * when it throws. Pass `tx` on to what the transaction calls; a call made on the store itself
   * from inside `fn` (a helper that closed over it) joins the transaction too, by async context,
   * rather than waiting for it forever. Nested calls join the outer one.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Inside a transaction: waits until no other transaction holds `name`, then holds it until
   * this one ends (a check-then-write that must not interleave with another node's). SQLite's
   * write transactions already run one at a time; on Postgres an advisory transaction lock.
   */
  lock(name: string): Promise<void>;
  /**
   * Runs `fn` once every earlier call with the same `key` (in this process) has settled: the
   * writes of one chat start in the order they arrived. SQLite's transactions already run one
   * at a time in the order asked, so there it runs at once (and a burst still shares a commit);
   * on Postgres, transactions on several connections would otherwise race for the chat's lock.
   * `key` is asked only where it is needed.
   */
  inOrder<T>(key: () => Promise<string>, fn: () => Promise<T>): Promise<T>;
}

/** The transaction the current async context runs in, per store (see `transaction`). */
export interface OpenTransaction<T extends Sql> {
  readonly owner: object;
  readonly tx: T;
  active: boolean;
}

export interface Store extends Sql {
  /** SQLite's connection, for what reads it directly (metrics blocks, checkpointer, backup); null on Postgres. */
  readonly sqlite: import('better-sqlite3').Database | null;
  /** Postgres' pool, for what shares the database beside the store (the Socket.IO adapter); null on SQLite. */
  readonly postgres: import('pg').Pool | null;
  /** Where the data is, for logs: the file or the database URL without its password. */
  readonly location: string;
  /** The migration files not applied yet (readiness); rejects when the store does not answer. */
  pendingMigrations(): Promise<string[]>;
  close(): Promise<void>;
}
