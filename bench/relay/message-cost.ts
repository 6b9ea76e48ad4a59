/**
 * In-process cost of the server's work per message, no socket connected: where the relay
 * benchmark's server time goes. Runs the app's own `visitorMessage` and `agentMessage` (its
 * listener relays to rooms nobody is in) on a temporary SQLite file, in variants (`--variants`):
 *   full                as the app runs: synchronous = FULL (the WAL synced at every commit, so an
 *                       ack means the message is on disk), WAL checkpoints in a worker thread
 *                       (server/store/checkpointer.ts)
 *   normal              synchronous = NORMAL, as before issue 9 (WAL synced at checkpoints only)
 *   commit-checkpoints  FULL, with SQLite's automatic checkpoint inside the commits instead (how
 *                       checkpoints ran before the worker)
 *   no-checkpoints      FULL, no checkpoint at all (the floor of what checkpoints cost)
 *   no-search           as run, without the search index's triggers (migration 058): what
 *                       keeping the FTS5 index in step costs a message
 * CPU time: best of a few alternating rounds, so that other work on the machine disturbs the
 * figures less; wall time per call (one message at a time): all rounds. A commit's fsync is wall
 * time, not CPU: the event loop waits for the disk.
 *
 * Then bursts: `--bursts` visitor messages of as many chats arriving at once (as from sockets
 * read in one event-loop turn), the wall time until the last is stored (median of 20 bursts).
 *
 * Last, the CPU time of the message that opens a new chat while other chats wait in the queue:
 * every queue change re-sends each waiting visitor their place in line.
 *
 *   npx tsx bench/relay/message-cost.ts [--messages 10000] [--rounds 3] [--variants full,normal,no-search]
 *                                       [--bursts 10,100] [--queues 10,100,500,1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../server/clock.ts';
import { configFromEnv } from '../../server/config.ts';
import { createApp, type ParleyApp } from '../../server/app.ts';
import type { Db } from '../../server/store/db.ts';
import { openSqliteStore } from '../../server/store/sqlite.ts';
import type { Store } from '../../server/store/sql.ts';
import { createAgent, type AgentRow } from '../../server/store/agents.ts';
import { createVisitor, insertChat, insertMessage } from '../../server/store/chats.ts';
import type { ChatLifecycle } from '../../server/chat/lifecycle.ts';
import { newId } from '../../shared/ids.ts';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    queues: { type: 'string', default: '10,100,500,1000' },
    variants: { type: 'string', default: 'full,normal' },
    bursts: { type: 'string', default: '10,100' },
  },
});
const messages = Number(args.messages);
const rounds = Number(args.rounds);
const CHATS = 100;

interface Variant {
  label: string;
  store: Store;
  db: Db;
  dir: string;
  parley: ParleyApp;
  lifecycle: ChatLifecycle;
  chats: Array<{ agent: AgentRow; visitorId: string; chatId: string }>;
  best: { visitor: number; agent: number };
  wallMs: number[];
  /** Per burst size, the wall ms of each burst. */
  bursts: Map<number, number[]>;
}

type Checkpoints = 'worker' | 'in the commit' | 'none';
type Synchronous = 'FULL' | 'NORMAL';

const VARIANTS: Record<string, { label: string; synchronous: Synchronous; checkpoints: Checkpoints; searchIndex?: false }> = {
  full: { label: 'as run: FULL, checkpoint worker', synchronous: 'FULL', checkpoints: 'worker' },
  normal: { label: 'synchronous NORMAL (before)', synchronous: 'NORMAL', checkpoints: 'worker' },
  'commit-checkpoints': { label: 'FULL, checkpoints inside commits', synchronous: 'FULL', checkpoints: 'in the commit' },
  'no-checkpoints': { label: 'FULL, no checkpoint at all', synchronous: 'FULL', checkpoints: 'none' },
  'no-search': { label: 'as run, without the search index', synchronous: 'FULL', checkpoints: 'worker', searchIndex: false },
};

