import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { testDatabaseUrl } from './postgres.ts';

/**
 * The postgres project's run: its databases carry this run's name, and are dropped at its end
 * (tests that close a server without removing its files leave theirs behind until then).
 */
export default function setup() {
  const run = randomBytes(3).toString('hex');
  process.env.PARLEY_TEST_RUN = run;
  return async () => {
    const client = new pg.Client({ connectionString: testDatabaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`parley_test_${run}_%`]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
