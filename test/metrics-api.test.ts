import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, hashPassword } from '../server/store/agents.ts';
import { differences } from './helpers/compare.ts';
import { testBackend } from './helpers/postgres.ts';
import { FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

/** The metrics, import and export endpoints of METRICS.md §3: access, bad input, round trips. */

const fixtures = resolve(process.cwd(), '../shared/fixtures');
const small = readFileSync(resolve(fixtures, 'small.ndjson'), 'utf8');
const range = 'from=2026-03-23T00:00:00Z&to=2026-04-06T00:00:00Z';

async function call(server: TestServer, token: string | null, path: string, init: RequestInit = {}) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (token) headers.authorization = `Bearer ${token}`;
  return fetch(`${server.url}/api${path}`, { ...init, headers });
}

const importBody = (server: TestServer, token: string, body: string) =>
  call(server, token, '/import', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });

describe('metrics API', () => {
  const clock = new FakeClock(Date.parse('2026-11-01T00:00:00Z'));
  let server: TestServer;
  let owner: string;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    owner = await loginToken(server.url);
    await createAgent(server.store, { name: 'Ann', email: 'ann@example.com', role: 'agent', passwordHash: await hashPassword('ann-password') }, clock.now());
  });
  afterAll(() => server.close(true));

  it('answers 401 without a token and 403 to an agent', async () => {
    const agent = await loginToken(server.url, 'ann@example.com', 'ann-password');
    for (const path of [`/metrics?${range}`, `/metrics/agents?${range}`, `/metrics/series?${range}`, `/metrics.csv?${range}`, `/metrics/agents.csv?${range}`, '/export']) {
      expect((await call(server, null, path)).status, path).toBe(401);
      expect((await call(server, agent, path)).status, path).toBe(403);
    }
    expect((await importBody(server, agent, small)).status).toBe(403);
  });

  it.each([
    [`/metrics?${range}&colour=red`, 'colour'],
    ['/metrics?from=2026-03-23T00:00:00Z', 'to'],
    ['/metrics?from=yesterday&to=2026-04-06', 'from'],
    ['/metrics?from=2026-02-30&to=2026-04-06', 'from'],
    ['/metrics?from=2026-04-06&to=2026-04-06', 'from'],
    [`/metrics?${range}&tz=Mars/Olympus`, 'tz'],
    [`/metrics/series?${range}&bucket=fortnight`, 'bucket'],
    [`/metrics/series?from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=hour`, 'bucket'],
    [`/metrics?${range}&agent=a1&agent=a2`, 'agent'],
    [`/metrics?${range}&bucket=day`, 'bucket'],
  ])('refuses %s naming %s', async (path, field) => {
    const res = await call(server, owner, path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; field: string };
    expect(body.field).toBe(field);
    expect(body.error).toContain(field);
  });

  it('imports a history once, and refuses it the second time without writing anything', async () => {
    const first = await importBody(server, owner, small);
    expect(first.status).toBe(200);
    expect(((await first.json()) as any).imported).toMatchObject({ chat: expect.any(Number), survey: expect.any(Number) });
    const chats = await server.store.value('SELECT count(*) FROM chats');
    const second = await importBody(server, owner, small);
    expect(second.status).toBe(400);
    const { errors, moreErrors } = (await second.json()) as { errors: { line: number; message: string }[]; moreErrors: number };
    expect(errors).toHaveLength(100);
    expect(moreErrors).toBeGreaterThan(0);
    expect(errors[0]).toEqual({ line: 2, message: expect.stringContaining('already exists') });
    expect(await server.store.value('SELECT count(*) FROM chats')).toBe(chats);
  });

  it.skipIf(testBackend !== 'postgres')('on Postgres an import leaves the planner fresh statistics of what it loaded', async () => {
    // Without them the first metrics query after a 100k-chat import ran as scans for minutes.
    const analyzed = () => server.store.value('SELECT last_analyze FROM pg_stat_user_tables WHERE relname = ?', ['chats']);
    await expect.poll(analyzed).not.toBeNull();
  });

  it('gives filters that match nothing empty figures', async () => {
    const body = (await (await call(server, owner, `/metrics?${range}&agent=nobody&tag=nothing`)).json()) as any;
    expect(body.chats.total).toBe(0);
    expect(body.wait).toEqual({ mean: null, median: null, p90: null, count: 0 });
    expect(body.tags.counts).toEqual({});
    expect(body.conversion).toEqual({ rate: null, value: 0 });
  });

  it('reads local dates in tz', async () => {
    const local = (await (await call(server, owner, '/metrics?from=2026-03-25&to=2026-04-01&tz=Europe/Sofia')).json()) as any;
    const instant = (await (
      await call(server, owner, '/metrics?from=2026-03-24T22:00:00Z&to=2026-03-31T21:00:00Z')
    ).json()) as any;
    expect(local).toEqual(instant);
  });

  it('flattens the summary and the per-agent report to CSV', async () => {
    const summary = await call(server, owner, `/metrics.csv?${range}`);
    expect(summary.headers.get('content-type')).toContain('text/csv');
    const [header, row, ...rest] = (await summary.text()).trim().split('\r\n');
    expect(rest).toEqual([]);
    const columns = header!.split(',');
    expect(columns).toContain('chats.byChannel.widget');
    expect(columns).toContain('wait.p90');
    const json = (await (await call(server, owner, `/metrics?${range}`)).json()) as any;
    expect(row!.split(',')[columns.indexOf('chats.total')]).toBe(String(json.chats.total));
    expect(row!.split(',')[columns.indexOf('csat.mean')]).toBe(String(json.csat.mean));

    const agents = (await (await call(server, owner, `/metrics/agents.csv?${range}`)).text()).trim().split('\r\n');
    expect(agents[0]!.startsWith('agentId,name,chats.total')).toBe(true);
    const report = (await (await call(server, owner, `/metrics/agents?${range}`)).json()) as any;
    expect(agents.length).toBe(report.agents.length + 1);
  });
});

