import { closeSync, openSync, readSync } from 'node:fs';
import type { Db } from '../store/db.ts';
import type { Store } from '../store/sql.ts';
import type { Pack } from './history-pack.ts';
import { HistoryReader, type KnownIds } from './history-reader.ts';
import { historyWriter, SqliteHistoryWriter, type ImportResult, type PostgresHistoryWriter } from './history-writer.ts';

export type { ImportResult };

const CHUNK = 4 << 20;

/**
 * POST /api/import: a history file (METRICS.md §1) into the store, all or nothing, in one
 * transaction, on this thread. `npm run import` runs the reader on a worker thread instead
 * (scripts/import.ts).
 *
 * On SQLite the import runs from BEGIN to COMMIT without giving way to the event loop (as it
 * always did), so that no other write of this process slips into its transaction; it starts
 * once no transaction of the store is open. On Postgres it is the store's transaction.
 */
export async function importHistoryFile(store: Store, path: string, now: number): Promise<ImportResult> {
  const writer = historyWriter(store);
  if (writer instanceof SqliteHistoryWriter) {
    await idle(store.sqlite!);
    return importSqlite(writer, path, now);
  }
  return importPostgres(writer, path, now);
}

/** Waits until no transaction is open on the connection (a group commit in progress). */
async function idle(db: Db): Promise<void> {
  while (db.inTransaction) await new Promise((resolve) => setImmediate(resolve));
}

/** The packs of the history file, read a chunk at a time. */
function* packs(path: string, reader: HistoryReader): Generator<Pack> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      yield reader.feed(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

function importSqlite(writer: SqliteHistoryWriter, path: string, now: number): ImportResult {
  try {
    const reader = new HistoryReader(writer.begin(), now);
    for (const pack of packs(path, reader)) writer.write(pack);
    return writer.finish(reader.finish());
  } catch (e) {
    writer.abort();
    throw e;
  }
}

async function importPostgres(writer: PostgresHistoryWriter, path: string, now: number): Promise<ImportResult> {
  try {
    const known: KnownIds = await writer.begin();
    const reader = new HistoryReader(known, now);
    for (const pack of packs(path, reader)) await writer.write(pack);
    const result = await writer.finish(reader.finish());
    // Fresh statistics for what was just loaded: with the planner's guesses for empty tables,
    // the first metrics query after a 100k-chat import ran its per-chat lookups as scans and
    // had not finished after 8 minutes (18 s with them). Autovacuum would come to it later.
    if (result.ok) await writer.analyze();
    return result;
  } catch (e) {
    await writer.abort();
    throw e;
  }
}
