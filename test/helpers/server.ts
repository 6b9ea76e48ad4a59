import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { FakeClock, systemClock, type Clock } from '../../server/clock.ts';
import { testConfig, type Config } from '../../server/config.ts';
import type { Db } from '../../server/store/db.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { openPostgresStore } from '../../server/store/postgres.ts';
import { createTestDatabase, testBackend } from './postgres.ts';
import type { Store } from '../../server/store/sql.ts';
import type { Logger } from '../../server/logger.ts';

export interface TestServer {
  parley: ParleyApp;
  /** The store the server runs on (what the repository functions take). */
  store: Store;
  /** Its SQLite connection, for tests that look at rows directly (SQLite only: `store` works on both). */
  db: Db;
  /** The Postgres database when the tests run on Postgres (PARLEY_TEST_BACKEND=postgres). */
  databaseUrl: string | undefined;
  clock: Clock;
  config: Config;
  url: string;
  dbPath: string;
  /** Closes the server and the database; keeps the file unless `removeFiles`. */
  close(removeFiles?: boolean): Promise<void>;
}

/** A real server on a free port with a temporary SQLite file; silent unless given a `log`. */
export async function startTestServer(
  opts: { config?: Partial<Config>; clock?: Clock; dbPath?: string; databaseUrl?: string; log?: Logger } = {},
): Promise<TestServer> {
  const dbPath = opts.dbPath ?? join(mkdtempSync(join(tmpdir(), 'parley-test-')), 'parley.db');
  // On Postgres a server restarted on `dbPath` (its files' directory) gets its database back by `databaseUrl`.
  const created = testBackend === 'postgres' && !opts.databaseUrl ? await createTestDatabase() : null;
  const databaseUrl = opts.databaseUrl ?? created?.url;
  const config = testConfig({ databasePath: dbPath, databaseUrl, ...opts.config });
  const clock = opts.clock ?? systemClock;
  const store = databaseUrl ? await openPostgresStore(databaseUrl) : openSqliteStore(dbPath);
  const parley = await createApp({ config, clock, db: store, log: opts.log });
  const port = await parley.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  // Known only now that the port is: the app reads it per request (links in emails, files).
  if (!opts.config?.publicUrl) config.publicUrl = url;
  return {
    parley,
    store,
    get db(): Db {
      if (!store.sqlite) throw new Error('this test reads SQLite directly: use `store` to run it on Postgres too');
      return store.sqlite;
    },
    databaseUrl,
    clock,
    config: { ...config, port },
    url,
    dbPath,
    async close(removeFiles = false) {
      await parley.close();
      await store.close();
      if (removeFiles) {
        rmSync(join(dbPath, '..'), { recursive: true, force: true });
        await created?.drop();
      }
    },
  };
}

export async function loginToken(url: string, email = 'owner@example.com', password = 'owner-password') {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export { FakeClock };

/** A JSON call to the REST API as the holder of `token`: the status and the parsed answer. */
export async function apiCall(url: string, token: string, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${url}/api${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as any };
}
