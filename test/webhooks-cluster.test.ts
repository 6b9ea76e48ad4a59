import { afterEach, expect, it } from 'vitest';
import { apiCall, loginToken, startTestServer, type TestServer } from './helpers/server.ts';
import { connectVisitor, type TestClient } from './helpers/clients.ts';
import { startWebhookReceiver } from './helpers/webhook-receiver.ts';
import { newId } from '../shared/ids.ts';

/**
 * Two nodes on one store (one SQLite file, or one Postgres database in the postgres project),
 * both sending the outbox at once: every delivery reaches the receiver once, never twice.
 */
const servers: TestServer[] = [];
const clients: TestClient[] = [];
const cleanups: Array<() => unknown> = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  const all = servers.splice(0);
  for (const s of all.slice(1)) await s.close();
  await all[0]?.close(true);
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

it('two nodes sending one outbox: each delivery is attempted by one node at a time and received once', async () => {
  const a = await startTestServer({ config: { nodeId: 'node-a', webhooksAllowPrivate: true } });
  servers.push(a);
  const b = await startTestServer({ dbPath: a.dbPath, databaseUrl: a.databaseUrl, config: { nodeId: 'node-b', webhooksAllowPrivate: true } });
  servers.push(b);
  // Slow enough that both nodes' claims overlap with attempts under way.
  const receiver = await startWebhookReceiver({ delayMs: 150 });
  cleanups.push(() => receiver.close());
  const token = await loginToken(a.url);
  expect((await apiCall(a.url, token, '/webhooks', { method: 'POST', body: { url: receiver.url, events: ['message.created'] } })).status).toBe(201);

  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < 6; i++) {
    const visitor = await connectVisitor((i % 2 ? a : b).url);
    clients.push(visitor);
    // Six visitors at once, each sending one message after another.
    sends.push((async () => {
      for (let j = 0; j < 5; j++) expect((await visitor.call('message:send', { id: newId('m_'), text: `v${i} m${j}` })).ok).toBe(true);
    })());
  }
  // Both nodes claim over and over while the messages come in.
  const claiming = (async () => {
    for (let k = 0; k < 40; k++) {
      await Promise.all([a.parley.webhooks.deliverDue(), b.parley.webhooks.deliverDue()]);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  await Promise.all(sends);
  await claiming;
  await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(30);
  await Promise.all([a.parley.webhooks.settled(), b.parley.webhooks.settled()]);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const ids = receiver.received.map((d) => d.headers['parley-delivery']);
  expect(ids).toHaveLength(30);
  expect(new Set(ids).size).toBe(30);
  expect(await a.store.value("SELECT count(*) FROM webhook_deliveries WHERE state = 'delivered' AND attempts = 1")).toBe(30);
}, 90_000);
