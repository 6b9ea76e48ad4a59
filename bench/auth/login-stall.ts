/**
 * Sign-in benchmark (security issue 10): does a flood of wrong passwords slow down everyone
 * else? A visitor socket sends a message every `--interval` ms and times each ack, first with
 * nothing else going on, then while 16 clients hammer POST /api/auth/login with wrong passwords
 * (each sends its next attempt as soon as the last is answered).
 *
 * The server (bench/auth/server.ts) and the wrong logins (bench/auth/wrong-logins.ts) run in
 * processes of their own, so that neither shares an event loop with the visitor timed here. Variants, each on a fresh server, taking turns `--repeat` times, so
 * that other work on a shared machine weighs on all alike:
 *   before     the tree given by `--before DIR` (an older commit unpacked there), if any;
 *   limited    this checkout with the default sign-in limits;
 *   unlimited  this checkout with limits too high to reach: every attempt runs scrypt.
 *
 *   npx tsx bench/auth/login-stall.ts [--before DIR] [--seconds 5] [--interval 20] [--repeat 3]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { newId } from '../../shared/ids.ts';

const { values: args } = parseArgs({
  options: {
    before: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    interval: { type: 'string', default: '20' },
    repeat: { type: 'string', default: '3' },
    logins: { type: 'string', default: '16' },
  },
});
const windowMs = Number(args.seconds) * 1000;
const intervalMs = Number(args.interval);
const repeats = Number(args.repeat);
const parallelLogins = Number(args.logins);

interface Variant {
  name: string;
  tree?: string;
  env: Record<string, string>;
}

const unreachable = {
  LOGIN_CONSECUTIVE_FAILS: '1000000',
  LOGIN_FAILS_PER_IP_PER_DAY: '1000000',
  LOGIN_FAILS_PER_ACCOUNT_PER_DAY: '1000000',
};
const variants: Variant[] = [
  ...(args.before ? [{ name: 'before', tree: args.before, env: {} }] : []),
  { name: 'limited', env: {} },
  { name: 'unlimited', env: unreachable },
];

function startServer(variant: Variant): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(import.meta.dirname, 'server.ts'), variant.tree ? [variant.tree] : [], {
    execArgv: process.execArgv,
    env: { ...process.env, ...variant.env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ child, url: `http://127.0.0.1:${m.port}` }));
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send('stop');
  });
}

async function connectVisitor(url: string): Promise<Socket> {
  const res = await fetch(`${url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { token } = (await res.json()) as { token: string };
  const socket = io(`${url}/visitor`, { auth: { token }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const hello = await socket.timeout(10_000).emitWithAck('visitor:hello', {});
  if (!hello.ok) throw new Error(`visitor:hello: ${JSON.stringify(hello)}`);
  return socket;
}

/** Ack times of a message sent every `intervalMs` for `windowMs`. */
async function ackTimes(socket: Socket): Promise<number[]> {
  const times: number[] = [];
  const pending: Promise<void>[] = [];
  const end = performance.now() + windowMs;
  for (let next = performance.now(); next < end; next += intervalMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    const sent = performance.now();
    pending.push(
      socket
        .timeout(30_000)
        .emitWithAck('message:send', { id: newId('m_'), text: 'Is my order on its way?' })
        .then((ack: { ok: boolean; error?: string }) => {
          if (!ack.ok) throw new Error(`message:send: ${ack.error}`);
          times.push(performance.now() - sent);
        }),
    );
  }
  await Promise.all(pending);
  return times;
}

/** `parallelLogins` clients sending wrong passwords back to back, in a process of their own. */
async function hammerLogins(url: string) {
  const child = fork(join(import.meta.dirname, 'wrong-logins.ts'), [url, String(parallelLogins)], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve) => child.once('message', resolve));
  return {
    /** Stops them; how many answers of each status they got. */
    stop: () =>
      new Promise<Map<number, number>>((resolve) => {
        child.once('message', (statuses: Record<string, number>) => resolve(new Map(Object.entries(statuses).map(([s, n]) => [Number(s), n]))));
        child.send('stop');
      }),
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const load = () => loadavg()[0]!.toFixed(2);

interface Row {
  variant: string;
  run: number;
  logins: boolean;
  p50: number;
  p99: number;
  max: number;
  acks: number;
  answers: string;
  load: string;
}
const rows: Row[] = [];

async function measure(variant: Variant, run: number): Promise<void> {
  const { child, url } = await startServer(variant);
  const visitor = await connectVisitor(url);
  try {
    // Warm-up: the first messages open the chat and compile what the hot path needs.
    await Promise.all(Array.from({ length: 20 }, () => visitor.timeout(10_000).emitWithAck('message:send', { id: newId('m_'), text: 'Hello' })));
    for (const logins of [false, true]) {
      const loadBefore = load();
      const hammer = logins ? await hammerLogins(url) : undefined;
      const times = (await ackTimes(visitor)).sort((a, b) => a - b);
      const statuses = await hammer?.stop();
      rows.push({
        variant: variant.name,
        run,
        logins,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        max: times[times.length - 1]!,
        acks: times.length,
        answers: statuses ? [...statuses].map(([status, n]) => `${n}×${status}`).join(' ') : '–',
        load: `${loadBefore}–${load()}`,
      });
      const r = rows[rows.length - 1]!;
      console.log(
        `${r.variant.padEnd(9)} run ${run} ${logins ? `${parallelLogins} logins` : 'quiet    '}  ack p50 ${ms(r.p50)} ms  p99 ${ms(r.p99)} ms  max ${ms(r.max)} ms  (${r.acks} acks; logins answered ${r.answers}; load ${r.load})`,
      );
    }
  } finally {
    visitor.disconnect();
    await stopServer(child);
  }
}

console.log(`${parallelLogins} parallel wrong logins; a visitor message every ${intervalMs} ms for ${args.seconds} s per window; ${repeats} runs per variant, taking turns\n`);
for (let run = 1; run <= repeats; run++) {
  for (const variant of variants) await measure(variant, run);
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log('\nMedians of the runs:\n');
console.log('| code | logins | ack p50 ms | ack p99 ms | ack max ms | logins answered (last run) |');
console.log('| --- | --- | ---: | ---: | ---: | --- |');
for (const variant of variants) {
  for (const logins of [false, true]) {
    const mine = rows.filter((r) => r.variant === variant.name && r.logins === logins);
    console.log(
      `| ${variant.name} | ${logins ? `${parallelLogins} in parallel` : 'none'} | ${ms(median(mine.map((r) => r.p50)))} | ${ms(median(mine.map((r) => r.p99)))} | ${ms(median(mine.map((r) => r.max)))} | ${mine[mine.length - 1]!.answers} |`,
    );
  }
}
process.exit(0);
