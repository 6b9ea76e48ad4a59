import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHistory } from '../bench/metrics/generate.ts';
import { newId } from '../shared/ids.ts';
import { connectVisitor, type TestClient } from './helpers/clients.ts';
import { loginToken, startTestServer, type TestServer } from './helpers/server.ts';

/**
 * POST /api/import runs beside the chats (issue 10, item 9): the server goes on answering
 * while a history is written, and a message sent meanwhile is stored once, not lost.
 */

const dir = mkdtempSync(join(tmpdir(), 'parley-import-beside-'));
const historyFile = join(dir, 'history.ndjson');
let server: TestServer;
let visitor: TestClient | undefined;

beforeAll(async () => {
  await generateHistory(historyFile, { chats: 30_000, days: 20, agents: 10, start: Date.UTC(2026, 2, 1), seed: 7 });
}, 120_000);
afterAll(async () => {
  visitor?.close();
  await server?.close(true);
  rmSync(dir, { recursive: true, force: true });
});

describe('a history import', () => {
  it('leaves the server answering while it writes, and a message sent meanwhile is stored once', async () => {
    server = await startTestServer();
    const owner = await loginToken(server.url);
    visitor = await connectVisitor(server.url);
    await visitor.call('visitor:hello', { locale: 'en' });

    const body = readFileSync(historyFile);
    const started = performance.now();
    let finished = 0;
    const importing = fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/x-ndjson' },
      body,
    }).then(async (res) => {
      finished = performance.now();
      return { status: res.status, body: (await res.json()) as any };
    });

    // Reads of the store (who is signed in) answered one after another until the import ends.
    const answeredAt: number[] = [];
    const reading = (async () => {
      while (!finished) {
        const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${owner}` } });
        expect(me.status).toBe(200);
        answeredAt.push(performance.now());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    // A message sent while the import writes: its ack may wait for the commit, never lost.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const messageId = newId('m_');
    const sent = visitor.socket.timeout(120_000).emitWithAck('message:send', { id: messageId, text: 'still there?' });

    const result = await importing;
    await reading;
    expect(result.status, JSON.stringify(result.body).slice(0, 500)).toBe(200);
    expect(result.body.imported.chat).toBe(30_000);
    expect((await sent).ok).toBe(true);
    expect(await server.store.value('SELECT count(*) FROM messages WHERE id = ?', [messageId])).toBe(1);

    // The longest wait between two answers is a small part of the import, not all of it (as
    // when the import ran on the event loop, and nothing answered until it was over).
    const took = finished - started;
    const points = [started, ...answeredAt.filter((t) => t <= finished), finished];
    const longestGap = Math.max(...points.slice(1).map((t, i) => t - points[i]!));
    expect(took).toBeGreaterThan(1000);
    expect(longestGap, `import ${Math.round(took)} ms, longest gap ${Math.round(longestGap)} ms`).toBeLessThan(took / 3);
  }, 180_000);
});
