import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPostgresStore, postgresMigrationFiles, postgresMigrationsDir } from '../../server/store/postgres.ts';

/** The Postgres server tests make their databases on (any database on it; they create and drop their own). */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The integration tests run on this backend: `PARLEY_TEST_BACKEND=postgres` (the postgres project of vitest.config.ts). */
export const testBackend: 'sqlite' | 'postgres' = process.env.PARLEY_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';

const urlOf = (name: string) => {
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The migrated template every test database is copied from: made once per set of migration files. */
async function template(client: pg.Client): Promise<string> {
  const hash = createHash('sha1');
  for (const f of postgresMigrationFiles()) hash.update(f).update(readFileSync(join(postgresMigrationsDir, f)));
  const name = `parley_template_${hash.digest('hex').slice(0, 12)}`;
  await client.query("SELECT pg_advisory_lock(hashtext('parley-test-template'))");
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const building = `${name}_building`;
      await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${building}`);
      const store = await openPostgresStore(urlOf(building), 1);
      await store.close();
      await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('parley-test-template'))");
  }
  return name;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated, empty database of its own on the test server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `parley_test_${process.env.PARLEY_TEST_RUN ?? "x"}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withAdmin(async (client) => {
    const from = await template(client);
    // Copies serialize on the template: retry while another worker's copy holds it.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${from}`);
        return;
      } catch (err) {
        if (attempt > 50 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return {
    url: urlOf(name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Postgres goes away for the database at `url`: its connections are cut and new ones refused. */
export async function cutOffDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withAdmin(async (client) => {
    await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  });
}

/** Postgres is back for the database at `url` (after `cutOffDatabase`). */
export async function restoreDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await withAdmin((client) => client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
}

/** Whether the test server answers (vitest.config.ts asks before it plans the postgres project). */
export async function postgresAnswers(): Promise<boolean> {
  try {
    await withAdmin((client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}
