import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differences } from '../../test/helpers/compare.ts';
import { referenceMetrics, type RefFilters } from '../../test/helpers/metrics-reference.ts';
import { randomHistory } from '../../test/helpers/random-history.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/sql.ts';
import { bucketRanges, type Bucket } from './buckets.ts';
import { computeMetrics } from './engine.ts';
import { importHistoryFile } from './history-import.ts';

/**
 * The engine against a naive reading of METRICS.md (test/helpers/metrics-reference.ts) on random
 * histories full of edge cases: summaries, filters, per-agent rows and series in local time.
 */

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'parley-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(records: any[]): Promise<Store> {
  const file = join(dir, `h${Math.random()}.ndjson`);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  const db = openSqliteStore(':memory:');
  const result = await importHistoryFile(db, file, Date.UTC(2027, 0, 1));
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
  return db;
}

const cases = [
  { seed: 1, base: Date.UTC(2026, 2, 26) }, // Europe/Sofia springs forward on 2026-03-29
  { seed: 2, base: Date.UTC(2026, 9, 22) }, // and falls back on 2026-10-25
  { seed: 3, base: Date.UTC(2026, 2, 27) },
  { seed: 4, base: Date.UTC(2026, 9, 23) },
];

describe.each(cases)('random history $seed', ({ seed, base }) => {
  const records = randomHistory(seed, base);
  let db: Store;
  beforeAll(async () => {
    db = await load(records);
  });
  afterAll(() => db.close());
  const after = base + 40 * DAY;

  const summary = async (from: number, to: number, now: number, filters: RefFilters) =>
    (await computeMetrics(db, { ranges: [{ from, to }], filters, byAgent: false, now })).cells[0]![0]!;

  const filterSets: RefFilters[] = [
    {},
    { agent: 'a1' },
    { department: 'sales' },
    { tag: 'vip' },
    { channel: 'widget' },
    { priority: 'normal' },
    { agent: 'a2', channel: 'widget', tag: 'billing' },
    { agent: 'nobody' },
  ];

  it.each(filterSets)('summary with %o', async (filters) => {
    const from = base - DAY;
    const to = base + 6 * DAY;
    expect(differences(await summary(from, to, after, filters), referenceMetrics(records, { from, to, now: after, filters }))).toEqual([]);
  });

  it('a range that is still running (open ends at now)', async () => {
    const now = base + 2.5 * DAY + 12_345;
    const from = base + DAY;
    const to = base + 4 * DAY;
    for (const filters of [{}, { agent: 'a3' }]) {
      expect(differences(await summary(from, to, now, filters), referenceMetrics(records, { from, to, now, filters }))).toEqual([]);
    }
  });

  it('a range whose edges cut hours (blocks wholly inside it and blocks partly inside)', async () => {
    const from = base + 1_234_567;
    const to = base + 3 * DAY + 7_654_321;
    for (const filters of [{}, { channel: 'widget' }]) {
      expect(differences(await summary(from, to, after, filters), referenceMetrics(records, { from, to, now: after, filters }))).toEqual([]);
    }
  });

  it('per-agent rows', async () => {
    const from = base;
    const to = base + 3 * DAY;
    const { agents, cells } = await computeMetrics(db, { ranges: [{ from, to }], filters: { channel: 'widget' }, byAgent: true, now: after });
    expect(agents!.map((a) => a.agentId)).toEqual(['a1', 'a2', 'a3', 'a4']);
    agents!.forEach((a, g) => {
      const expected = referenceMetrics(records, { from, to, now: after, filters: { channel: 'widget', agent: a.agentId } });
      expect(differences(cells[0]![g], expected, a.agentId)).toEqual([]);
    });
  });

  it.each(['hour', 'day', 'week', 'month'] as Bucket[])('%s series in Europe/Sofia', async (bucket) => {
    const from = base - DAY / 3;
    const to = base + 5 * DAY + 7_200_000;
    const ranges = bucketRanges('Europe/Sofia', bucket, from, to)!;
    const { cells } = await computeMetrics(db, { ranges, filters: {}, byAgent: false, now: after });
    ranges.forEach((r, i) => {
      const expected = referenceMetrics(records, { from: r.from, to: r.to, now: after, filters: {} });
      expect(differences(cells[i]![0], expected, `${bucket} ${new Date(r.from).toISOString()}`)).toEqual([]);
    });
  });
});
