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
import { createLogger, type Logger } from '../../server/logger.ts';

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
  // PARLEY_TEST_LOG=warn (or info, debug) shows the servers' logs, e.g. the SQL error behind a 500.
  const log = opts.log ?? (process.env.PARLEY_TEST_LOG ? createLogger({ logLevel: process.env.PARLEY_TEST_LOG as Config['logLevel'], nodeId: 'test' }) : undefined);
  const parley = await createApp({ config, clock, db: store, log });
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

/**
 * One sign-in as a client sends it: `code` is a two-factor code, `headers` what a browser or a
 * proxy adds (Origin, X-Forwarded-For). The status, the parsed answer and the answer's headers
 * (the session cookie), for tests of refusals and limits as much as of success.
 */
export async function signInAttempt(
  url: string,
  credentials: { email: string; password: string; code?: string },
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(credentials),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's or a limiter's page): the text as it came.
  }
  return { status: res.status, body, headers: res.headers };
}

export async function loginToken(url: string, email = 'owner@example.com', password = 'owner-password') {
  const answer = await signInAttempt(url, { email, password });
  if (answer.status < 200 || answer.status > 299) throw new Error(`login failed: ${answer.status}`);
  return (answer.body as { token: string }).token;
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
