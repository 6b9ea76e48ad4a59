import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The Parley server of the sign-in benchmark (login-stall.ts), in a process of its own, on a
 * temporary SQLite file; reports its port over IPC and stops when asked. `argv[2]` is the tree
 * whose server code runs (default: this checkout), so the same driver measures an older commit
 * unpacked elsewhere. LOGIN_* variables in the environment set the sign-in limits.
 */
const tree = resolve(process.argv[2] ?? join(import.meta.dirname, '..', '..'));
const load = (path: string) => import(pathToFileURL(join(tree, path)).href);
const [{ createApp }, { configFromEnv }, storeModule, { systemClock }] = await Promise.all([
  load('server/app.ts'),
  load('server/config.ts'),
  load('server/store/sqlite.ts').catch(() => load('server/store/db.ts')),
  load('server/clock.ts'),
]);
// Trees since the async store open a Store; older ones a better-sqlite3 connection.
const openStore = storeModule.openSqliteStore ?? storeModule.openDb;

if (!process.send) throw new Error('start me from bench/auth/login-stall.ts: I report over an IPC channel');
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-login-'));
const databasePath = join(dir, 'parley.db');
const db = openStore(databasePath);
const config = {
  ...configFromEnv(process.env),
  port: 0,
  demoPort: 0,
  databasePath,
  adminEmail: 'owner@bench.local',
  adminPassword: 'bench-owner-password',
};
// An older createApp returns the app itself; awaiting it is the same.
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
