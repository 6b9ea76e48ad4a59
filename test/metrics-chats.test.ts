import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, hashPassword } from '../server/store/agents.ts';
import { FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

/** GET /api/metrics/chats (METRICS.md §3) over HTTP: access, bad input, the figure it opens. */

const fixtures = resolve(process.cwd(), '../shared/fixtures');
const small = readFileSync(resolve(fixtures, 'small.ndjson'), 'utf8');
const range = 'from=2026-03-23T00:00:00Z&to=2026-04-06T00:00:00Z';

describe('the chats behind a figure', () => {
  const clock = new FakeClock(Date.parse('2026-11-01T00:00:00Z'));
  let server: TestServer;
  let owner: string;
  const get = (path: string, token: string | null = owner) =>
    fetch(`${server.url}/api${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    server = await startTestServer({ clock });
    owner = await loginToken(server.url);
    await createAgent(server.store, { name: 'Ann', email: 'ann@example.com', role: 'agent', passwordHash: await hashPassword('ann-password') }, clock.now());
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/x-ndjson' },
      body: small,
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => server.close(true));

  it('answers 401 without a token and 403 to an agent', async () => {
    const agent = await loginToken(server.url, 'ann@example.com', 'ann-password');
    for (const path of [`/metrics/chats?key=frt&${range}`]) {
      expect((await get(path, null)).status, path).toBe(401);
      expect((await get(path, agent)).status, path).toBe(403);
    }
  });

  it.each([
    [`/metrics/chats?${range}`, 'key'],
    [`/metrics/chats?key=art&${range}`, 'key'],
    [`/metrics/chats?key=frt&${range}&limit=0`, 'limit'],
    [`/metrics/chats?key=frt&${range}&limit=10001`, 'limit'],
    [`/metrics/chats?key=frt&${range}&limit=2.5`, 'limit'],
    [`/metrics/chats?key=frt&${range}&offset=-1`, 'offset'],
    [`/metrics/chats?key=frt&from=2026-04-06&to=2026-04-01`, 'from'],
    [`/metrics/chats?key=frt&${range}&colour=red`, 'colour'],
    [`/metrics/chats?key=frt&${range}&tz=Mars/Olympus`, 'tz'],
  ])('refuses %s naming %s', async (path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { field: string }).field).toBe(field);
  });

  it('lists the chats of a figure with the figure count, a page at a time, as METRICS.md §3 shapes them', async () => {
    const q = `${range}&tz=Europe/Sofia&channel=widget`;
    const figures = (await (await get(`/metrics?${q}`)).json()) as any;
    const first = (await (await get(`/metrics/chats?key=frt&${q}`)).json()) as any;
    expect(first.key).toBe('frt');
    expect(first.total).toBe(figures.frt.count);
    expect(first.chats).toHaveLength(Math.min(100, figures.frt.count));
    const everything = (await (await get(`/metrics/chats?key=frt&${q}&limit=10000`)).json()) as any;
    const mean = everything.chats.reduce((s: number, c: any) => s + c.value, 0) / everything.total;
    expect(mean).toBe(figures.frt.mean);
    const page = (await (await get(`/metrics/chats?key=frt&${q}&limit=5&offset=7`)).json()) as any;
    expect(page.chats).toEqual(everything.chats.slice(7, 12));
    for (const c of page.chats) {
      expect(Object.keys(c).sort()).toEqual(['agentId', 'chatId', 'startedAt', 'value', 'visitorId']);
      expect(c.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const breached = (await (await get(`/metrics/chats?key=sla.frt.breached&${q}`)).json()) as any;
    expect(breached.total).toBe(figures.sla.frt.breached);
    expect(breached.chats.every((c: any) => c.value === null)).toBe(true);
  });
});
