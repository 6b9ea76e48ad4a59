import { afterEach, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiCall, loginToken } from './helpers/server.ts';
import { freePort, startServerProcess } from './helpers/server-process.ts';
import { createTestDatabase, testBackend, type TestDatabase } from './helpers/postgres.ts';
import { connectVisitor, type TestClient } from './helpers/clients.ts';
import { startWebhookReceiver } from './helpers/webhook-receiver.ts';
import { newId } from '../shared/ids.ts';

/**
 * The outbox survives a crash: a delivery that failed and waits for its retry is sent, once the
 * server (its own process, killed with SIGKILL) is started again, with the same delivery id.
 */
const dir = mkdtempSync(join(tmpdir(), 'parley-webhooks-'));
const cleanups: Array<() => unknown> = [];
let database: TestDatabase | undefined;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  rmSync(dir, { recursive: true, force: true });
  await database?.drop();
  database = undefined;
});

function startServer(port: number): Promise<ChildProcess> {
  return startServerProcess(
    port,
    { DATABASE_PATH: join(dir, 'parley.db'), DATABASE_URL: database?.url ?? '', WEBHOOKS_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'silent' },
    (child) => cleanups.push(() => child.kill('SIGKILL')),
  );
}

it('kill -9 between attempts: after the restart the retry goes out, with the same Parley-Delivery id', async () => {
  if (testBackend === 'postgres') database = await createTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let server = await startServer(port);
  const receiver = await startWebhookReceiver({ status: 500 });
  cleanups.push(() => receiver.close());

  const token = await loginToken(url);
  const hook = await apiCall(url, token, '/webhooks', { method: 'POST', body: { url: receiver.url, events: ['message.created'] } });
  expect(hook.status).toBe(201);
  const visitor: TestClient = await connectVisitor(url);
  cleanups.push(() => visitor.close());
  expect((await visitor.call('message:send', { id: newId('m_'), text: 'survive this' })).ok).toBe(true);

  await expect.poll(() => receiver.received.length, { timeout: 5000 }).toBe(1);
  // The failure is recorded, the retry scheduled (5 s on).
  await expect
    .poll(async () => (await apiCall(url, token, `/webhooks/${hook.body.id}/deliveries`)).body.deliveries[0]?.attempts, { timeout: 5000 })
    .toBe(1);
  server.kill('SIGKILL');
  await new Promise((resolve) => server.once('exit', resolve));
  visitor.close();
  receiver.setStatus(200);

  server = await startServer(port);
  await expect.poll(() => receiver.received.length, { timeout: 15_000, interval: 200 }).toBe(2);
  const [first, second] = receiver.received;
  expect(second!.headers['parley-delivery']).toBe(first!.headers['parley-delivery']);
  expect(second!.raw).toBe(first!.raw);
  const [delivery] = (await apiCall(url, token, `/webhooks/${hook.body.id}/deliveries`)).body.deliveries;
  expect(delivery).toMatchObject({ state: 'delivered', attempts: 2, lastStatus: 200 });
  // Nothing more comes.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  expect(receiver.received).toHaveLength(2);
}, 120_000);
