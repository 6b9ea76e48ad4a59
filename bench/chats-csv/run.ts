import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { get as httpGet } from 'node:http';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { defaultOptions, generateHistory } from '../metrics/generate.ts';

/**
 * GET /api/chats.csv of a whole big history: the server's memory while it streams every chat
 * (peak RSS sampled from /proc every 20 ms, and the kernel's high-water mark), the rows and
 * bytes received and the time. Prints figures; never passes or fails.
 *
 *   npx tsx bench/chats-csv/run.ts [--chats 1000000] [--days 90] [--dir /tmp/parley-bench-csv]
 *                                  [--database-url URL] [--skip-import] [--slow-client] [--csv-only]
 *
 * The history is bench/metrics/generate.ts's (seeded) with the given size, imported with `npm
 * run import` into a fresh SQLite file (or the Postgres database at --database-url). With
 * --slow-client the download reads 64 KB every 10 ms, so the server must wait for the client
 * instead of buffering what it has made. With --csv-only the metrics query that builds the hour
 * blocks first is left out: on a database whose blocks an earlier run built, the server's peak is
 * then the CSV's own.
 */

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const chats = Number(arg('chats', String(defaultOptions.chats)));
const days = Number(arg('days', String(defaultOptions.days)));
const dir = arg('dir', '/tmp/parley-bench-csv');
const history = `${dir}/history-${chats}-${days}.ndjson`;
const dbPath = `${dir}/parley-${chats}-${days}.db`;
const databaseUrl = arg('database-url', '');
const dbEnv: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_PATH: dbPath };
const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (!existsSync(history)) {
  const t = Date.now();
  await generateHistory(history, { ...defaultOptions, chats, days });
  console.log(`generated ${history} in ${secs(Date.now() - t)}`);
}
if (!process.argv.includes('--skip-import')) {
  if (!databaseUrl) for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  const t = Date.now();
  const child = spawn(tsx, ['scripts/import.ts', history], { env: { ...process.env, ...dbEnv }, stdio: ['ignore', 'ignore', 'inherit'] });
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) process.exit(1);
  console.log(`import: ${secs(Date.now() - t)}`);
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
const serverPid = Number(spawnSync('pgrep', ['-P', String(server.pid), '-n'], { encoding: 'utf8' }).stdout.trim() || server.pid);
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
const iso = (ms: number) => new Date(ms).toISOString();
const range = `from=${iso(defaultOptions.start)}&to=${iso(defaultOptions.start + days * 86_400_000)}`;
const slow = process.argv.includes('--slow-client');

/** Downloads path, counting lines and bytes; the peak RSS sampled meanwhile. */
function download(path: string) {
  return new Promise<{ ms: number; bytes: number; lines: number; peakRss: number; trace: string[] }>((resolve, reject) => {
    const t = performance.now();
    let peakRss = memory('VmRSS');
    const trace: string[] = [];
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, memory('VmRSS'))), 20);
    httpGet(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`${path}: ${res.statusCode}`));
      let bytes = 0;
      let lines = 0;
      // The server's RSS at each tenth of the rows: flat if the stream holds no more than it sends.
      const tenth = Math.max(1, Math.round(chats / 10));
      const take = (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
          if (++lines % tenth === 0) trace.push(`${lines / 1000}k ${memory('VmRSS').toFixed(0)}`);
        }
      };
      if (slow) {
        res.pause();
        const tick = setInterval(() => {
          let chunk: Buffer | null;
          let n = 0;
          while (n < 65_536 && (chunk = res.read() as Buffer | null)) (n += chunk.length), take(chunk);
        }, 10);
        res.on('end', () => clearInterval(tick));
      } else res.on('data', take);
      res.on('end', () => {
        clearInterval(sampler);
        resolve({ ms: performance.now() - t, bytes, lines, peakRss, trace });
      });
    }).on('error', reject);
  });
}

try {
  console.log(`history: ${chats} chats over ${days} days; database ${databaseUrl ? 'Postgres' : `SQLite ${dbPath}`}`);
  console.log(`server RSS after start: ${memory('VmRSS').toFixed(0)} MB`);
  if (!process.argv.includes('--csv-only')) {
    const warm = await download(`/metrics?${range}`);
    console.log(`first metrics query (builds the hour blocks): ${secs(warm.ms)}, RSS after ${memory('VmRSS').toFixed(0)} MB, peak ${warm.peakRss.toFixed(0)} MB`);
  }
  const hwmBefore = memory('VmHWM');
  const csv = await download(`/chats.csv?${range}&tz=Europe/Sofia`);
  console.log(
    `GET /api/chats.csv${slow ? ' (slow client)' : ''}: ${csv.lines - 1} rows, ${(csv.bytes / 2 ** 20).toFixed(0)} MB in ${secs(csv.ms)}; ` +
      `server peak RSS while downloading ${csv.peakRss.toFixed(0)} MB (VmHWM before ${hwmBefore.toFixed(0)} MB, after ${memory('VmHWM').toFixed(0)} MB)`,
  );
  console.log(`server RSS (MB) by rows received: ${csv.trace.join(', ')}`);
} finally {
  server.kill('SIGTERM');
}
process.exit(0);
