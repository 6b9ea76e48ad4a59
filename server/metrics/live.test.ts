import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { differences } from '../../test/helpers/compare.ts';
import { randomHistory } from '../../test/helpers/random-history.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/sql.ts';
import { writeLive } from '../../test/helpers/live-writes.ts';
import { bucketRanges } from './buckets.ts';
import { computeMetrics, type MetricsRequest } from './engine.ts';
import { importHistoryFile } from './history-import.ts';

/**
 * Chats written row by row, the way the live chat writes them (a chat, then its assignments,
 * messages and tags, then its close; surveys sent and answered later; page views, conversions
 * and statuses as they come), with metric queries in between, give the same metrics as the
 * same history imported in one go.
 */

const dir = mkdtempSync(join(tmpdir(), 'parley-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = Date.UTC(2026, 2, 26);
const DAY = 86_400_000;

const request = (from: number, to: number, byAgent: boolean): MetricsRequest => ({
  ranges: [{ from, to }],
  filters: {},
  byAgent,
  now: base + 40 * DAY,
});

it.each([false, true])('live writes match an import (recomputeChatFacts called: %s)', async (callRecompute) => {
  const records = randomHistory(11, base);
  const file = join(dir, `h${callRecompute}.ndjson`);
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  const imported = openSqliteStore(':memory:');
  expect((await importHistoryFile(imported, file, 0)).ok).toBe(true);
  const live = openSqliteStore(':memory:');
  await writeLive(live, records, callRecompute, () => computeMetrics(live, request(base - DAY, base + 6 * DAY, false)));

  const requests: MetricsRequest[] = [
    request(base - DAY, base + 6 * DAY, false),
    request(base, base + 2 * DAY, true),
    { ranges: bucketRanges('Europe/Sofia', 'day', base - DAY, base + 6 * DAY)!, filters: { channel: 'widget' }, byAgent: false, now: base + 40 * DAY },
    { ...request(base, base + 4 * DAY, false), filters: { tag: 'vip', department: 'sales' } },
  ];
  for (const req of requests) {
    expect(differences(await computeMetrics(live, req), await computeMetrics(imported, req))).toEqual([]);
  }
  await Promise.all([live.close(), imported.close()]);
});

it('an import numbers each chat’s messages 1, 2, 3… in the order of its record (chatSeq)', async () => {
  const records = randomHistory(12, base);
  const file = join(dir, 'numbered.ndjson');
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n'));
  const imported: Store = openSqliteStore(':memory:');
  expect((await importHistoryFile(imported, file, 0)).ok).toBe(true);
  const chats = records.filter((r: any) => r.type === 'chat' && r.messages.length > 0);
  expect(chats.length).toBeGreaterThan(0);
  for (const r of chats as any[]) {
    const rows = await imported.all('SELECT id, chat_seq FROM messages WHERE chat_id = ? ORDER BY seq', [r.id]);
    expect(rows).toEqual(r.messages.map((m: any, i: number) => ({ id: m.id, chat_seq: i + 1 })));
  }
});
