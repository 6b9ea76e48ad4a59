import { createApp } from '../../server/app.ts';
import { systemClock } from '../../server/clock.ts';
import { configFromEnv } from '../../server/config.ts';
import { createAgent, hashPassword } from '../../server/store/agents.ts';
import { openStore } from '../../server/store/open.ts';

/**
 * The Parley server on DATABASE_URL (Postgres) or DATABASE_PATH for the metrics benchmark; prints its port. An imported
 * history brings its own owner, so the benchmark's sign-in (ADMIN_EMAIL / ADMIN_PASSWORD) is
 * added as an admin when it is not there.
 */
const config = configFromEnv();
const store = await openStore(config);
if (!(await store.get('SELECT 1 FROM agents WHERE email = ?', [config.adminEmail]))) {
  await createAgent(store, { name: 'Benchmark', email: config.adminEmail, role: 'admin', passwordHash: config.adminPassword ? await hashPassword(config.adminPassword) : undefined }, Date.now());
}
const parley = await createApp({ config, clock: systemClock, db: store });
const port = await parley.listen(config.port, '127.0.0.1');
console.log(`port ${port}`);
