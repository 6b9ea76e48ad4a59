/**
 * Relay benchmark (issue 2): N visitor/agent socket pairs on loopback exchange messages, first
 * through Parley (every message validated, stored in a temporary SQLite file and acked after
 * commit), then through a bare Socket.IO relay with no storage: the ceiling. Each server runs
 * in its own process so it does not share an event loop with this load generator.
 *
 * Each chat is a conversation: the visitor sends a message, its agent replies as soon as the
 * message arrives. Two loads per chat count:
 *   saturated  every visitor sends its next message as soon as the agent's reply arrives
 *              (as fast as the server goes: messages/s is the throughput);
 *   paced      the visitors together send `--rate` messages/s on a fixed schedule, well below
 *              saturation (the latency a visitor sees on a busy but not overloaded server).
 * Latency is visitor→agent: from the visitor's emit to the agent's 'message:new', one clock.
 *
 * Parley runs on each backend of `--backend` (sqlite, postgres: a fresh database on the local
 * Postgres, TEST_DATABASE_URL, dropped afterwards), and on Postgres once per node count of
 * `--nodes` (2: two Parley processes on one database; chat i's visitor connects to node i % 2 and
 * its agent to the other node, directly, no balancer in between, so that every message crosses
 * from node to node through the Socket.IO Postgres adapter). On Postgres the CPU of the database's
 * backend processes (pg_stat_activity of that database, read from /proc) counts as server CPU too.
 *
 * All servers stay up side by side and take turns (the order rotates from run to run),
 * `--repeat` times each; the table gives the median of the runs, so that other work on a shared
 * machine weighs on all alike.
 *
 *   npx tsx bench/relay/run.ts [--chats 100,1000] [--seconds 5] [--warmup 2] [--rate 200]
 *                              [--repeat 3] [--profile DIR]  (V8 CPU profile of Parley into DIR)
 *                              [--backend sqlite,postgres] [--nodes 1,2]
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../../test/helpers/postgres.ts';
import { newId } from '../../shared/ids.ts';
import type {
  Ack,
  AgentClientToServer,
  AgentServerToClient,
  MessageView,
  VisitorClientToServer,
  VisitorServerToClient,
} from '../../shared/protocol.ts';
import type { ChatPair, ServerReport, ServerRequest } from './child.ts';

/** What serves: Parley on a backend (and a node count), or the bare relay. */
type ServerKind = 'sqlite' | 'postgres' | 'postgres×2' | 'bare';
type LoadKind = 'saturated' | 'paced';
type VisitorSocket = Socket<VisitorServerToClient, VisitorClientToServer>;
type AgentSocket = Socket<AgentServerToClient, AgentClientToServer>;

