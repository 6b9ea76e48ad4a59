import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresAnswers, type TestDatabase } from '../../test/helpers/postgres.ts';
import { randomHistory } from '../../test/helpers/random-history.ts';
import { writeLive } from '../../test/helpers/live-writes.ts';
import { openPostgresStore } from '../store/postgres.ts';
import type { Store } from '../store/sql.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { bucketRanges } from './buckets.ts';
import { computeMetrics, type MetricsRequest } from './engine.ts';
import { exportLines } from './history-export.ts';
import { importHistoryFile } from './history-import.ts';
import { parseMetricsQuery, seriesRanges } from './query.ts';

/**
 * The same history imported into SQLite and into Postgres gives the very same answers (not
 * merely within the conformance tolerance) and exports the same lines: the conformance
 * fixtures' requests and a random history's summaries, per-agent rows and series. Runs when a
 * Postgres server answers at TEST_DATABASE_URL (see test/helpers/postgres.ts), else is skipped.
 */

const withPostgres = await postgresAnswers();
const fixturesDir = resolve(process.cwd(), '../shared/fixtures');
const dir = mkdtempSync(join(tmpdir(), 'parley-backends-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fixture's request path as the engine's request (what http/metrics.ts does with it). */
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

async function exported(store: Store): Promise<string[]> {
  const out: string[] = [];
  for await (const lines of exportLines(store, { from: -8.64e15, to: 8.64e15 })) out.push(...lines);
  return out;
}

const DAY = 86_400_000;
const base = Date.UTC(2026, 2, 26);
const randomFile = join(dir, 'random.ndjson');
writeFileSync(randomFile, randomHistory(21, base).map((r) => JSON.stringify(r)).join('\n'));

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
  {
    name: 'random',
    file: randomFile,
    requests: [
      { ranges: [{ from: base - DAY, to: base + 6 * DAY }], filters: {}, byAgent: false, now: base + 40 * DAY },
      { ranges: [{ from: base + 1_234_567, to: base + 3 * DAY }], filters: { channel: 'widget' }, byAgent: true, now: base + 2.5 * DAY },
      { ranges: bucketRanges('Europe/Sofia', 'hour', base, base + 3 * DAY)!, filters: {}, byAgent: false, now: base + 40 * DAY },
      { ranges: bucketRanges('Europe/Sofia', 'day', base - DAY, base + 6 * DAY)!, filters: { tag: 'vip' }, byAgent: false, now: base + 40 * DAY },
    ] satisfies MetricsRequest[],
  },
];

describe.skipIf(!withPostgres).each(histories)('$name on SQLite and on Postgres', ({ file, requests }) => {
  let sqlite: Store;
  let postgres: Store;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    postgres = await openPostgresStore(database.url);
    sqlite = openSqliteStore(':memory:');
    for (const store of [sqlite, postgres]) {
      const result = await importHistoryFile(store, file, Date.UTC(2027, 0, 1));
      if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
    }
  }, 180_000);

  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
    await database?.drop();
  });

  it('gives the same answers, to the last bit', async () => {
    for (const request of requests) {
      expect(await computeMetrics(postgres, request)).toEqual(await computeMetrics(sqlite, request));
    }
  });

  it('exports the same lines', async () => {
    const lines = await exported(sqlite);
    expect(lines.length).toBeGreaterThan(1);
    expect(await exported(postgres)).toEqual(lines);
  });
});

describe.skipIf(!withPostgres)('live writes on Postgres (its staleness triggers)', () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());

  it.each([false, true])('match the same history imported into SQLite (recomputeChatFacts called: %s)', async (callRecompute) => {
    const records = randomHistory(11, base);
    const file = join(dir, `live${callRecompute}.ndjson`);
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
    const imported = openSqliteStore(':memory:');
    expect((await importHistoryFile(imported, file, 0)).ok).toBe(true);
    await database?.drop();
    database = await createTestDatabase();
    const live = await openPostgresStore(database.url);
    const request = (from: number, to: number, byAgent: boolean): MetricsRequest => ({
      ranges: [{ from, to }],
      filters: {},
      byAgent,
      now: base + 40 * DAY,
    });
    try {
      await writeLive(live, records, callRecompute, () => computeMetrics(live, request(base - DAY, base + 6 * DAY, false)));
      const requests: MetricsRequest[] = [
        request(base - DAY, base + 6 * DAY, false),
        request(base, base + 2 * DAY, true),
        { ...request(base, base + 4 * DAY, false), ranges: bucketRanges('Europe/Sofia', 'day', base - DAY, base + 6 * DAY)!, filters: { channel: 'widget' } },
        { ...request(base, base + 4 * DAY, false), filters: { tag: 'vip', department: 'sales' } },
      ];
      for (const req of requests) expect(await computeMetrics(live, req)).toEqual(await computeMetrics(imported, req));
    } finally {
      await live.close();
      await imported.close();
    }
  }, 300_000);
});
