import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent, hashPassword } from '../server/store/agents.ts';
import { FakeClock, loginToken, startTestServer, type TestServer } from './helpers/server.ts';

/**
 * IQS (METRICS.md §1 `review`, §2 `iqs`, §3 drill-down) on a small hand-made history with its
 * exact answers: reviews on the range's edges, of a chat started before the range, of an open
 * chat at its very start, two at the same instant, each filter, no reviews at all; the import's
 * checks of a review line; export and import again.
 */

const line = (o: object) => JSON.stringify(o);
const meta = line({ type: 'meta', format: 'chat-history', version: 1 });
const chat = (id: string, startedAt: string, o: object = {}) => ({
  type: 'chat',
  id,
  visitorId: `v-${id}`,
  department: null,
  priority: 'normal',
  channel: 'widget',
  startedAt,
  closedAt: null,
  closedBy: null,
  tags: [],
  assignments: [],
  messages: [],
  ...o,
});
const review = (id: string, chatId: string, reviewerId: string, at: string, score: number, o: object = {}) => ({
  type: 'review',
  id,
  chatId,
  reviewerId,
  at,
  score,
  ...o,
});

/** The history; `owner` is the test server's own owner (a reviewer only in the database). */
function history(owner: string): string {
  return [
    meta,
    line({ type: 'department', id: 'sales', name: 'Sales' }),
    line({ type: 'agent', id: 'a1', name: 'Anna', email: 'anna@example.com', role: 'agent', departments: [], maxChats: 3 }),
    line({ type: 'agent', id: 'rv', name: 'Rita', email: 'rita@example.com', role: 'admin', departments: [], maxChats: 3 }),
    // Reviews may come before the chat and the reviewer they name.
    line(review('q2', 'ch2', 'ow', '2026-03-04T12:00:00.000Z', 0.5)),
    line(review('q1', 'ch2', 'rv', '2026-03-04T12:00:00.000Z', 0.8, { comment: 'good' })),
    line({ type: 'agent', id: 'ow', name: 'Olga', email: 'olga@example.com', role: 'owner', departments: [], maxChats: 3 }),
    // Started before the range: reviewed on the range's first instant, and on its end (outside).
    line(
      chat('ch1', '2026-03-01T23:00:00.000Z', {
        department: 'sales',
        tags: ['vip'],
        assignments: [{ agentId: 'a1', at: '2026-03-01T23:00:05.000Z' }],
        closedAt: '2026-03-01T23:30:00.000Z',
        closedBy: 'agent',
      }),
    ),
    line(review('r1', 'ch1', 'rv', '2026-03-02T00:00:00.000Z', 0.9, { comment: null })),
    line(review('r2', 'ch1', 'ow', '2026-03-09T00:00:00.000Z', 0.1)),
    line(
      chat('ch2', '2026-03-02T10:00:00.000Z', {
        assignments: [{ agentId: 'a1', at: '2026-03-02T10:00:10.000Z' }],
        closedAt: '2026-03-02T10:20:00.000Z',
        closedBy: 'visitor',
      }),
    ),
    // Open, transferred to Rita: her chat; reviewed at its very start.
    line(
      chat('ch3', '2026-03-03T10:00:00.000Z', {
        priority: 'high',
        assignments: [
          { agentId: 'a1', at: '2026-03-03T10:00:01.000Z' },
          { agentId: 'rv', at: '2026-03-03T10:05:00.000Z' },
        ],
      }),
    ),
    line(review('r5', 'ch3', 'rv', '2026-03-03T10:00:00.000Z', 0.7999)),
    // Offline, no agent; reviewed by the owner who is only in the database.
    line(chat('ch4', '2026-03-05T10:00:00.000Z', { channel: 'offline', closedAt: '2026-03-05T11:00:00.000Z', closedBy: 'system' })),
    line(review('r6', 'ch4', owner, '2026-03-06T08:00:00.000Z', 1)),
  ].join('\n');
}

const range = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

async function call(server: TestServer, token: string, path: string, init: RequestInit = {}) {
  return fetch(`${server.url}/api${path}`, { ...init, headers: { ...(init.headers as object), authorization: `Bearer ${token}` } });
}
const importBody = (server: TestServer, token: string, body: string) =>
  call(server, token, '/import', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body });