const { values: args } = parseArgs({
  options: {
    chats: { type: 'string', default: '100,1000' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    rate: { type: 'string', default: '200' },
    repeat: { type: 'string', default: '3' },
    profile: { type: 'string' },
    backend: { type: 'string', default: 'sqlite' },
    nodes: { type: 'string', default: '1' },
  },
});
const chatCounts = args.chats.split(',').map(Number);
const measureMs = Number(args.seconds) * 1000;
const warmupMs = Number(args.warmup) * 1000;
const pacedRate = Number(args.rate);
const repeats = Number(args.repeat);
const kinds: ServerKind[] = [];
for (const backend of args.backend.split(',')) {
  for (const nodes of args.nodes.split(',').map(Number)) {
    if (backend === 'sqlite' && nodes === 1) kinds.push('sqlite');
    else if (backend === 'postgres' && nodes === 1) kinds.push('postgres');
    else if (backend === 'postgres' && nodes === 2) kinds.push('postgres×2');
    else if (backend !== 'sqlite' || nodes !== 2) throw new Error(`--backend ${backend} --nodes ${nodes}: not a setup (sqlite: 1 node; postgres: 1 or 2)`);
  }
}
kinds.push('bare');
/** Time allowed for messages still in flight when the window closes; the rest count as lost. */
const DRAIN_MS = 30_000;
const VISITOR_TEXT = 'Hi, my order #48213 has not arrived yet, can you check where it is?';
const AGENT_TEXT = 'Sure, let me look that up for you. One moment please.';

// The server process ---------------------------------------------------------------------

class ServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly pairs: ChatPair[],
  ) {}

  static start(kind: ServerKind, chats: number, env: Record<string, string> = {}): Promise<ServerProcess> {
    const file = join(import.meta.dirname, kind !== 'bare' ? 'parley-server.ts' : 'bare-server.ts');
    const profile = kind !== 'bare' && args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
    // process.execArgv carries tsx's loader, so the child runs TypeScript too.
    const child = fork(file, [String(chats)], {
      execArgv: [...process.execArgv, ...profile],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`${kind} server exited with code ${code} before it was ready`)));
      child.once('message', (report: ServerReport) => {
        if (report.kind !== 'ready') return reject(new Error(`${kind} server: expected ready, got ${report.kind}`));
        child.removeAllListeners('exit');
        resolve(new ServerProcess(child, report.port, report.pairs));
      });
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  stats(): Promise<{ cpuMicros: number; storedMessages: number | null }> {
    return new Promise((resolve, reject) => {
      // A node whose store no longer answers (on Postgres: every pooled connection held) would
      // otherwise hang the benchmark here.
      const timer = setTimeout(() => {
        this.child.off('message', onReport);
        reject(new Error(`server pid ${this.child.pid} did not answer for its stats within 60 s: stuck`));
      }, 60_000);
      const onReport = (report: ServerReport) => {
        if (report.kind !== 'stats') return;
        clearTimeout(timer);
        this.child.off('message', onReport);
        resolve(report);
      };
      this.child.on('message', onReport);
      this.child.send({ kind: 'stats' } satisfies ServerRequest);
    });
  }

  /** Asks the server to close; kills it when it has not exited 10 s later. */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.send({ kind: 'stop' } satisfies ServerRequest);
    });
  }
}

/**
 * One server under test: its processes (two Parley nodes share a Postgres database), the
 * database, and the client sockets connected to it.
 */
class Setup {
  chats: ChatClients[] = [];
  private constructor(
    readonly kind: ServerKind,
    readonly nodes: ServerProcess[],
    readonly database: TestDatabase | null,
    private readonly admin: pg.Client | null,
  ) {}

  static async start(kind: ServerKind, chats: number): Promise<Setup> {
    if (kind === 'sqlite' || kind === 'bare') return new Setup(kind, [await ServerProcess.start(kind, chats)], null, null);
    const database = await createTestDatabase();
    const env = { PARLEY_BENCH_DATABASE_URL: database.url };
    const first = await ServerProcess.start(kind, chats, env);
    const nodes = [first];
    if (kind === 'postgres×2') nodes.push(await ServerProcess.start(kind, chats, { ...env, PARLEY_BENCH_JOIN: '1' }));
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    return new Setup(kind, nodes, database, admin);
  }

  get pairs(): ChatPair[] {
    return this.nodes[0]!.pairs;
  }

  /** Chat i's visitor connects to node i, its agent to the next one (the same one with a single node). */
  urls(i: number): { visitor: string; agent: string } {
    const n = this.nodes.length;
    return { visitor: this.nodes[i % n]!.url, agent: this.nodes[(i + 1) % n]!.url };
  }