describe('import errors', () => {
  let server: TestServer;
  let owner: string;
  beforeAll(async () => {
    server = await startTestServer({ clock: new FakeClock(Date.parse('2026-11-01T00:00:00Z')) });
    owner = await loginToken(server.url);
  });
  afterAll(() => server.close(true));

  it('lists every broken line with its number and writes nothing', async () => {
    const lines = small.split('\n');
    const chatLine = lines.findIndex((l) => l.includes('"type":"chat"'));
    const surveyLine = lines.findIndex((l) => l.includes('"type":"survey"'));
    lines[chatLine] = lines[chatLine]!.replace(/"startedAt":"[^"]+"/, '"startedAt":"2026-03-32T10:00:00.000Z"');
    lines[surveyLine] = lines[surveyLine]!.replace(/"chatId":"[^"]+"/, '"chatId":"no-such-chat"');
    lines.splice(3, 0, '{"type":"department","id":"x"', '{"type":"robot","id":"r1"}');
    const res = await importBody(server, owner, lines.join('\n'));
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { line: number; message: string }[] };
    const at = (n: number) => errors.filter((e) => e.line === n).map((e) => e.message);
    expect(at(4)[0]).toMatch(/not valid JSON/);
    expect(at(5)).toEqual(['type: unknown record type "robot"']);
    expect(at(chatLine + 3).join()).toMatch(/chat\.startedAt/);
    expect(at(surveyLine + 3).join()).toMatch(/survey\.chatId: no chat "no-such-chat"/);
    for (const table of ['chats', 'messages', 'surveys', 'page_views', 'agents', 'chat_facts']) {
      const n = await server.store.value(`SELECT count(*) FROM ${table}`);
      expect(n, table).toBe(table === 'agents' ? 1 : 0);
    }
  });

  it('lists the first 100 errors and counts the rest; refuses a history over IMPORT_MAX_MB with a 413', async () => {
    const meta = '{"type":"meta","format":"chat-history","version":1}';
    const broken = [meta, ...Array.from({ length: 250 }, (_, i) => `{"type":"robot","id":"r${i}"}`)].join('\n');
    const res = await importBody(server, owner, broken);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: unknown[]; moreErrors: number };
    expect(body.errors).toHaveLength(100);
    expect(body.moreErrors).toBe(150);

    const small = await startTestServer({ config: { importMaxBytes: 1000 } });
    try {
      const tooBig = await importBody(small, await loginToken(small.url), `${meta}\n${' '.repeat(2000)}`);
      expect(tooBig.status).toBe(413);
      expect(((await tooBig.json()) as { error: string }).error).toMatch(/larger than/);
      expect(await small.store.value('SELECT count(*) FROM chats')).toBe(0);
    } finally {
      await small.close(true);
    }
  });

  it('checks the rules of METRICS.md §1', async () => {
    const meta = '{"type":"meta","format":"chat-history","version":1}';
    const chat = (o: object) =>
      JSON.stringify({
        type: 'chat',
        id: 'c1',
        visitorId: 'v1',
        department: null,
        priority: 'normal',
        channel: 'widget',
        startedAt: '2026-03-23T10:00:00.000Z',
        closedAt: null,
        closedBy: null,
        tags: [],
        assignments: [],
        messages: [],
        ...o,
      });
    const cases: [string[], RegExp][] = [
      [[], /meta line/],
      [[meta, meta], /only one meta line/],
      [[meta, chat({ closedBy: 'agent' })], /closedBy: must be null exactly when closedAt is/],
      [[meta, chat({ closedAt: '2026-03-23T09:00:00.000Z', closedBy: 'agent' })], /closedAt: is before startedAt/],
      [[meta, chat({ tags: ['a', 'a'] })], /tags: must be distinct/],
      [[meta, chat({ assignments: [{ agentId: 'ghost', at: '2026-03-23T10:00:00.000Z' }] })], /no agent "ghost"/],
      [[meta, chat({ messages: [{ id: 'm1', author: 'visitor', at: '2026-03-23T09:59:59.999Z', text: 'hi' }] })], /is before startedAt/],
      [[meta, chat({ messages: [{ id: 'm1', author: 'visitor', agentId: 'a1', at: '2026-03-23T10:00:00.000Z', text: 'hi' }] })], /only on agent messages/],
      [[meta, chat({ startedAt: '2026-03-23T10:00:00Z' })], /startedAt: must be/],
      [[meta, chat({ extra: 1 })], /extra: unknown field/],
      [[meta, chat({}), chat({ id: 'c2', messages: [] }), chat({ id: 'c1' })], /chat\.id: "c1" already exists/],
      [[meta, '{"type":"survey","id":"s1","kind":"ces","chatId":"c1","visitorId":"v1","scale":10,"sentAt":"2026-03-23T10:00:00.000Z","answeredAt":null,"score":null}', chat({})], /scale: must be 5 or 7/],
      [[meta, '{"type":"sla","id":"p1","department":null,"priority":"normal","firstResponseSec":-1,"resolutionSec":null}'], /seconds ≥ 0/],
      [[meta, '{"type":"sla","id":"p1","department":null,"priority":"normal","firstResponseSec":1,"resolutionSec":null}', '{"type":"sla","id":"p2","department":null,"priority":"normal","firstResponseSec":2,"resolutionSec":null}'], /already a policy/],
    ];
    for (const [lines, expected] of cases) {
      const res = await importBody(server, owner, lines.join('\n'));
      expect(res.status, lines.join('\n')).toBe(400);
      const { errors } = (await res.json()) as { errors: { message: string }[] };
      expect(errors.map((e) => e.message).join('\n')).toMatch(expected);
    }
    expect(await server.store.value('SELECT count(*) FROM chats')).toBe(0);
  });

  it('wants NDJSON', async () => {
    const res = await call(server, owner, '/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(415);
  });
});

