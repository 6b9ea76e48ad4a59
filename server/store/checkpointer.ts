import { Worker } from 'node:worker_threads';
import type { Db } from './db.ts';
import type { Logger } from '../logger.ts';

/**
 * SQLite's automatic WAL checkpoint runs inside whichever commit crosses 1,000 WAL pages: every
 * ~200 messages one visitor's message waits a few milliseconds for it, on the event loop
 * (BENCHMARKS.md, "WAL checkpoints in the commit"). Here the app's connection stops doing it
 * and a worker thread with its own connection checkpoints the file every `intervalMs` (100 ms) instead
 * (PASSIVE: it never waits for, nor blocks, the writer or the readers). Should the worker ever
 * fail, the app's connection takes automatic checkpoints back, so the WAL cannot grow unbounded.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

// Run as CommonJS in the worker (eval): its own connection to the same file.
const workerCode = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

export function startCheckpointer(db: Db, log: Logger, intervalMs = 100): Checkpointer | null {
  const path = db.name;
  if (db.memory || path === ':memory:' || path === '') return null;
  const worker = new Worker(workerCode, { eval: true, workerData: { path, intervalMs } });
  // It never keeps the process alive on its own.
  worker.unref();
  let stopped = false;
  let exited = false;
  const fallBack = () => {
    if (!stopped && db.open) db.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('error', (err) => {
    log.error({ err }, 'WAL checkpointer stopped; the server checkpoints by itself again');
    fallBack();
  });
  worker.on('exit', () => {
    exited = true;
    fallBack();
  });
  db.pragma('wal_autocheckpoint = 0');
  return {
    stop() {
      stopped = true;
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        // Waited for now: the process stays up until it has closed its connection.
        worker.ref();
        worker.postMessage('stop');
        // A worker that does not answer is not worth waiting for at shutdown.
        setTimeout(() => void worker.terminate(), 2000).unref();
      });
    },
  };
}
