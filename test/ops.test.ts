import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, loginToken, type TestServer } from './helpers/server.ts';
import { cutOffDatabase, restoreDatabase } from './helpers/postgres.ts';
import { connectAgent, connectVisitor, type TestClient } from './helpers/clients.ts';
import { createLogger } from '../server/logger.ts';
import { newId } from '../shared/ids.ts';

let server: TestServer | undefined;
const clients: TestClient[] = [];
const track = <T extends TestClient>(c: T) => (clients.push(c), c);

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
  server = undefined;
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server!.url}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

/** The value of one series (`name{labels}`) in Prometheus text, or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('health checks', () => {
  it('/healthz answers while the process runs, /readyz while the store answers and is migrated', async () => {
    server = await startTestServer({ config: { nodeId: 'node-a' } });

    const live = await get('/healthz');
    expect(live.status).toBe(200);
    expect(JSON.parse(live.text)).toMatchObject({ status: 'ok', nodeId: 'node-a' });

    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ status: 'ready', nodeId: 'node-a', checks: { store: 'ok', migrations: 'ok' } });

    await server.store.run('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)');
    const behind = await get('/readyz');
    expect(behind.status).toBe(503);
    expect(JSON.parse(behind.text).checks).toEqual({ store: 'ok', migrations: '1 pending' });

    // The store goes away: SQLite's file is closed (closing it again at the end of the test is a
    // no-op); Postgres cuts the database's connections and refuses new ones.
    if (server.databaseUrl) await cutOffDatabase(server.databaseUrl);
    else await server.store.close();
    const down = await get('/readyz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text)).toMatchObject({ status: 'unavailable', checks: { store: 'unreachable' } });
    expect((await get('/healthz')).status).toBe(200);

    if (server.databaseUrl) {
      // Postgres back: the node is ready again by itself (its pool opens new connections).
      await restoreDatabase(server.databaseUrl);
      await expect.poll(async () => JSON.parse((await get('/readyz')).text).checks).toEqual({ store: 'ok', migrations: '1 pending' });
    }
  });
});

describe('/metrics', () => {
  it('is not served without METRICS_TOKEN', async () => {
    server = await startTestServer();
    expect((await get('/metrics')).status).toBe(404);
    expect((await get('/metrics', { authorization: 'Bearer anything' })).status).toBe(404);
  });

  it('asks for the token', async () => {
    server = await startTestServer({ config: { metricsToken: 'scrape-secret' } });
    expect((await get('/metrics')).status).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer scrape-secre' })).status).toBe(401);
    expect((await get('/metrics', { authorization: 'Bearer scrape-secret-and-more' })).status).toBe(401);
    expect((await get('/metrics', { authorization: 'Basic scrape-secret' })).status).toBe(401);
    const ok = await get('/metrics', { authorization: 'Bearer scrape-secret' });
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain/);
  });

  it('counts sockets, stored messages, acks, the queue and the store time; includes the process defaults', async () => {
    server = await startTestServer({ config: { metricsToken: 'scrape-secret' } });
    const scrape = async () => (await get('/metrics', { authorization: 'Bearer scrape-secret' })).text;

    const agent = track(await connectAgent(server.url, await loginToken(server.url)));
    const visitor = track(await connectVisitor(server.url));
    track(await connectVisitor(server.url));
    let text = await scrape();
    expect(sample(text, 'parley_sockets_connected{namespace="visitor"}')).toBe(2);
    expect(sample(text, 'parley_sockets_connected{namespace="agent"}')).toBe(1);
    expect(sample(text, 'parley_chats_waiting{channel="widget"}')).toBe(0);
    expect(sample(text, 'parley_messages_stored_total{author="visitor"}')).toBe(0);
    for (const name of ['nodejs_eventloop_lag_seconds', 'process_cpu_seconds_total', 'nodejs_heap_size_used_bytes']) {
      expect(text).toContain(`\n${name} `);
    }

    await visitor.call('visitor:hello', {});
    const first = await visitor.call('message:send', { id: newId('m_'), text: 'Hello?' });
    expect((await visitor.call('message:send', { id: newId('m_'), text: 'Anyone?' })).ok).toBe(true);
    // A retry is answered with the stored row: acked again, stored once.
    expect((await visitor.call('message:send', { id: first.message.id, text: 'Hello?' })).ok).toBe(true);
    text = await scrape();
    expect(sample(text, 'parley_chats_waiting{channel="widget"}')).toBe(1);
    expect(sample(text, 'parley_messages_stored_total{author="visitor"}')).toBe(2);
    expect(sample(text, 'parley_message_ack_seconds_count{namespace="visitor"}')).toBe(3);

    const chatId = first.message.chatId;
    expect((await agent.call('chat:accept', { chatId })).ok).toBe(true);
    expect((await agent.call('message:send', { chatId, id: newId('m_'), text: 'Here!' })).ok).toBe(true);
    text = await scrape();
    expect(sample(text, 'parley_chats_waiting{channel="widget"}')).toBe(0);
    expect(sample(text, 'parley_messages_stored_total{author="agent"}')).toBe(1);
    expect(sample(text, 'parley_messages_stored_total{author="system"}')).toBe(1);
    expect(sample(text, 'parley_message_ack_seconds_count{namespace="agent"}')).toBe(1);
    expect(sample(text, 'parley_message_ack_seconds_bucket{le="+Inf",namespace="agent"}')).toBe(1);
    // Four message writes: the retry too is looked up inside a write (a retry queued right behind
    // the first send must find its row), and answered with the stored row.
    expect(sample(text, 'parley_store_query_seconds_count{query="message_write"}')).toBe(4);
    // Each scrape times its queue count; the histogram is written before that count runs.
    expect(sample(text, 'parley_store_query_seconds_count{query="chats_waiting"}')).toBe(2);
    const stored = await server.store.all('SELECT author, count(*) AS n FROM messages GROUP BY author ORDER BY author');
    expect(stored).toEqual([
      { author: 'agent', n: 1 },
      { author: 'system', n: 1 },
      { author: 'visitor', n: 2 },
    ]);

    visitor.close();
    await expect.poll(async () => sample(await scrape(), 'parley_sockets_connected{namespace="visitor"}')).toBe(1);
  });

  it('each app counts in its own registry', async () => {
    const other = await startTestServer({ config: { metricsToken: 'other-secret' } });
    try {
      server = await startTestServer({ config: { metricsToken: 'scrape-secret' } });
      track(await connectVisitor(other.url));
      const text = (await get('/metrics', { authorization: 'Bearer scrape-secret' })).text;
      expect(sample(text, 'parley_sockets_connected{namespace="visitor"}')).toBe(0);
    } finally {
      for (const c of clients.splice(0)) c.close();
      await other.close(true);
    }
  });
});

describe('logs', () => {
  it('are JSON lines with the time, level and node id, and the chat id of chat events', async () => {
    const lines: string[] = [];
    const log = createLogger({ logLevel: 'info', nodeId: 'node-log' }, { write: (line: string) => void lines.push(line) });
    server = await startTestServer({ log });
    const events = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

    const agent = track(await connectAgent(server.url, await loginToken(server.url)));
    await agent.call('status:set', { status: 'online' });
    const visitor = track(await connectVisitor(server.url));
    const sent = await visitor.call('message:send', { id: newId('m_'), text: 'Hello' });
    const chatId = sent.message.chatId;
    await agent.call('chat:accept', { chatId });
    await agent.call('chat:close', { chatId });

    const started = events().find((e) => e.msg === 'chat started');
    expect(started).toMatchObject({ level: 'info', nodeId: 'node-log', chatId, channel: 'widget' });
    expect(new Date(started!.time as string).toISOString()).toBe(started!.time);
    expect(events().find((e) => e.msg === 'chat closed')).toMatchObject({ nodeId: 'node-log', chatId, by: 'agent' });
    expect(events().find((e) => e.msg === 'agent status changed')).toMatchObject({ status: 'online' });
    expect(events().every((e) => e.nodeId === 'node-log' && typeof e.time === 'string' && typeof e.level === 'string')).toBe(true);
  });
});
