import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { postgresAnswers, testDatabaseUrl } from './test/helpers/postgres.ts';

const browserTests = ['**/*.browser.test.ts'];
const excluded = ['node_modules/**', 'dist/**'];

// The integration tests (test/*.test.ts) run a second time on Postgres when a server answers at
// TEST_DATABASE_URL. Without one they run on SQLite only and the run says so at its end; under
// CI=true a missing Postgres is a failure, so CI always runs both halves.
const withPostgres = await postgresAnswers();
const postgresMissing = `The Postgres half of the tests did NOT run: no server answered at ${testDatabaseUrl}.
Start one (Debian: apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)
or point TEST_DATABASE_URL at one (postgres://user@host:5432/any-database; the tests create and drop their own databases).`;
if (!withPostgres && process.env.CI === 'true') throw new Error(postgresMissing);

export default defineConfig({
  plugins: [preact()],
  test: {
    exclude: excluded,
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for what a busy machine does later (a socket answer, a paint): its own
    // default of 1 s is a flake on a loaded CI machine, not a finding.
    expect: { poll: { timeout: 10_000 } },
    reporters: ['default', { onTestRunEnd: () => void (withPostgres || console.log(`\n${postgresMissing}\n`)) }],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['**/*.test.{ts,tsx}'], exclude: [...excluded, ...browserTests] },
      },
      ...(withPostgres
        ? [
            {
              extends: true,
              test: {
                name: 'postgres',
                include: ['test/**/*.test.ts'],
                exclude: [...excluded, ...browserTests],
                env: { PARLEY_TEST_BACKEND: 'postgres' },
                globalSetup: ['test/helpers/postgres-setup.ts'],
              },
            },
          ]
        : []),
      {
        // Browser tests drive Chromium with focus and timing checks: on 2 cores they run one
        // file at a time, after the rest, so no other test starves them.
        extends: true,
        test: {
          name: 'browser',
          include: browserTests,
          exclude: excluded,
          fileParallelism: false,
          testTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