  /** CPU time of its processes so far, and of its database's Postgres backends (per pid, from /proc). */
  async stats(): Promise<{ cpuMicros: number; dbMicros: Map<number, number>; storedMessages: number | null }> {
    const all = await Promise.all(this.nodes.map((node) => node.stats()));
    const dbMicros = new Map<number, number>();
    if (this.admin) {
      const { rows } = await this.admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
        new URL(this.database!.url).pathname.slice(1),
      ]);
      for (const { pid } of rows) {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          // utime + stime, in clock ticks of 10 ms.
          dbMicros.set(pid, (Number(fields[11]) + Number(fields[12])) * 10_000);
        } catch {
          // The backend ended meanwhile.
        }
      }
    }
    return { cpuMicros: all.reduce((sum, s) => sum + s.cpuMicros, 0), dbMicros, storedMessages: all[0]!.storedMessages };
  }

  async stop(): Promise<void> {
    for (const chat of this.chats) {
      chat.visitor.disconnect();
      chat.agent.disconnect();
    }
    for (const node of this.nodes) await node.stop();
    await this.admin?.end();
    await this.database?.drop();
  }
}

/** CPU µs the database's backends used between two samples (a backend that started meanwhile counts from 0). */
function dbCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let sum = 0;
  for (const [pid, micros] of after) sum += micros - (before.get(pid) ?? 0);
  return sum;
}

// The clients ----------------------------------------------------------------------------

interface ChatClients {
  chatId: string;
  visitor: VisitorSocket;
  agent: AgentSocket;
}

function connect<S extends Socket>(socket: S): Promise<S> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function expectOk(what: string, res: Ack): void {
  if (!res.ok) throw new Error(`${what}: ${res.error}`);
}

/** Connects a visitor and an agent socket per chat, as the widget and the console do. */
async function connectChats(server: Setup): Promise<ChatClients[]> {
  const options = { transports: ['websocket'], forceNew: true, reconnection: false };
  const chats: ChatClients[] = [];
  // In batches: a thousand simultaneous handshakes would only measure the accept queue.
  for (let i = 0; i < server.pairs.length; i += 50) {
    const batch = server.pairs.slice(i, i + 50).map(async (pair, j) => {
      const urls = server.urls(i + j);
      const [visitor, agent] = await Promise.all([
        connect<VisitorSocket>(io(`${urls.visitor}/visitor`, { ...options, auth: { token: pair.visitorToken } })),
        connect<AgentSocket>(io(`${urls.agent}/agent`, { ...options, auth: { token: pair.agentToken } })),
      ]);
      if (server.kind !== 'bare') {
        expectOk('visitor:hello', await visitor.timeout(30_000).emitWithAck('visitor:hello', {}));
        expectOk('status:set', await agent.timeout(30_000).emitWithAck('status:set', { status: 'online' }));
      }
      return { chatId: pair.chatId, visitor, agent };
    });
    chats.push(...(await Promise.all(batch)));
  }
  return chats;
}

// One load run ---------------------------------------------------------------------------

interface LoadResult {
  /** Messages delivered (visitor→agent and agent→visitor) inside the measured window. */
  delivered: number;
  toAgentMs: number[];
  toVisitorMs: number[];
  /** Messages acked with ok during the whole run (warm-up and drain included). */
  acked: number;
  refused: number;
  /** Still undelivered or unacked DRAIN_MS after the window closed. */
  lost: number;
  /** Cores' worth of CPU used in the window by the server, this load generator, everything else. */
  serverCpu: number;
  /** Of serverCpu: the Postgres backends of the server's database (0 on SQLite and the bare relay). */
  dbCpu: number;
  clientCpu: number;
  otherCpu: number;
  /** Rows the server added to its messages table during the run (null for the bare relay). */
  stored: number | null;
}

