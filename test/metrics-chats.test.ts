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
    for (const path of [`/metrics/chats?key=frt&${range}`, `/chats.csv?${range}`]) {
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

  it('exports one row per chat with the numbers of the JSON, times in the zone with its offset, surveys as answered', async () => {
    const q = `${range}&tz=Europe/Sofia&department=support`;
    const res = await get(`/chats.csv?${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(['chatId', 'visitorId', 'channel', 'department', 'priority', 'startedAt', 'closedAt', 'closedBy', 'agentId', 'agents', 'tags', 'messages', 'waitSec', 'frtSec', 'resolutionSec', 'ahtSec', 'slaFrt', 'slaResolution', 'fcr', 'converted', 'csat', 'ces', 'nps']);
    const csv = rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
    const behind = async (key: string) => ((await (await get(`/metrics/chats?key=${key}&${q}&limit=10000`)).json()) as any).chats as any[];
    const all = await behind('chats.total');
    expect(all.length).toBeGreaterThan(5);
    expect(csv.map((r) => r.chatId)).toEqual(all.map((c) => c.chatId));
    for (const [k, row] of csv.entries()) {
      expect(row.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0[23]:00$/);
      expect(Date.parse(row.startedAt!)).toBe(Date.parse(all[k].startedAt));
      expect(row.agentId || null).toBe(all[k].agentId);
      expect(row.department).toBe('support');
    }
    for (const [key, column] of [['wait', 'waitSec'], ['frt', 'frtSec'], ['resolution', 'resolutionSec'], ['aht', 'ahtSec']] as const) {
      const values = new Map((await behind(key)).map((c) => [c.chatId, c.value]));
      for (const row of csv) expect(row[column] === '' ? undefined : Number(row[column]), `${key} of ${row.chatId}`).toBe(values.get(row.chatId));
    }
    for (const [key, column, value] of [['sla.frt.breached', 'slaFrt', 'breached'], ['sla.resolution.met', 'slaResolution', 'met'], ['conversion', 'converted', 'true']] as const) {
      const chats = new Set((await behind(key)).map((c) => c.chatId));
      expect(csv.filter((r) => r[column] === value).map((r) => r.chatId)).toEqual([...chats]);
    }
    const fcr = new Map((await behind('fcr')).map((c) => [c.chatId, String(c.value)]));
    for (const row of csv) expect(row.fcr || undefined).toBe(fcr.get(row.chatId));
    // The latest answered survey of each kind whose chat this is, read here from the history itself.
    const latest = new Map<string, { at: string; score: number }>();
    for (const line of small.split('\n')) {
      if (!line.includes('"type":"survey"')) continue;
      const s = JSON.parse(line);
      const k = `${s.chatId} ${s.kind}`;
      if (s.answeredAt !== null && (!latest.has(k) || latest.get(k)!.at < s.answeredAt)) latest.set(k, { at: s.answeredAt, score: s.score });
    }
    let answered = 0;
    for (const row of csv) {
      for (const kind of ['csat', 'ces', 'nps']) {
        const expected = latest.get(`${row.chatId} ${kind}`);
        expect(row[kind], `${kind} of ${row.chatId}`).toBe(expected ? String(expected.score) : '');
        if (expected) answered++;
      }
    }
    expect(answered).toBeGreaterThan(0);
  });

  it('neutralises cells a spreadsheet would run as formulas', async () => {
    const history = [
      { type: 'meta', format: 'chat-history', version: 1 },
      { type: 'chat', id: '=HYPERLINK("x")', visitorId: '+v', department: null, priority: 'normal', channel: 'widget', startedAt: '2026-05-01T10:00:00.000Z', closedAt: null, closedBy: null, tags: ['@tag', '-x'], assignments: [], messages: [] },
    ];
    const res = await fetch(`${server.url}/api/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/x-ndjson' },
      body: history.map((r) => JSON.stringify(r)).join('\n'),
    });
    expect(res.status).toBe(200);
    const [, row] = parseCsv(await (await get('/chats.csv?from=2026-05-01&to=2026-05-02')).text());
    expect(row!.slice(0, 2)).toEqual([`'=HYPERLINK("x")`, "'+v"]);
    expect(row![10]).toBe("'-x @tag");
  });
});

/** RFC 4180 fields (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}