describe('export', () => {
  const clock = new FakeClock(Date.parse('2026-11-01T00:00:00Z'));
  let a: TestServer;
  let b: TestServer;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    a = await startTestServer({ clock });
    b = await startTestServer({ clock });
    tokenA = await loginToken(a.url);
    tokenB = await loginToken(b.url);
    expect((await importBody(a, tokenA, small)).status).toBe(200);
  });
  afterAll(async () => {
    await a.close(true);
    await b.close(true);
  });

  it('imports into another Parley with the same answers and exports the same records', async () => {
    const exported = await (await call(a, tokenA, '/export')).text();
    expect(exported.split('\n')[0]).toBe('{"type":"meta","format":"chat-history","version":1}');
    const res = await importBody(b, tokenB, exported);
    expect(res.status, await res.clone().text()).toBe(200);
    for (const path of [
      `/metrics?${range}`,
      `/metrics?${range}&tz=Europe/Sofia&department=support&tag=refund`,
      `/metrics/agents?${range}`,
      `/metrics/series?${range}&bucket=week&tz=Europe/Sofia`,
    ]) {
      const [x, y] = await Promise.all([call(a, tokenA, path), call(b, tokenB, path)]);
      expect(differences(await y.json(), await x.json()), path).toEqual([]);
    }
    const again = await (await call(b, tokenB, '/export')).text();
    // B also has its own owner; everything else is the same records.
    const records = (text: string) => new Set(text.trim().split('\n').filter((l) => !l.includes('"email":"owner@example.com"')));
    expect(records(again)).toEqual(records(exported));
  });

  it('exports a range: chats started in it with their surveys, and what happened in it', async () => {
    const text = await (await call(a, tokenA, '/export?from=2026-03-25T00:00:00Z&to=2026-03-26T00:00:00Z')).text();
    const records = text.trim().split('\n').map((l) => JSON.parse(l));
    const chats = records.filter((r) => r.type === 'chat');
    expect(chats.length).toBeGreaterThan(0);
    for (const c of chats) expect(c.startedAt >= '2026-03-25' && c.startedAt < '2026-03-26').toBe(true);
    const chatIds = new Set(chats.map((c) => c.id));
    for (const s of records.filter((r) => r.type === 'survey')) expect(chatIds.has(s.chatId)).toBe(true);
    for (const p of records.filter((r) => r.type === 'page_view')) expect(p.at >= '2026-03-25' && p.at < '2026-03-26').toBe(true);
    expect(records.filter((r) => r.type === 'agent').length).toBeGreaterThan(1);
  });
});
