/**
 * In-process cost of the server's work per message, no socket connected: where the relay
 * benchmark's server time goes. Runs the app's own `visitorMessage` and `agentMessage` (its
 * listener relays to rooms nobody is in) on a temporary SQLite file: as the app runs (WAL
 * checkpoints in a worker thread, server/store/checkpointer.ts), with SQLite's automatic
 * checkpoint inside the commits instead (how it was before), and with no checkpoint at all (the
 * floor), to show what the checkpoints do to the slowest calls.
 * CPU time: best of a few alternating rounds, so that other work on the machine disturbs the
 * figures less; wall time per call: all rounds.
 *
 * Last, the CPU time of the message that opens a new chat while other chats wait in the queue:
 * every queue change re-sends each waiting visitor their place in line.
 *
 *   npx tsx bench/relay/message-cost.ts [--messages 10000] [--rounds 3] [--queues 10,100,500,1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../server/clock.ts';
import { configFromEnv } from '../../server/config.ts';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/store/db.ts';
import { createAgent, type AgentRow } from '../../server/store/agents.ts';
import { createVisitor, insertChat, insertMessage } from '../../server/store/chats.ts';
import type { ChatLifecycle } from '../../server/chat/lifecycle.ts';
import { newId } from '../../shared/ids.ts';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    rounds: { type: 'string', default: '3' },
    queues: { type: 'string', default: '10,100,500,1000' },
  },
});
const messages = Number(args.messages);
const rounds = Number(args.rounds);
const CHATS = 100;

interface Variant {
  label: string;
  db: Db;
  dir: string;
  parley: ParleyApp;
  lifecycle: ChatLifecycle;
  chats: Array<{ agent: AgentRow; visitorId: string; chatId: string }>;
  best: { visitor: number; agent: number };
  wallMs: number[];
}

/** The real app on a temporary file, not listening: its listener relays to empty rooms. */
type Checkpoints = 'worker' | 'in the commit' | 'none';

async function startApp(checkpoints: Checkpoints = 'worker') {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-cost-'));
  const databasePath = join(dir, 'parley.db');
  const db = openDb(databasePath);
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
  const parley = await createApp({ config, clock: systemClock, db });
  if (checkpoints !== 'worker') {
    await parley.checkpointer?.stop();
    db.pragma(`wal_autocheckpoint = ${checkpoints === 'none' ? 0 : 1000}`);
  }
  return { dir, db, parley, lifecycle: parley.realtime.lifecycle };
}

async function stopApp(app: { dir: string; db: Db; parley: ParleyApp }): Promise<void> {
  await app.parley.close();
  app.db.close();
  rmSync(app.dir, { recursive: true, force: true });
}

async function setUp(label: string, checkpoints: Checkpoints): Promise<Variant> {
  const { dir, db, parley, lifecycle } = await startApp(checkpoints);
  const chats = Array.from({ length: CHATS }, (_, i) => {
    const agent = createAgent(db, { name: `Agent ${i}`, email: `agent${i}@bench.local`, role: 'agent' }, Date.now());
    const { visitorId } = createVisitor(db, Date.now());
    const first = lifecycle.visitorMessage(visitorId, { id: newId('m_'), text: 'Hello' }, null);
    lifecycle.accept(agent, first.chatId);
    return { agent, visitorId, chatId: first.chatId };
  });
  return { label, db, dir, parley, lifecycle, chats, best: { visitor: Infinity, agent: Infinity }, wallMs: [] };
}

/** CPU µs per call of `run`; the wall time of each call goes to `wallMs`. */
function cpuPerCall(run: (i: number) => void, wallMs?: number[]): number {
  const before = process.cpuUsage();
  for (let i = 0; i < messages; i++) {
    const start = performance.now();
    run(i);
    wallMs?.push(performance.now() - start);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / messages;
}

function round(v: Variant): void {
  const visitor = cpuPerCall((i) => {
    const chat = v.chats[i % CHATS]!;
    v.lifecycle.visitorMessage(chat.visitorId, { id: newId('bv_'), text: 'Where is my order?' }, null);
  }, v.wallMs);
  const agent = cpuPerCall((i) => {
    const chat = v.chats[i % CHATS]!;
    v.lifecycle.agentMessage(chat.agent, { chatId: chat.chatId, id: newId('ba_'), text: 'Let me check.' });
  }, v.wallMs);
  v.best = { visitor: Math.min(v.best.visitor, visitor), agent: Math.min(v.best.agent, agent) };
}

function prepareCost(db: Db): number {
  const sql = `SELECT m.seq, m.id, m.chat_id, m.author, m.agent_id, m.at, m.text, m.canned_id, a.name AS agent_name
  FROM messages m LEFT JOIN agents a ON a.id = m.agent_id WHERE m.id = ?`;
  return cpuPerCall(() => db.prepare(sql));
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const variants = [
  await setUp('checkpoints in a worker (as run)', 'worker'),
  await setUp('checkpoints inside commits', 'in the commit'),
  await setUp('no checkpoint at all', 'none'),
];
for (let r = 0; r < rounds; r++) for (const v of variants) round(v);

console.log(`${rounds} rounds of ${messages} visitor and ${messages} agent messages, ${CHATS} open chats, no sockets`);
console.log('                                 CPU per call (best round)       wall time per call, all calls');
for (const v of variants) {
  const wall = [...v.wallMs].sort((a, b) => a - b);
  const slow = wall.filter((t) => t > 3).length;
  console.log(
    `  ${v.label.padEnd(33)} visitor ${v.best.visitor.toFixed(0).padStart(4)} µs  agent ${v.best.agent.toFixed(0).padStart(4)} µs` +
      `   p50 ${quantile(wall, 0.5).toFixed(2)} ms  p99 ${quantile(wall, 0.99).toFixed(2)} ms` +
      `  max ${wall[wall.length - 1]!.toFixed(1)} ms  (${slow} calls over 3 ms)`,
  );
}
const walPages = (variants[2]!.db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;
console.log(`  WAL pages written per message (checkpoint off, all rounds): ${(walPages / (2 * rounds * messages)).toFixed(1)}`);
console.log(`  one db.prepare of the message SELECT (getMessage): ${prepareCost(variants[0]!.db).toFixed(1)} µs`);
for (const v of variants) await stopApp(v);

/** CPU ms of the visitor message that opens a chat while `waiting` chats are queued (median of 3). */
async function newChatCost(waiting: number): Promise<number> {
  const app = await startApp();
  // The waiting chats are written straight to the store: building the queue through the
  // lifecycle would itself pay this cost once per chat.
  app.db.transaction(() => {
    for (let i = 0; i < waiting; i++) {
      const at = Date.now();
      const { visitorId } = createVisitor(app.db, at);
      const chat = insertChat(app.db, { visitorId, departmentId: null, priority: 'normal', channel: 'widget', at });
      insertMessage(app.db, { id: newId('m_'), chatId: chat.id, author: 'visitor', agentId: null, at, text: 'Hello?' });
    }
  })();
  const costs = [0, 1, 2].map(() => {
    const { visitorId } = createVisitor(app.db, Date.now());
    const before = process.cpuUsage();
    app.lifecycle.visitorMessage(visitorId, { id: newId('m_'), text: 'Hello?' }, null);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  });
  await stopApp(app);
  return costs.sort((a, b) => a - b)[1]!;
}

console.log('\nA visitor message that opens a new chat, CPU time, with chats already waiting in the queue:');
for (const waiting of args.queues.split(',').map(Number)) {
  console.log(`  ${String(waiting).padStart(5)} waiting: ${(await newChatCost(waiting)).toFixed(1).padStart(7)} ms`);
}