/** The real app on a temporary file, not listening: its listener relays to empty rooms. */
async function startApp(checkpoints: Checkpoints = 'worker', synchronous: Synchronous = 'FULL') {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-cost-'));
  const databasePath = join(dir, 'parley.db');
  const store = openSqliteStore(databasePath);
  const db = store.sqlite!;
  const config = {
    ...configFromEnv({}),
    port: 0,
    demoPort: 0,
    databasePath,
    adminEmail: 'owner@bench.local',
    adminPassword: 'bench-owner-password',
    routingMode: 'manual' as const,
    logLevel: 'warn' as const,
  };
  const parley = await createApp({ config, clock: systemClock, db: store });
  db.pragma(`synchronous = ${synchronous}`);
  if (checkpoints !== 'worker') {
    await parley.checkpointer?.stop();
    db.pragma(`wal_autocheckpoint = ${checkpoints === 'none' ? 0 : 1000}`);
  }
  return { dir, store, db, parley, lifecycle: parley.realtime.lifecycle };
}

async function stopApp(app: { dir: string; store: Store; parley: ParleyApp }): Promise<void> {
  await app.parley.close();
  await app.store.close();
  rmSync(app.dir, { recursive: true, force: true });
}

async function setUp(name: string): Promise<Variant> {
  const { label, checkpoints, synchronous, searchIndex } = VARIANTS[name] ?? (() => {
    throw new Error(`--variants: no variant "${name}" (${Object.keys(VARIANTS).join(', ')})`);
  })();
  const { dir, store, db, parley, lifecycle } = await startApp(checkpoints, synchronous);
  if (searchIndex === false) {
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'").pluck().all() as string[];
    if (!triggers.length) throw new Error('no search triggers to drop');
    for (const name of triggers) db.exec(`DROP TRIGGER "${name}"`);
  }
  const chats = [];
  for (let i = 0; i < CHATS; i++) {
    const agent = await createAgent(store, { name: `Agent ${i}`, email: `agent${i}@bench.local`, role: 'agent' }, Date.now());
    const { visitorId } = await createVisitor(store, Date.now());
    const first = await lifecycle.visitorMessage(visitorId, { id: newId('m_'), text: 'Hello' }, null);
    await lifecycle.accept(agent, first.chatId);
    chats.push({ agent, visitorId, chatId: first.chatId });
  }
  return { label, store, db, dir, parley, lifecycle, chats, best: { visitor: Infinity, agent: Infinity }, wallMs: [], bursts: new Map() };
}

/** CPU µs per call of `run`, one call at a time; the wall time of each call goes to `wallMs`. */
async function cpuPerCall(run: (i: number) => unknown, wallMs?: number[]): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < messages; i++) {
    const start = performance.now();
    await run(i);
    wallMs?.push(performance.now() - start);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / messages;
}

async function round(v: Variant): Promise<void> {
  const visitor = await cpuPerCall((i) => {
    const chat = v.chats[i % CHATS]!;
    return v.lifecycle.visitorMessage(chat.visitorId, { id: newId('bv_'), text: 'Where is my order?' }, null);
  }, v.wallMs);
  const agent = await cpuPerCall((i) => {
    const chat = v.chats[i % CHATS]!;
    return v.lifecycle.agentMessage(chat.agent, { chatId: chat.chatId, id: newId('ba_'), text: 'Let me check.' });
  }, v.wallMs);
  v.best = { visitor: Math.min(v.best.visitor, visitor), agent: Math.min(v.best.agent, agent) };
}

/** Wall ms until all of `size` visitor messages (of as many chats) that arrive at once are stored. */
async function burst(v: Variant, size: number): Promise<number> {
  const start = performance.now();
  await Promise.all(
    v.chats.slice(0, size).map((chat) => v.lifecycle.visitorMessage(chat.visitorId, { id: newId('bb_'), text: 'Hello?' }, null)),
  );
  return performance.now() - start;
}

