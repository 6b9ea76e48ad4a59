import { SingleBar, Presets } from 'cli-progress';
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { configFromEnv } from '../server/config.ts';
import type { Pack } from '../server/metrics/history-pack.ts';
import type { ReadWorkerData } from '../server/metrics/history-read-worker.ts';
import type { ReaderEnd } from '../server/metrics/history-reader.ts';
import { historyWriter, type ImportResult } from '../server/metrics/history-writer.ts';
import type { Db } from '../server/store/db.ts';
import { openStore } from '../server/store/open.ts';

/**
 * `npm run import -- FILE`: imports a history (METRICS.md §1) into the database at
 * DATABASE_URL (Postgres) or DATABASE_PATH (SQLite), like POST /api/import, with a progress bar for big files. All or nothing:
 * any error is listed with its line number and nothing is written. A worker thread parses and
 * checks the lines while this one writes them.
 */

const BAR_FROM_BYTES = 8 << 20;

// The worker is TypeScript like this script: it loads it through tsx's loader.
const readerWorker = `import('tsx/esm/api').then(({ register }) => {
  register();
  return import(${JSON.stringify(new URL('../server/metrics/history-read-worker.ts', import.meta.url).href)});
});`;

type FromReader = { kind: 'pack'; pack: Pack; bytes: number } | { kind: 'end'; end: ReaderEnd };

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error('usage: npm run import -- FILE.ndjson   (database: DATABASE_URL, or DATABASE_PATH, default ./data/parley.db)');
    return 2;
  }
  const size = (await stat(file)).size;
  const config = configFromEnv();
  const store = await openStore(config);
  const db = store.sqlite;
  // A big import touches far more pages than the default cache holds.
  db?.pragma(`cache_size = -${process.env.IMPORT_CACHE_KB ?? 1048576}`);
  // One big transaction is cheaper with a rollback journal than through the WAL (pages are
  // written once); that needs the database to ourselves, else it stays in WAL mode.
  const journal = !db || process.env.IMPORT_JOURNAL === 'wal' ? 'wal' : tryJournalMode(db, 'delete');
  const started = Date.now();
  // Synchronous on SQLite, asynchronous on Postgres: the writes of one pack after another.
  const writer = historyWriter(store);
  let writing: Promise<unknown> = Promise.resolve();
  const bar = size >= BAR_FROM_BYTES ? new SingleBar({ etaBuffer: 50 }, Presets.shades_classic) : null;
  bar?.start(size, 0);
  try {
    const data: ReadWorkerData = { path: file, known: await writer.begin(), now: Date.now() };
    const worker = new Worker(readerWorker, { eval: true, workerData: data });
    const result = await new Promise<ImportResult>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (m: FromReader) => {
        writing = writing
          .then(async () => {
            if (m.kind === 'pack') {
              await writer.write(m.pack);
              worker.postMessage('written');
              bar?.update(m.bytes);
            } else {
              resolve(await writer.finish(m.end));
            }
          })
          .catch(reject);
      });
    });
    await worker.terminate();
    bar?.update(size);
    bar?.stop();
    if (!result.ok) {
      console.error(`Nothing was imported: ${result.errors.length} error(s) in ${file}`);
      for (const e of result.errors.slice(0, 100)) console.error(`  line ${e.line}: ${e.message}`);
      if (result.errors.length > 100) console.error(`  ... and ${result.errors.length - 100} more`);
      return 1;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Imported into ${store.location} in ${seconds} s:`);
    for (const [type, n] of Object.entries(result.imported)) console.log(`  ${type}: ${n}`);
    return 0;
  } catch (e) {
    bar?.stop();
    await writing.catch(() => undefined);
    await writer.abort();
    throw e;
  } finally {
    if (db && journal !== 'wal') tryJournalMode(db, 'wal');
    await store.close();
  }
}

function tryJournalMode(db: Db, mode: string): string {
  try {
    return db.pragma(`journal_mode = ${mode}`, { simple: true }) as string;
  } catch {
    return db.pragma('journal_mode', { simple: true }) as string;
  }
}

process.exitCode = await main();
