import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAnswers, type TestDatabase } from '../../test/helpers/postgres.ts';
import { randomHistory } from '../../test/helpers/random-history.ts';
import { openPostgresStore } from '../store/postgres.ts';
import type { Store } from '../store/sql.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { bucketRanges } from './buckets.ts';
import { CHAT_KEYS, chatsBehind, type ChatKey, type ChatsBehind } from './drill-down.ts';
import { computeMetrics, type Metrics, type MetricsRequest } from './engine.ts';
import { importHistoryFile } from './history-import.ts';
import { parseMetricsQuery, seriesRanges } from './query.ts';
import type { Filters } from './scope.ts';
import type { DurationSummary } from './stats.ts';

/**
 * The chats behind a figure (GET /api/metrics/chats) against the figure itself, for every
 * request of every conformance fixture and for random histories, each range and each agent
 * row: `total` is the figure's count (or a rate's numerator or denominator), and the values
 * give its mean, median and p90 to the last bit. On SQLite, and on Postgres when one answers.
 */

const withPostgres = await postgresAnswers();
const fixturesDir = resolve(process.cwd(), '../shared/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'parley-drill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function engineRequest(path: string, now: number): MetricsRequest {
  const url = new URL(path, 'http://x');
  const series = url.pathname.endsWith('/series');
  const parsed = parseMetricsQuery(Object.fromEntries(url.searchParams), { bucket: series });
  if (!parsed.ok) throw new Error(`${path}: ${parsed.message}`);
  const q = parsed.value;
  let ranges = [{ from: q.from, to: q.to }];
  if (series) {
    const r = seriesRanges(q);
    if (!r.ok) throw new Error(`${path}: ${r.message}`);
    ranges = r.value;
  }
  return { ranges, filters: q.filters, byAgent: url.pathname.includes('/agents'), now };
}

const DAY = 86_400_000;
const base = Date.UTC(2026, 2, 26);

const histories = [
  ...readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const name = f.replace('.expected.json', '');
      const expectations = JSON.parse(readFileSync(resolve(fixturesDir, f), 'utf8')) as { request: string; now: string }[];
      return {
        name,
        file: resolve(fixturesDir, `${name}.ndjson`),
        requests: expectations.map((e) => engineRequest(e.request.replace(/^\/api/, ''), Date.parse(e.now))),
      };
    }),
  ...[5, 8].map((seed) => {
    const file = join(dir, `random${seed}.ndjson`);
    writeFileSync(file, randomHistory(seed, base).map((r) => JSON.stringify(r)).join('\n'));
    return {
      name: `random ${seed}`,
      file,
      requests: [
        // `now` inside the range: open chats' SLA clocks end at now.
        { ranges: [{ from: base - DAY, to: base + 6 * DAY }], filters: {}, byAgent: true, now: base + 2.5 * DAY },
        { ranges: [{ from: base + 1_234_567, to: base + 3 * DAY }], filters: { channel: 'widget' }, byAgent: false, now: base + 40 * DAY },
        { ranges: bucketRanges('Europe/Sofia', 'day', base - DAY, base + 6 * DAY)!, filters: { tag: 'vip' }, byAgent: false, now: base + 40 * DAY },
      ] satisfies MetricsRequest[],
    };
  }),
];

