import { closeSync, openSync, readSync } from 'node:fs';
import type { Db } from '../store/db.ts';
import { HistoryReader } from './history-reader.ts';
import { HistoryWriter, type ImportResult } from './history-writer.ts';

export type { ImportResult };

const CHUNK = 4 << 20;

/**
 * POST /api/import: a history file (METRICS.md §1) into the database, all or nothing, on this
 * thread and in one synchronous transaction, so that no other write interleaves with it.
 * `npm run import` runs the reader on a worker thread instead (scripts/import.ts).
 */
export function importHistoryFile(db: Db, path: string, now: number): ImportResult {
  const writer = new HistoryWriter(db);
  const fd = openSync(path, 'r');
  try {
    const reader = new HistoryReader(writer.begin(), now);
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      writer.write(reader.feed(buffer.subarray(0, n)));
    }
    return writer.finish(reader.finish());
  } catch (e) {
    writer.abort();
    throw e;
  } finally {
    closeSync(fd);
  }
}
