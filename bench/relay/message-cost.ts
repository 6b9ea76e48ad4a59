/**
 * In-process cost of the server's work per message, no socket connected: where the relay
 * benchmark's server time goes. Runs the app's own `visitorMessage` and `agentMessage` (its
 * listener relays to rooms nobody is in) on a temporary SQLite file, as is and with
 * `db.prepare` answered from a cache by SQL text, to price the statement compilation that
 * every store function does on each call. CPU time, best of a few alternating rounds, so that
 * other work on the machine disturbs the figures less.
 *
 *   npx tsx bench/relay/message-cost.ts [--messages 10000] [--rounds 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type Database from 'better-sqlite3';
import { systemClock } from '../../server/clock.ts';
import { configFromEnv } from '../../server/config.ts';
import { createApp, type ParleyApp } from '../../server/app.ts';
import { openDb, type Db } from '../../server/store/db.ts';
import { createAgent, type AgentRow } from '../../server/store/agents.ts';
import { createVisitor } from '../../server/store/chats.ts';
import type { ChatLifecycle } from '../../server/chat/lifecycle.ts';
import { newId } from '../../shared/ids.ts';

const { values: args } = parseArgs({
  options: { messages: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '3' } },
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
}

function setUp(label: string, cachePrepare: boolean): Variant {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-cost-'));
  const databasePath = join(dir, 'parley.db');
  const db = openDb(databasePath);
  if (cachePrepare) cacheStatements(db);
  const config = {
    ...configFromEnv({}),
    port: 0,
    demoPort: 0,
    databasePath,
    adminEmail: 'owner@bench.local',
    adminPassword: 'bench-owner-password',
    routingMode: 'manual' as const,
  };
  const parley = createApp({ config, clock: systemClock, db });
  const { lifecycle } = parley.realtime;
  const chats = Array.from({ length: CHATS }, (_, i) => {
    const agent = createAgent(db, { name: `Agent ${i}`, email: `agent${i}@bench.local`, role: 'agent' }, Date.now());
    const { visitorId } = createVisitor(db, Date.now());
    const first = lifecycle.visitorMessage(visitorId, { id: newId('m_'), text: 'Hello' }, null);
    lifecycle.accept(agent, first.chatId);
    return { agent, visitorId, chatId: first.chatId };
  });
  return { label, db, dir, parley, lifecycle, chats, best: { visitor: Infinity, agent: Infinity } };
}

/** CPU µs per call of `run`. */
function cpuPerCall(run: (i: number) => void): number {
  const before = process.cpuUsage();
  for (let i = 0; i < messages; i++) run(i);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / messages;
}

function round(v: Variant): void {
  const visitor = cpuPerCall((i) => {
    const chat = v.chats[i % CHATS]!;
    v.lifecycle.visitorMessage(chat.visitorId, { id: newId('bv_'), text: 'Where is my order?' }, null);
  });
  const agent = cpuPerCall((i) => {
    const chat = v.chats[i % CHATS]!;
    v.lifecycle.agentMessage(chat.agent, { chatId: chat.chatId, id: newId('ba_'), text: 'Let me check.' });
  });
  v.best = { visitor: Math.min(v.best.visitor, visitor), agent: Math.min(v.best.agent, agent) };
}

/** Answers `db.prepare(sql)` with the statement compiled the first time for that text. */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = prepare(sql)));
    return statement;
  }) as Db['prepare'];
}

function prepareCost(db: Db): number {
  const sql = `SELECT m.seq, m.id, m.chat_id, m.author, m.agent_id, m.at, m.text, m.canned_id, a.name AS agent_name
  FROM messages m LEFT JOIN agents a ON a.id = m.agent_id WHERE m.id = ?`;
  return cpuPerCall(() => db.prepare(sql));
}

const variants = [setUp('as is (prepare on every call)', false), setUp('statements cached by SQL text', true)];
for (let r = 0; r < rounds; r++) for (const v of variants) round(v);

console.log(`CPU time per call, best of ${rounds} rounds of ${messages}, ${CHATS} open chats, no sockets:`);
for (const v of variants) {
  console.log(
    `  ${v.label.padEnd(31)} visitorMessage ${v.best.visitor.toFixed(0).padStart(4)} µs   agentMessage ${v.best.agent
      .toFixed(0)
      .padStart(4)} µs`,
  );
}
console.log(`  one db.prepare of the message SELECT (getMessage): ${prepareCost(variants[0]!.db).toFixed(1)} µs`);
for (const v of variants) {
  await v.parley.close();
  v.db.close();
  rmSync(v.dir, { recursive: true, force: true });
}
