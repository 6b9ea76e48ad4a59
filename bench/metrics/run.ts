import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { generateHistory, defaultOptions } from './generate.ts';

/**
 * The metrics benchmark: generates a history (1M chats by default) unless it exists, imports it
 * with `npm run import` into a fresh database, starts the server on it and times the API.
 * Prints figures; never passes or fails on time.
 *
 *   npx tsx bench/metrics/run.ts [--history FILE] [--db FILE] [--chats N] [--runs N] [--skip-import]
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
const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const DAY = 86_400_000;

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

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
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbPath + suffix, { force: true });
  const t = Date.now();
  const child = spawn(tsx, ['scripts/import.ts', history], {
    env: { ...process.env, DATABASE_PATH: dbPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const cpu = new Map<string, number>();
  const sampler = setInterval(() => threadCpu(child.pid!, cpu), 250);
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
}

const password = 'bench-owner-password';
const server = spawn(tsx, ['bench/metrics/server.ts'], {
  env: { ...process.env, DATABASE_PATH: dbPath, PORT: '0', DEMO_PORT: '0', ADMIN_EMAIL: 'owner@bench.local', ADMIN_PASSWORD: password },
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
const get = async (path: string) => {
  const t = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return performance.now() - t;
};

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

try {
  console.log(`server RSS after start: ${memory('VmRSS').toFixed(0)} MB`);
  console.log(`first query (builds the hour blocks of 90 days): ${(await get(`/metrics?${all90}`)).toFixed(0)} ms`);
  let peakDuringQueries = 0;
  for (const [name, path] of scenarios) {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      times.push(await get(path));
      peakDuringQueries = Math.max(peakDuringQueries, memory('VmRSS'));
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)]!;
    console.log(`${name}: p50 ${p50.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[times.length - 1]!.toFixed(0)}, ${runs} runs)`);
  }
  console.log(`server RSS: max sampled ${peakDuringQueries.toFixed(0)} MB, peak (VmHWM) ${memory('VmHWM').toFixed(0)} MB`);
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
}
