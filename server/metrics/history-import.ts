import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Store } from '../store/sql.ts';
import { holdWrites } from '../store/sqlite.ts';
import type { ImportWorkerData } from './history-import-worker.ts';
import { historyPacks } from './history-packs.ts';
import { HistoryReader, type KnownIds } from './history-reader.ts';
import { historyWriter, SqliteHistoryWriter, type ImportResult, type PostgresHistoryWriter } from './history-writer.ts';

export type { ImportResult };

const ON_THIS_THREAD_BYTES = 1 << 20;

/**
 * POST /api/import: a history file (METRICS.md §1) into the store, all or nothing, in one
 * transaction. `npm run import` splits reading and writing over two threads instead
 * (scripts/import.ts).
 *
 * On SQLite the import runs on a worker thread with a connection of its own
 * (history-import-worker.ts), so the event loop stays free: sockets, pages and reads go on.
 * SQLite has one writer at a time, so the server's own writes (messages among them) wait,
 * queued, until the import commits; a big history is for `npm run import` at a quiet hour.
 * A small history (under 1 MB: milliseconds of work) is imported on this thread, sparing the
 * worker's start; so is any into a database in memory, which no other connection can open.
 * On Postgres it is the store's transaction, beside everyone else's.
 */
export async function importHistoryFile(store: Store, path: string, now: number): Promise<ImportResult> {
  const writer = historyWriter(store);
  if (!(writer instanceof SqliteHistoryWriter)) return importPostgres(writer, path, now);
  const db = store.sqlite!;
  const release = await holdWrites(store);
  try {
    return db.memory || statSync(path).size < ON_THIS_THREAD_BYTES
      ? importOnThisThread(writer, path, now)
      : await importOnWorker({ path: db.name, history: path, now });
  } finally {
    release();
  }
}

// The worker is TypeScript like the server: it loads it through tsx's loader.
const importWorker = `import('tsx/esm/api').then(({ register }) => {
  register();
  return import(${JSON.stringify(new URL('./history-import-worker.ts', import.meta.url).href)});
});`;

function importOnWorker(data: ImportWorkerData): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(importWorker, { eval: true, workerData: data });
    let result: ImportResult | undefined;
    worker.on('message', (r: ImportResult) => (result = r));
    worker.on('error', reject);
    worker.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the import worker stopped (exit code ${code})`))));
  });
}

function importOnThisThread(writer: SqliteHistoryWriter, path: string, now: number): ImportResult {
  try {
    const reader = new HistoryReader(writer.begin(), now);
    for (const pack of historyPacks(path, reader)) writer.write(pack);
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
    for (const pack of historyPacks(path, reader)) await writer.write(pack);
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
