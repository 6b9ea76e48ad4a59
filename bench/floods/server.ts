import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { configFromEnv } from '../../server/config.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import { systemClock } from '../../server/clock.ts';

/**
 * The Parley server of the flood benchmark (run.ts), in a process of its own so that the
 * clients do not share its event loop, on a temporary SQLite file; VISITOR_* variables set the
 * limits. Reports its port over IPC and stops when asked.
 */
if (!process.send) throw new Error('start me from bench/floods/run.ts: I report over an IPC channel');
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-floods-'));
const databasePath = join(dir, 'parley.db');
const db = openSqliteStore(databasePath);
const config = { ...configFromEnv(process.env), port: 0, demoPort: 0, databasePath, logLevel: 'silent' as const, adminEmail: 'owner@bench.local', adminPassword: 'bench-owner-password' };
const parley = await createApp({ config, clock: systemClock, db });
const port = await parley.listen(0, '127.0.0.1');

const stop = async () => {
  await parley.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send({ port });