/** METRICS.md §2's summary of a list of durations, computed here from the values as listed. */
function summaryOf(values: number[]): DurationSummary {
  const n = values.length;
  if (n === 0) return { mean: null, median: null, p90: null, count: 0 };
  let sum = 0;
  for (const v of values) sum += v;
  const sorted = [...values].sort((a, b) => a - b);
  const median = (sorted[Math.floor((n - 1) / 2)]! + sorted[Math.floor(n / 2)]!) / 2;
  return { mean: sum / n, median, p90: sorted[Math.ceil((9 * n) / 10) - 1]!, count: n };
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

/** What the chats behind each key must reproduce of the figures `m`. */
function check(key: ChatKey, d: ChatsBehind, m: Metrics): void {
  const values = d.chats.map((c) => c.value);
  expect(d.chats.length).toBe(d.total);
  switch (key) {
    case 'wait':
    case 'frt':
    case 'resolution':
    case 'aht':
      expect(summaryOf(values as number[])).toEqual(m[key]);
      return;
    case 'fcr':
      expect(ratio(values.filter((v) => v === true).length, d.total)).toBe(m.fcr);
      expect(values.every((v) => typeof v === 'boolean')).toBe(true);
      return;
    case 'iqs': {
      // A row per review: its score; the scores as listed give the mean to the last bit.
      const scores = values as number[];
      expect(d.total).toBe(m.iqs.count);
      expect(summaryOf(scores).mean).toBe(m.iqs.mean);
      expect(ratio(scores.filter((v) => v >= 0.8).length, d.total)).toBe(m.iqs.rate);
      return;
    }
  }
  expect(values.every((v) => v === null)).toBe(true);
  const expected: Record<Exclude<ChatKey, 'wait' | 'frt' | 'resolution' | 'aht' | 'fcr' | 'iqs'>, () => void> = {
    'chats.total': () => expect(d.total).toBe(m.chats.total),
    'chats.missed': () => expect(d.total).toBe(m.chats.missed),
    'chats.open': () => expect(d.total).toBe(m.chats.open),
    // Chats with ≥ 1 assignment are wait's count.
    'chats.transferred': () => expect(ratio(d.total, m.wait.count)).toBe(m.chats.transferRate),
    'sla.frt.met': () => expect(d.total).toBe(m.sla.frt.met),
    'sla.frt.breached': () => expect(d.total).toBe(m.sla.frt.breached),
    'sla.resolution.met': () => expect(d.total).toBe(m.sla.resolution.met),
    'sla.resolution.breached': () => expect(d.total).toBe(m.sla.resolution.breached),
    conversion: () => expect(ratio(d.total, m.chats.total)).toBe(m.conversion.rate),
    // Chats with a reply are frt's count.
    canned: () => expect(ratio(d.total, m.frt.count)).toBe(m.canned.chatRate),
  };
  expected[key]();
}

async function checkRequest(store: Store, request: MetricsRequest): Promise<number> {
  const { agents, cells } = await computeMetrics(store, request);
  let checked = 0;
  for (const [r, range] of request.ranges.entries()) {
    for (const [g, metrics] of cells[r]!.entries()) {
      const filters: Filters = agents ? { ...request.filters, agent: agents[g]!.agentId } : request.filters;
      for (const key of CHAT_KEYS) {
        const d = await chatsBehind(store, key, { ...range, filters, now: request.now }, { limit: 1e9, offset: 0 });
        check(key, d, metrics);
        checked++;
      }
    }
  }
  return checked;
}

const backends = [
  { name: 'SQLite', open: async () => ({ store: openSqliteStore(':memory:') as Store, drop: async () => {} }) },
  ...(withPostgres
    ? [
        {
          name: 'Postgres',
          open: async () => {
            const database: TestDatabase = await createTestDatabase();
            return { store: await openPostgresStore(database.url), drop: () => database.drop() };
          },
        },
      ]
    : []),
];

describe.each(backends)('the chats behind a figure on $name', ({ open }) => {
  describe.each(histories)('$name', ({ file, requests }) => {
    let store: Store;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      ({ store, drop } = await open());
      const result = await importHistoryFile(store, file, Date.UTC(2027, 0, 1));
      if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
    }, 180_000);

    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    it('reproduce every figure of every request, per range and per agent', async () => {
      let checked = 0;
      for (const request of requests) checked += await checkRequest(store, request);
      expect(checked).toBeGreaterThan(CHAT_KEYS.length);
    }, 300_000);

    it('pages in order of start, then id', async () => {
      const request = requests[0]!;
      const scope = { ...request.ranges[0]!, filters: request.filters, now: request.now };
      const all = await chatsBehind(store, 'chats.total', scope, { limit: 1e9, offset: 0 });
      expect(all.total).toBeGreaterThan(3);
      const pages: ChatsBehind['chats'] = [];
      const limit = Math.max(3, Math.ceil(all.total / 7));
      for (let offset = 0; offset < all.total; offset += limit) {
        const page = await chatsBehind(store, 'chats.total', scope, { limit, offset });
        expect(page.total).toBe(all.total);
        pages.push(...page.chats);
      }
      expect(pages).toEqual(all.chats);
      const order = all.chats.map((c) => [c.startedAt, c.chatId]);
      const sorted = [...order].sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : Buffer.compare(Buffer.from(a[1]!), Buffer.from(b[1]!))));
      expect(order).toEqual(sorted);
    });
  });
});
