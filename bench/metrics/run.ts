import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { get as httpGet } from 'node:http';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { generateHistory, defaultOptions } from './generate.ts';
import { createTestDatabase, testDatabaseUrl } from '../../test/helpers/postgres.ts';

/**
 * The metrics benchmark: generates a history (1M chats by default) unless it exists, imports it
 * with `npm run import` into a fresh database, starts the server on it and times the API.
 * Prints figures; never passes or fails on time.
 *
 *   npx tsx bench/metrics/run.ts [--history FILE] [--db FILE] [--chats N] [--runs N] [--skip-import]
 *                                [--backend postgres] [--database-url URL]
 *
 * `--backend postgres`: the import and the server on a fresh database on the local Postgres
 * (TEST_DATABASE_URL; dropped at the end unless --keep), or on `--database-url URL` (kept; with
 * --skip-import, a database imported before). The CPU time of that database's Postgres backends
 * (read from /proc) is reported for the import and for the queries, next to the node process's.
 */

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const history = arg('history', '/tmp/parley-bench/history.ndjson');
const dbPath = arg('db', '/tmp/parley-bench/parley.db');
const chats = Number(arg('chats', String(defaultOptions.chats)));
const runs = Number(arg('runs', '11'));
const skipImport = process.argv.includes('--skip-import');
const givenUrl = arg('database-url', '');
const postgres = arg('backend', givenUrl ? 'postgres' : 'sqlite') === 'postgres';
const fresh = postgres && !givenUrl ? await createTestDatabase() : null;
const databaseUrl = givenUrl || fresh?.url || '';
const dbEnv: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_PATH: dbPath };
if (fresh && !process.argv.includes('--keep')) process.on('exit', () => spawnSync('psql', [testDatabaseUrl, '-qc', `DROP DATABASE IF EXISTS ${new URL(fresh.url).pathname.slice(1)} WITH (FORCE)`]));

/** CPU seconds used so far by the Postgres backends of the benchmark's database, per backend pid (kept when they end). */
const backendCpu = new Map<number, number>();
const admin = databaseUrl ? new pg.Client({ connectionString: testDatabaseUrl }) : null;
await admin?.connect();
async function sampleBackends(): Promise<void> {
  if (!admin) return;
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    decodeURIComponent(new URL(databaseUrl).pathname.slice(1)),
  ]);
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      backendCpu.set(pid, Math.max(backendCpu.get(pid) ?? 0, (Number(fields[11]) + Number(fields[12])) / 100));
    } catch {
      // The backend ended meanwhile.
    }
  }
}
const backendSeconds = () => [...backendCpu.values()].reduce((a, b) => a + b, 0);
const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const DAY = 86_400_000;

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`database: ${databaseUrl ? `Postgres ${databaseUrl}` : `SQLite ${dbPath}`}; history ${history}`);

if (!existsSync(history)) {
  const t = Date.now();
  const counts = await generateHistory(history, { ...defaultOptions, chats });
  console.log(`generated ${history} in ${secs(Date.now() - t)}:`, counts);
}

/**
 * CPU seconds of each thread of a process tree's node process, sampled from /proc while it runs:
 * on a machine shared with other work the wall clock says little, the busiest thread says what
 * the import would take with the two cores to itself.
 */
function threadCpu(rootPid: number, seen: Map<string, number>): void {
  const node = spawnSync('pgrep', ['-P', String(rootPid), '-n'], { encoding: 'utf8' }).stdout.trim() || String(rootPid);
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${node}/task`);
  } catch {
    return;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/${node}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      seen.set(tid, Math.max(seen.get(tid) ?? 0, ticks / 100));
    } catch {
      // The thread ended between listing and reading.
    }
  }
}

if (!skipImport) {
  if (!databaseUrl) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbPath + suffix, { force: true });
  const t = Date.now();
  const child = spawn(tsx, ['scripts/import.ts', history], {
    env: { ...process.env, ...dbEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const cpu = new Map<string, number>();
  const sampler = setInterval(() => {
    threadCpu(child.pid!, cpu);
    void sampleBackends();
  }, 250);
  const [code] = (await once(child, 'exit')) as [number];
  clearInterval(sampler);
  if (code !== 0) {
    console.error(stderr.slice(0, 4000));
    process.exit(1);
  }
  console.log(`import (npm run import, wall clock incl. start-up): ${secs(Date.now() - t)}`);
  console.log(stdout.trim().split('\n').filter((l) => !l.includes('%')).join('\n'));
  const busiest = [...cpu.values()].sort((a, b) => b - a).slice(0, 3);
  console.log(`import CPU time of its busiest threads (writer, reader, ...): ${busiest.map((c) => `${c.toFixed(1)} s`).join(', ')}`);
  if (admin) console.log(`import: CPU time of the database's Postgres backends ${backendSeconds().toFixed(1)} s`);
}