async function runLoad(server: Setup, load: LoadKind): Promise<LoadResult> {
  const { chats } = server;
  const visitorSentAt = new Map<string, number>();
  const agentSentAt = new Map<string, number>();
  let pendingAcks = 0;
  let acked = 0;
  let refused = 0;
  let delivered = 0;
  const toAgentMs: number[] = [];
  const toVisitorMs: number[] = [];
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let sending = true;
  const inWindow = (t: number) => t >= windowStart && t < windowEnd;

  const onAck = (res: Ack<{ message: MessageView }>) => {
    pendingAcks--;
    if (res.ok) acked++;
    else refused++;
  };

  const sendFromVisitor = (chat: ChatClients) => {
    const id = newId('bv_');
    pendingAcks++;
    visitorSentAt.set(id, performance.now());
    chat.visitor.emit('message:send', { id, text: VISITOR_TEXT }, onAck);
  };

  const listeners = chats.map((chat) => {
    const onAgentMessage = (m: MessageView) => {
      const sentAt = visitorSentAt.get(m.id);
      if (m.author !== 'visitor' || sentAt === undefined) return;
      const now = performance.now();
      visitorSentAt.delete(m.id);
      if (inWindow(now)) delivered++;
      if (inWindow(sentAt)) toAgentMs.push(now - sentAt);
      const id = newId('ba_');
      pendingAcks++;
      agentSentAt.set(id, performance.now());
      chat.agent.emit('message:send', { chatId: chat.chatId, id, text: AGENT_TEXT }, onAck);
    };
    const onVisitorMessage = (m: MessageView) => {
      const sentAt = agentSentAt.get(m.id);
      if (m.author !== 'agent' || sentAt === undefined) return;
      const now = performance.now();
      agentSentAt.delete(m.id);
      if (inWindow(now)) delivered++;
      if (inWindow(sentAt)) toVisitorMs.push(now - sentAt);
      if (load === 'saturated' && sending) sendFromVisitor(chat);
    };
    chat.agent.on('message:new', onAgentMessage);
    chat.visitor.on('message:new', onVisitorMessage);
    return { chat, onAgentMessage, onVisitorMessage };
  });

  const timers: NodeJS.Timeout[] = [];
  const storedBefore = (await server.stats()).storedMessages;
  if (load === 'saturated') {
    for (const chat of chats) sendFromVisitor(chat);
  } else {
    // Every chat sends on its own period, at a random phase: `pacedRate` messages/s in all.
    const periodMs = (chats.length / pacedRate) * 1000;
    for (const chat of chats) {
      const start = setTimeout(() => {
        sendFromVisitor(chat);
        timers.push(setInterval(() => sendFromVisitor(chat), periodMs));
      }, Math.random() * periodMs);
      timers.push(start);
    }
  }

  await sleep(warmupMs);
  const serverBefore = await server.stats();
  const clientBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  windowStart = performance.now();
  await sleep(measureMs);
  windowEnd = performance.now();
  const machineBusy = machineCpu().busyCores(machineBefore);
  const clientCpu = cpuMicros(process.cpuUsage(clientBefore)) / 1000 / (windowEnd - windowStart);
  const serverAfter = await server.stats();
  const dbCpu = dbCpuBetween(serverBefore.dbMicros, serverAfter.dbMicros) / 1000 / (windowEnd - windowStart);
  const serverCpu = (serverAfter.cpuMicros - serverBefore.cpuMicros) / 1000 / (windowEnd - windowStart) + dbCpu;

  sending = false;
  for (const timer of timers) clearTimeout(timer);
  const drainUntil = performance.now() + DRAIN_MS;
  while (visitorSentAt.size + agentSentAt.size + pendingAcks > 0 && performance.now() < drainUntil) await sleep(20);
  const lost = visitorSentAt.size + agentSentAt.size + Math.max(0, pendingAcks);

  for (const { chat, onAgentMessage, onVisitorMessage } of listeners) {
    chat.agent.off('message:new', onAgentMessage);
    chat.visitor.off('message:new', onVisitorMessage);
  }
  const storedAfter = (await server.stats()).storedMessages;
  return {
    delivered,
    toAgentMs,
    toVisitorMs,
    acked,
    refused,
    lost,
    serverCpu,
    dbCpu,
    clientCpu,
    otherCpu: machineBusy - serverCpu - clientCpu,
    stored: storedBefore === null || storedAfter === null ? null : storedAfter - storedBefore,
  };
}