const json = async (server: TestServer, token: string, path: string) => {
  const res = await call(server, token, path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as any;
};

const ownerIdOf = async (server: TestServer) =>
  (await server.store.value<string>("SELECT id FROM agents WHERE email = 'owner@example.com'"))!;

describe('IQS on a hand-made history', () => {
  const clock = new FakeClock(Date.parse('2026-11-01T00:00:00Z'));
  let server: TestServer;
  let token: string;
  let owner: string;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    token = await loginToken(server.url);
    owner = await ownerIdOf(server);
    const res = await importBody(server, token, history(owner));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as any).imported.review).toBe(6);
  });
  afterAll(() => server.close(true));

  it.each([
    ['', { count: 5, mean: (0.9 + 0.7999 + 0.8 + 0.5 + 1) / 5, rate: 3 / 5 }],
    ['&agent=a1', { count: 3, mean: (0.9 + 0.8 + 0.5) / 3, rate: 2 / 3 }],
    ['&agent=rv', { count: 1, mean: 0.7999, rate: 0 }],
    ['&department=sales', { count: 1, mean: 0.9, rate: 1 }],
    ['&tag=vip', { count: 1, mean: 0.9, rate: 1 }],
    ['&channel=offline', { count: 1, mean: 1, rate: 1 }],
    ['&priority=high', { count: 1, mean: 0.7999, rate: 0 }],
    ['&agent=nobody', { count: 0, mean: null, rate: null }],
  ])('the iqs of the range%s', async (filters, expected) => {
    const m = await json(server, token, `/metrics?${range}${filters}`);
    expect(m.iqs).toEqual(expected);
  });

  it('is empty where no review was made, and counts the review on the range end in the next range', async () => {
    expect((await json(server, token, '/metrics?from=2026-04-01&to=2026-04-02')).iqs).toEqual({ count: 0, mean: null, rate: null });
    expect((await json(server, token, '/metrics?from=2026-03-09&to=2026-03-10')).iqs).toEqual({ count: 1, mean: 0.1, rate: 0 });
  });

  it('puts each review in the bucket of its own time', async () => {
    const series = await json(server, token, '/metrics/series?from=2026-03-01&to=2026-03-10&bucket=day');
    const empty = { count: 0, mean: null, rate: null };
    expect(series.points.map((p: any) => p.metrics.iqs)).toEqual([
      empty,
      { count: 1, mean: 0.9, rate: 1 },
      { count: 1, mean: 0.7999, rate: 0 },
      { count: 2, mean: 0.65, rate: 0.5 },
      empty,
      { count: 1, mean: 1, rate: 1 },
      empty,
      empty,
      { count: 1, mean: 0.1, rate: 0 },
    ]);
  });

  it('gives each agent the reviews of their chats', async () => {
    const { agents } = await json(server, token, `/metrics/agents?${range}`);
    const byAgent = Object.fromEntries(agents.map((a: any) => [a.agentId, a.metrics.iqs]));
    expect(byAgent).toEqual({
      a1: { count: 3, mean: (0.9 + 0.8 + 0.5) / 3, rate: 2 / 3 },
      rv: { count: 1, mean: 0.7999, rate: 0 },
      ow: { count: 0, mean: null, rate: null },
      [owner]: { count: 0, mean: null, rate: null },
    });
  });

  it('writes iqs.count, iqs.mean and iqs.rate to both CSVs', async () => {
    const [header, row] = (await (await call(server, token, `/metrics.csv?${range}`)).text()).trim().split('\r\n');
    const columns = header!.split(',');
    const cell = (c: string) => row!.split(',')[columns.indexOf(c)];
    expect([cell('iqs.count'), cell('iqs.mean'), cell('iqs.rate')]).toEqual(['5', String((0.9 + 0.7999 + 0.8 + 0.5 + 1) / 5), '0.6']);
    const agents = (await (await call(server, token, `/metrics/agents.csv?${range}`)).text()).trim().split('\r\n');
    const agentColumns = agents[0]!.split(',');
    expect(agentColumns.slice(-3)).toEqual(['iqs.count', 'iqs.mean', 'iqs.rate']);
    const rv = agents.find((l) => l.startsWith('rv,'))!.split(',');
    expect(rv[agentColumns.indexOf('iqs.count')]).toBe('1');
    expect(rv[agentColumns.indexOf('iqs.rate')]).toBe('0');
  });

  it('drills down to a row per review, in order of the reviews’ time then id', async () => {
    const d = await json(server, token, `/metrics/chats?key=iqs&${range}`);
    expect(d.key).toBe('iqs');
    expect(d.total).toBe(5);
    expect(d.chats).toEqual([
      { chatId: 'ch1', visitorId: 'v-ch1', agentId: 'a1', startedAt: '2026-03-01T23:00:00.000Z', value: 0.9 },
      { chatId: 'ch3', visitorId: 'v-ch3', agentId: 'rv', startedAt: '2026-03-03T10:00:00.000Z', value: 0.7999 },
      { chatId: 'ch2', visitorId: 'v-ch2', agentId: 'a1', startedAt: '2026-03-02T10:00:00.000Z', value: 0.8 },
      { chatId: 'ch2', visitorId: 'v-ch2', agentId: 'a1', startedAt: '2026-03-02T10:00:00.000Z', value: 0.5 },
      { chatId: 'ch4', visitorId: 'v-ch4', agentId: null, startedAt: '2026-03-05T10:00:00.000Z', value: 1 },
    ]);
    const page = await json(server, token, `/metrics/chats?key=iqs&${range}&limit=2&offset=2`);
    expect(page.total).toBe(5);
    expect(page.chats).toEqual(d.chats.slice(2, 4));
    const anna = await json(server, token, `/metrics/chats?key=iqs&${range}&agent=a1`);
    expect(anna.chats.map((c: any) => c.value)).toEqual([0.9, 0.8, 0.5]);
    expect((await json(server, token, `/metrics/chats?key=iqs&${range}&agent=nobody`)).total).toBe(0);
  });

  it('exports the reviews of the chats in range, whenever made', async () => {
    const text = await (await call(server, token, '/export?from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z')).text();
    const records = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(records.filter((r) => r.type === 'review')).toEqual([
      { type: 'review', id: 'r1', chatId: 'ch1', reviewerId: 'rv', at: '2026-03-02T00:00:00.000Z', score: 0.9, comment: null },
      { type: 'review', id: 'r2', chatId: 'ch1', reviewerId: 'ow', at: '2026-03-09T00:00:00.000Z', score: 0.1, comment: null },
    ]);
  });

  it('imports a full export into an empty database with the same answers and records', async () => {
    const other = await startTestServer({ clock });
    try {
      const otherToken = await loginToken(other.url);
      // The other server's owner has an id of its own: the reviews' reviewer comes in as an agent of the file.
      const exported = await (await call(server, token, '/export')).text();
      const res = await importBody(other, otherToken, exported.replace(/"email":"owner@example.com"/, '"email":"first-owner@example.com"'));
      expect(res.status, await res.clone().text()).toBe(200);
      for (const path of [`/metrics?${range}`, `/metrics?${range}&agent=a1`, `/metrics/series?${range}&bucket=day`, `/metrics/chats?key=iqs&${range}`]) {
        const [x, y] = await Promise.all([json(server, token, path), json(other, otherToken, path)]);
        if (path.includes('/chats')) expect(y).toEqual(x);
        else if (path.includes('/series')) expect(y.points.map((p: any) => p.metrics.iqs)).toEqual(x.points.map((p: any) => p.metrics.iqs));
        else expect(y.iqs).toEqual(x.iqs);
      }
      const reviews = (text: string) => text.trim().split('\n').filter((l) => l.includes('"type":"review"')).sort();
      expect(reviews(await (await call(other, otherToken, '/export')).text())).toEqual(reviews(exported));
    } finally {
      await other.close(true);
    }
  });
});