const password = 'bench-owner-password';
const server = spawn(tsx, ['bench/metrics/server.ts'], {
  env: { ...process.env, ...dbEnv, PORT: '0', DEMO_PORT: '0', ADMIN_EMAIL: 'owner@bench.local', ADMIN_PASSWORD: password },
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.on('exit', () => server.kill('SIGTERM'));
const port = await new Promise<number>((resolve) => {
  server.stdout.on('data', (b: Buffer) => {
    const m = /port (\d+)/.exec(b.toString());
    if (m) resolve(Number(m[1]));
  });
});
// tsx runs the server as a child of its own: measure the process that serves.
const serverPid = Number(
  spawnSync('pgrep', ['-P', String(server.pid), '-n'], { encoding: 'utf8' }).stdout.trim() || server.pid,
);
const memory = (field: 'VmRSS' | 'VmHWM') => {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${serverPid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

const base = `http://127.0.0.1:${port}/api`;
const login = await fetch(`${base}/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'owner@bench.local', password }),
});
const { token } = (await login.json()) as { token: string };
// node:http rather than fetch: fetch gives up on headers after 300 s, and the first query on
// Postgres (building every hour block) takes longer than that on a busy machine.
const get = (path: string) =>
  new Promise<number>((resolve, reject) => {
    const t = performance.now();
    httpGet(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`${path}: ${res.statusCode}`))));
    }).on('error', reject);
  });

const start = defaultOptions.start;
const end = start + defaultOptions.days * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const last30 = `from=${iso(end - 30 * DAY)}&to=${iso(end)}`;
const all90 = `from=${iso(start)}&to=${iso(end)}`;
const scenarios: [string, string][] = [
  ['GET /api/metrics, 30 days', `/metrics?${last30}`],
  ['GET /api/metrics/agents, 30 days', `/metrics/agents?${last30}`],
  ['GET /api/metrics/series, day, 90 days, Europe/Sofia', `/metrics/series?${all90}&bucket=day&tz=Europe/Sofia`],
  ['GET /api/metrics, 30 days, agent filter', `/metrics?${last30}&agent=ag007`],
  ['GET /api/metrics, 30 days, tag filter', `/metrics?${last30}&tag=refund`],
  ['GET /api/metrics, 90 days', `/metrics?${all90}`],
  ['GET /api/metrics/series, hour, 7 days', `/metrics/series?from=${iso(end - 7 * DAY)}&to=${iso(end)}&bucket=hour`],
];

const serverCpu = () => {
  const stat = readFileSync(`/proc/${serverPid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
try {
  console.log(`server RSS after start: ${memory('VmRSS').toFixed(0)} MB`);
  await sampleBackends();
  const dbBefore = backendSeconds();
  const cpuBefore = serverCpu();
  console.log(`first query (builds the hour blocks of 90 days): ${(await get(`/metrics?${all90}`)).toFixed(0)} ms`);
  let peakDuringQueries = 0;
  await sampleBackends();
  if (admin) console.log(`  CPU of it: server ${(serverCpu() - cpuBefore).toFixed(1)} s, Postgres backends ${(backendSeconds() - dbBefore).toFixed(1)} s`);
  for (const [name, path] of scenarios) {
    const times: number[] = [];
    await sampleBackends();
    const db0 = backendSeconds();
    const cpu0 = serverCpu();
    for (let i = 0; i < runs; i++) {
      times.push(await get(path));
      peakDuringQueries = Math.max(peakDuringQueries, memory('VmRSS'));
      await sampleBackends();
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)]!;
    const perCall = `CPU per call: server ${(((serverCpu() - cpu0) / runs) * 1000).toFixed(0)} ms` +
      (admin ? `, Postgres ${(((backendSeconds() - db0) / runs) * 1000).toFixed(0)} ms` : '');
    console.log(`${name}: p50 ${p50.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[times.length - 1]!.toFixed(0)}, ${runs} runs); ${perCall}`);
  }
  console.log(`server RSS: max sampled ${peakDuringQueries.toFixed(0)} MB, peak (VmHWM) ${memory('VmHWM').toFixed(0)} MB`);
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
  await admin?.end();
}