/**
 * The machine's CPU counters (Linux /proc/stat): the benchmark shares its 2 cores with
 * whatever else runs, and the report says how much that was.
 */
function machineCpu() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields as [number, number, number, number, number, number, number, number];
  const busy = user + nice + system + irq + softirq + steal;
  const total = busy + idle + iowait;
  return {
    busy,
    total,
    /** Cores busy on average since `before`. */
    busyCores(before: { busy: number; total: number }): number {
      return ((busy - before.busy) / (total - before.total)) * cpus().length;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMicros = (u: NodeJS.CpuUsage) => u.user + u.system;

function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// The report -----------------------------------------------------------------------------

/** One measured run, reduced to its figures. */
interface Run {
  perSecond: number;
  /** Server CPU time per delivered message: what other work on the machine disturbs least. */
  serverMicrosPerMessage: number;
  p50: number;
  p99: number;
  replyP50: number;
  result: LoadResult;
}

function summarize(result: LoadResult): Run {
  return {
    perSecond: result.delivered / (measureMs / 1000),
    serverMicrosPerMessage: (result.serverCpu * measureMs * 1000) / result.delivered,
    p50: percentile(result.toAgentMs, 50),
    p99: percentile(result.toAgentMs, 99),
    replyP50: percentile(result.toVisitorMs, 50),
    result,
  };
}

interface Row {
  chats: number;
  load: LoadKind;
  server: ServerKind;
  runs: Run[];
}

const median = (values: number[]) => percentile(values, 50);
const ms = (v: number) => (Number.isNaN(v) ? '-' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const pct = (v: number) => `${Math.round(Math.max(0, v) * 100)}%`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Which server code was measured: the commit, and whether server/ or shared/ differ from it. */
function codeVersion(): string {
  try {
    const git = (...argv: string[]) =>
      execFileSync('git', argv, { cwd: import.meta.dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'server', 'shared') !== '';
    return `commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in server/ or shared/' : ''}`;
  } catch {
    return 'not a git checkout';
  }
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(
    `Relay benchmark: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), Node ${process.version}, ` +
      `load average ${loadavg()[0]!.toFixed(2)} at the start; ${codeVersion()}`,
  );
  console.log(
    `${repeats} runs of ${measureMs / 1000} s (after ${warmupMs / 1000} s warm-up) per figure, servers (${kinds.join(', ')}) ` +
      `taking turns; paced load ${pacedRate} visitor messages/s in all, each answered\n`,
  );

  const rows: Row[] = [];
  for (const chatCount of chatCounts) {
    // All servers stay up and take turns, so that whatever else the machine does falls on all.
    const started = performance.now();
    const servers = new Map<ServerKind, Setup>();
    try {
      for (const kind of kinds) {
        const server = await Setup.start(kind, chatCount);
        servers.set(kind, server);
        server.chats = await connectChats(server);
      }
      console.error(
        `${chatCount} chats: servers up and ${2 * kinds.length * chatCount} sockets connected in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );

      for (const load of ['saturated', 'paced'] as const) {
        const byKind = kinds.map((kind): Row => ({ chats: chatCount, load, server: kind, runs: [] }));
        for (let r = 0; r < repeats; r++) {
          // The order rotates, so that no server always runs right after the same one.
          for (const row of [...byKind.slice(r % byKind.length), ...byKind.slice(0, r % byKind.length)]) {
            const server = servers.get(row.server)!;
            const run = summarize(await runLoad(server, load));
            row.runs.push(run);
            const { result } = run;
            const stored = result.stored === null ? '' : `, ${result.stored} rows stored`;
            console.error(
              `  ${row.server.padEnd(10)} ${load.padEnd(9)} ${String(Math.round(run.perSecond)).padStart(6)} msgs/s ` +
                `(${Math.round(run.serverMicrosPerMessage)} µs server CPU each), ` +
                `p50 ${ms(run.p50)} ms, p99 ${ms(run.p99)} ms; ${result.acked} acked${stored}, ` +
                `${result.refused} refused, ${result.lost} lost; other CPU ${pct(result.otherCpu)}; load ${loadavg()[0]!.toFixed(2)}`,
            );
          }
        }
        rows.push(...byKind);
      }
    } finally {
      for (const server of servers.values()) await server.stop();
    }
  }

  const figure = (row: Row, pick: (run: Run) => number) => median(row.runs.map(pick));
  console.log(
    '\n' +
      table(
        [
          'chats',
          'load',
          'server',
          'msgs/s',
          'runs min–max',
          'v→a p50 ms',
          'v→a p99 ms',
          'a→v p50 ms',
          'server µs/msg',
          'of it db',
          'server CPU',
          'client CPU',
          'other CPU',
          'lost',
        ],
        rows.map((r) => {
          const rates = r.runs.map((run) => Math.round(run.perSecond));
          return [
            String(r.chats),
            r.load,
            r.server,
            String(Math.round(figure(r, (run) => run.perSecond))),
            `${Math.min(...rates)}–${Math.max(...rates)}`,
            ms(figure(r, (run) => run.p50)),
            ms(figure(r, (run) => run.p99)),
            ms(figure(r, (run) => run.replyP50)),
            String(Math.round(figure(r, (run) => run.serverMicrosPerMessage))),
            r.server.startsWith('postgres') ? String(Math.round(figure(r, (run) => (run.result.dbCpu * measureMs * 1000) / run.result.delivered))) : '-',
            pct(figure(r, (run) => run.result.serverCpu)),
            pct(figure(r, (run) => run.result.clientCpu)),
            pct(figure(r, (run) => run.result.otherCpu)),
            String(r.runs.reduce((sum, run) => sum + run.result.lost, 0)),
          ];
        }),
      ),
  );
  console.log(
    `Figures are medians over the ${repeats} runs. server µs/msg: the server's CPU time per delivered message ` +
      `(all its nodes' processes, and on Postgres its database's backends: "of it db"). ` +
      `CPU: share of one core\nover the window (${cpu.length} cores = ${cpu.length * 100}%); "other" is everything else ` +
      `running on the machine meanwhile.`,
  );

  const references: ServerKind[] = kinds.includes('sqlite') ? ['bare', 'sqlite'] : ['bare'];
  for (const reference of references) {
    console.log(`\nRatios to ${reference === 'bare' ? 'the bare Socket.IO relay' : 'Parley on SQLite'}:`);
    for (const chatCount of chatCounts) {
      for (const load of ['saturated', 'paced'] as const) {
        const find = (server: ServerKind) => rows.find((r) => r.chats === chatCount && r.load === load && r.server === server)!;
        for (const kind of kinds) {
          if (kind === 'bare' || kind === reference) continue;
          const ratio = (pick: (run: Run) => number) => (figure(find(kind), pick) / figure(find(reference), pick)).toFixed(2);
          console.log(
            `  ${String(chatCount).padStart(5)} chats ${load.padEnd(9)} ${kind.padEnd(10)}  msgs/s ×${ratio((run) => run.perSecond)}` +
              `   v→a p50 ×${ratio((run) => run.p50)}   v→a p99 ×${ratio((run) => run.p99)}` +
              `   server µs/msg ×${ratio((run) => run.serverMicrosPerMessage)}`,
          );
        }
      }
    }
  }

  for (const row of rows) {
    for (const { result } of row.runs) {
      if (result.stored !== null && result.stored !== result.acked) {
        console.log(`\nWARNING: Parley (${row.server}) acked ${result.acked} messages but stored ${result.stored} (${row.chats} chats, ${row.load})`);
      }
    }
  }
}

await main();