function prepareCost(db: Db): Promise<number> {
  const sql = `SELECT m.seq, m.id, m.chat_id, m.author, m.agent_id, m.at, m.text, m.canned_id, a.name AS agent_name
  FROM messages m LEFT JOIN agents a ON a.id = m.agent_id WHERE m.id = ?`;
  return cpuPerCall(() => db.prepare(sql));
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const variants: Variant[] = [];
for (const name of args.variants.split(',')) variants.push(await setUp(name));
const burstSizes = args.bursts.split(',').filter(Boolean).map(Number);
if (burstSizes.some((size) => !(size >= 1 && size <= CHATS))) throw new Error(`--bursts: sizes from 1 to ${CHATS}`);
for (let r = 0; r < rounds; r++) {
  for (const v of variants) await round(v);
}
// Bursts take turns too, variant after variant, so that the machine's other load falls on all.
for (let b = 0; b < 20; b++) {
  for (const v of variants) {
    for (const size of burstSizes) v.bursts.set(size, [...(v.bursts.get(size) ?? []), await burst(v, size)]);
  }
}

console.log(
  `${rounds} rounds of ${messages} visitor and ${messages} agent messages, one at a time, ${CHATS} open chats, no sockets; ` +
    `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`,
);
console.log('                                   CPU per call (best round)       wall time per call, all calls');
for (const v of variants) {
  const wall = [...v.wallMs].sort((a, b) => a - b);
  const slow = wall.filter((t) => t > 3).length;
  console.log(
    `  ${v.label.padEnd(35)} visitor ${v.best.visitor.toFixed(0).padStart(4)} µs  agent ${v.best.agent.toFixed(0).padStart(4)} µs` +
      `   p50 ${quantile(wall, 0.5).toFixed(2)} ms  p99 ${quantile(wall, 0.99).toFixed(2)} ms` +
      `  max ${wall[wall.length - 1]!.toFixed(1)} ms  (${slow} calls over 3 ms)`,
  );
}
if (burstSizes.length) {
  console.log('\nVisitor messages of different chats arriving at once: wall time until the last is stored (median of 20)');
  for (const v of variants) {
    const figures = burstSizes.map((size) => {
      const ms = quantile([...v.bursts.get(size)!].sort((a, b) => a - b), 0.5);
      return `${String(size).padStart(3)} at once ${ms.toFixed(1).padStart(6)} ms (${(ms / size).toFixed(2)} ms each)`;
    });
    console.log(`  ${v.label.padEnd(35)} ${figures.join('   ')}`);
  }
}
const floor = variants.find((v) => v.label === VARIANTS['no-checkpoints']!.label);
if (floor) {
  const walPages = (floor.db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;
  console.log(`  WAL pages written per message (checkpoint off, all rounds): ${(walPages / (2 * rounds * messages)).toFixed(1)}`);
}
console.log(`  one db.prepare of the message SELECT (getMessage): ${(await prepareCost(variants[0]!.db)).toFixed(1)} µs`);
for (const v of variants) await stopApp(v);

/** CPU ms of the visitor message that opens a chat while `waiting` chats are queued (median of 3). */
async function newChatCost(waiting: number): Promise<number> {
  const app = await startApp();
  // The waiting chats are written straight to the store: building the queue through the
  // lifecycle would itself pay this cost once per chat.
  await app.store.transaction(async (tx) => {
    for (let i = 0; i < waiting; i++) {
      const at = Date.now();
      const { visitorId } = await createVisitor(tx, at);
      const chat = await insertChat(tx, { visitorId, departmentId: null, priority: 'normal', channel: 'widget', at });
      await insertMessage(tx, { id: newId('m_'), chatId: chat.id, author: 'visitor', agentId: null, at, text: 'Hello?' });
    }
  });
  const costs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { visitorId } = await createVisitor(app.store, Date.now());
    const before = process.cpuUsage();
    await app.lifecycle.visitorMessage(visitorId, { id: newId('m_'), text: 'Hello?' }, null);
    const used = process.cpuUsage(before);
    costs.push((used.user + used.system) / 1000);
  }
  await stopApp(app);
  return costs.sort((a, b) => a - b)[1]!;
}

console.log('\nA visitor message that opens a new chat, CPU time, with chats already waiting in the queue:');
for (const waiting of args.queues.split(',').map(Number)) {
  console.log(`  ${String(waiting).padStart(5)} waiting: ${(await newChatCost(waiting)).toFixed(1).padStart(7)} ms`);
}
