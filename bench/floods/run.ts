import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { newId } from '../../shared/ids.ts';

/**
 * One visitor floods (page views and messages, 50 in flight, as fast as acks come back) while
 * an agent watches the flooder's chat and normal visitors each send a message every 250 ms;
 * prints the normal visitors' ack times (p50, p99) and what the agent's socket received, with
 * the abuse limits at their defaults and with them out of the way. The flooder and each normal
 * visitor connect from their own loopback address (127.0.0.x), as they would from the Internet.
 *   npx tsx bench/floods/run.ts [--seconds 8] [--visitors 10]
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 8);
const VISITORS = arg('visitors', 10);

const OFF: Record<string, string> = {
  VISITOR_MESSAGES_PER_MINUTE: '100000000',
  VISITOR_PAGE_VIEWS_PER_MINUTE: '100000000',
  VISITOR_EVENTS_PER_MINUTE: '100000000',
  VISITOR_EVENTS_PER_IP_PER_MINUTE: '100000000',
  VISITOR_CONNECTIONS_PER_MINUTE: '100000000',
  VISITOR_UPDATE_INTERVAL_MS: '0',
};

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(join(import.meta.dirname, 'server.ts'), [], { env: { ...process.env, ...env }, execArgv: ['--import', 'tsx'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: any) => resolve({ child, url: `http://127.0.0.1:${m.port}` }));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

async function visitor(url: string, localAddress: string): Promise<Socket> {
  const res = await fetch(`${url}/api/visitor/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const { token } = (await res.json()) as { token: string };
  const socket = io(`${url}/visitor`, { auth: { token }, transports: ['websocket'], forceNew: true, localAddress } as any);
  await new Promise<void>((ok, fail) => (socket.once('connect', () => ok()), socket.once('connect_error', fail)));
  await socket.emitWithAck('visitor:hello', {});
  return socket;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function scenario(label: string, env: Record<string, string>) {
  const { child, url } = await startServer(env);
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'owner@bench.local', password: 'bench-owner-password' }) });
  const { token: agentToken } = (await login.json()) as { token: string };
  const agent = io(`${url}/agent`, { auth: { token: agentToken }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((ok) => agent.once('connect', () => ok()));
  await agent.emitWithAck('status:set', { status: 'online' });
  let agentBytes = 0;
  let agentUpdates = 0;
  agent.onAny((event, payload) => {
    if (event === 'visitor:update') agentUpdates++;
    agentBytes += JSON.stringify(payload ?? null).length;
  });

  const flooder = await visitor(url, '127.0.0.2');
  const first = await flooder.emitWithAck('message:send', { id: newId('m_'), text: 'hello' });
  await agent.emitWithAck('chat:accept', { chatId: first.message.chatId });
  const normals = await Promise.all(Array.from({ length: VISITORS }, (_, i) => visitor(url, `127.0.0.${10 + i}`)));

  const until = Date.now() + SECONDS * 1000;
  let floodSent = 0;
  let floodRefused = 0;
  const floodLane = async () => {
    while (Date.now() < until) {
      const event = floodSent % 2 ? 'page:view' : 'message:send';
      const payload = event === 'page:view' ? { id: newId('pv_'), url: `https://shop.example/p${floodSent}` } : { id: newId('m_'), text: `spam ${floodSent}` };
      floodSent++;
      const ack = await flooder.timeout(10_000).emitWithAck(event, payload).catch(() => ({ ok: false }));
      if (!ack.ok) floodRefused++;
    }
  };
  const acks: number[] = [];
  let normalFailed = 0;
  const normalLane = async (socket: Socket) => {
    while (Date.now() < until) {
      const started = performance.now();
      const ack = await socket.timeout(10_000).emitWithAck('message:send', { id: newId('m_'), text: 'Where is my order?' }).catch(() => ({ ok: false }));
      acks.push(performance.now() - started);
      if (!ack.ok) normalFailed++;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  await Promise.all([...Array.from({ length: 50 }, floodLane), ...normals.map(normalLane)]);
  acks.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(14)} normal acks: n=${acks.length} p50=${pct(acks, 50).toFixed(1)} ms p99=${pct(acks, 99).toFixed(1)} ms refused=${normalFailed}` +
      ` | flooder: ${floodSent} sent, ${floodRefused} refused | agent: ${agentUpdates} visitor:update, ${(agentBytes / 1e6).toFixed(1)} MB`,
  );
  for (const s of [flooder, agent, ...normals]) s.close();
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
}

await scenario('limits off', OFF);
await scenario('limits on', {});