describe('import of review lines', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ clock: new FakeClock(Date.parse('2026-11-01T00:00:00Z')) });
    token = await loginToken(server.url);
    await createAgent(server.store, { name: 'Ann', email: 'ann@example.com', role: 'agent', passwordHash: await hashPassword('ann-password') }, 0);
  });
  afterAll(() => server.close(true));

  it('lists every wrong review with its line and writes nothing', async () => {
    const ann = (await server.store.value<string>("SELECT id FROM agents WHERE email = 'ann@example.com'"))!;
    const lines = [
      meta,
      line({ type: 'agent', id: 'a1', name: 'Anna', email: 'anna@example.com', role: 'agent', departments: [], maxChats: 3 }),
      line({ type: 'agent', id: 'rv', name: 'Rita', email: 'rita@example.com', role: 'admin', departments: [], maxChats: 3 }),
      line(chat('ch1', '2026-03-02T10:00:00.000Z')),
      line(review('ok', 'ch1', 'rv', '2026-03-02T10:00:00.000Z', 1, { comment: null })), // 5: fine
      line(review('x1', 'ch1', 'a1', '2026-03-02T11:00:00.000Z', 0.5)), // 6: an agent of the file
      line(review('x2', 'ch1', ann, '2026-03-02T11:00:00.000Z', 0.5)), // 7: an agent of the database
      line(review('x3', 'ch1', 'rv', '2026-03-02T09:59:59.999Z', 0.5)), // 8: before the chat, and rv twice
      line(review('x4', 'ch1', 'nobody', '2026-03-02T11:00:00.000Z', 1.2)), // 9: no such reviewer, score over 1
      line(review('x5', 'no-chat', 'rv', '2026-03-02T11:00:00.000Z', '0.5' as unknown as number)), // 10
      line(review('ok', 'ch1', 'rv', '2026-03-02T12:00:00.000Z', 0.5, { mood: 'fine' })), // 11: unknown field, id taken
      line({ type: 'review', id: 'x6', chatId: 'ch1', reviewerId: 'rv', score: 0.5 }), // 12: no at
      line(review('x7', 'ch1', 'rv', '2026-03-02T11:00:00Z', -0.1)), // 13: time format, score under 0
    ];
    const res = await importBody(server, token, lines.join('\n'));
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { line: number; message: string }[] };
    const at = (n: number) => errors.filter((e) => e.line === n).map((e) => e.message).join('\n');
    expect(at(5)).toBe('');
    expect(at(6)).toMatch(/review\.reviewerId: agent "a1" has role agent/);
    expect(at(7)).toMatch(new RegExp(`review\\.reviewerId: agent "${ann}" has role agent`));
    expect(at(8)).toMatch(/review\.at: is before the startedAt of chat "ch1"/);
    expect(at(8)).toMatch(/chat "ch1" already has a review by "rv"/);
    expect(at(9)).toMatch(/review\.score: must be a number from 0 to 1/);
    expect(at(10)).toMatch(/review\.score: must be a number from 0 to 1/);
    expect(at(11)).toMatch(/review\.mood: unknown field/);
    expect(at(12)).toMatch(/review\.at: missing/);
    expect(at(13)).toMatch(/review\.at: must be a real time/);
    expect(at(13)).toMatch(/review\.score/);
    for (const table of ['reviews', 'chats', 'chat_facts']) expect(await server.store.value(`SELECT count(*) FROM ${table}`), table).toBe(0);

    // The references: no reviewer, no chat (in the file or the database).
    const refs = await importBody(server, token, [meta, line(chat('ch1', '2026-03-02T10:00:00.000Z')), line(review('y1', 'ch1', 'nobody', '2026-03-02T11:00:00.000Z', 1)), line(review('y2', 'no-chat', await ownerIdOf(server), '2026-03-02T11:00:00.000Z', 1))].join('\n'));
    expect(refs.status).toBe(400);
    const refErrors = ((await refs.json()) as { errors: { line: number; message: string }[] }).errors;
    expect(refErrors).toContainEqual({ line: 3, message: 'review.reviewerId: no agent "nobody" in the file or the database' });
    expect(refErrors).toContainEqual({ line: 4, message: 'review.chatId: no chat "no-chat" in the file or the database' });
    expect(await server.store.value('SELECT count(*) FROM reviews')).toBe(0);
  });

  it('checks a review of a chat already in the database against that chat', async () => {
    const owner = await ownerIdOf(server);
    const first = await importBody(server, token, [meta, line(chat('old', '2026-03-02T10:00:00.000Z'))].join('\n'));
    expect(first.status).toBe(200);
    const early = await importBody(server, token, [meta, line(review('z1', 'old', owner, '2026-03-02T09:00:00.000Z', 1))].join('\n'));
    expect(early.status).toBe(400);
    expect(((await early.json()) as any).errors).toEqual([{ line: 2, message: 'review.at: is before the startedAt of chat "old"' }]);
    const fine = await importBody(server, token, [meta, line(review('z1', 'old', owner, '2026-03-02T10:00:00.000Z', 0))].join('\n'));
    expect(fine.status, await fine.clone().text()).toBe(200);
    const twice = await importBody(server, token, [meta, line(review('z2', 'old', owner, '2026-03-03T10:00:00.000Z', 1))].join('\n'));
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as any).errors[0].message).toMatch(/chat "old" already has a review by/);
    expect(await server.store.value('SELECT count(*) FROM reviews')).toBe(1);
  });
});
