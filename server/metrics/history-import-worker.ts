import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { HistoryReader } from './history-reader.ts';
import { historyPacks } from './history-packs.ts';
import { SqliteHistoryWriter } from './history-writer.ts';

/**
 * POST /api/import on SQLite, off the event loop: this thread opens its own connection to the
 * database file and runs the whole import (read, check, write) in its one transaction, while
 * the server's connection holds its writes (holdWrites) and goes on reading.
 *   in:  workerData {path: the database, history: the NDJSON file, now}
 *   out: the ImportResult
 */

export interface ImportWorkerData {
  path: string;
  history: string;
  now: number;
}

const { path, history, now } = workerData as ImportWorkerData;
const db = new Database(path);
try {
  db.pragma('foreign_keys = ON');
  // The server's connection is holding its writes: only a backup or `npm run import` in
  // another process could have the lock, and then this import waits for it a while.
  db.pragma('busy_timeout = 30000');
  const writer = new SqliteHistoryWriter(db);
  try {
    const reader = new HistoryReader(writer.begin(), now);
    for (const pack of historyPacks(history, reader)) writer.write(pack);
    parentPort!.postMessage(writer.finish(reader.finish()));
  } catch (e) {
    writer.abort();
    throw e;
  }
} finally {
  db.close();
}
