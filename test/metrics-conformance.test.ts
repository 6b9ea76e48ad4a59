import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differences } from './helpers/compare.ts';
import { FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

/**
 * METRICS.md conformance: each history in ../shared/fixtures is imported into a fresh database
 * through POST /api/import, and every request of NAME.expected.json must give its body (numbers
 * within 1e-6 relative or 1e-3 absolute, null only where expected, agent rows by agentId).
 */

const fixturesDir = resolve(process.cwd(), '../shared/fixtures');
const names = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => f.replace('.expected.json', ''))
  .sort();

interface Expectation {
  request: string;
  now: string;
  body: unknown;
}

describe.each(names)('fixture %s', (name) => {
  const expectations = JSON.parse(readFileSync(resolve(fixturesDir, `${name}.expected.json`), 'utf8')) as Expectation[];
  const clock = new FakeClock(Date.parse(expectations[0]!.now));
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    token = await loginToken(server.url);
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body: readFileSync(resolve(fixturesDir, `${name}.ndjson`)),
    });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`import of ${name} failed: ${JSON.stringify(body).slice(0, 2000)}`);
  });

  afterAll(async () => {
    await server?.close(true);
  });

  it.each(expectations.map((e, i) => [i, e.request, e] as const))('#%i %s', async (_i, request, e) => {
    clock.set(Date.parse(e.now));
    const res = await fetch(`${server.url}/api${request.replace(/^\/api/, '')}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const diffs = differences(await res.json(), e.body);
    expect(diffs.slice(0, 30)).toEqual([]);
  });
});
