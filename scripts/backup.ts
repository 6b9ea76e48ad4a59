import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { configFromEnv } from '../server/config.ts';

/**
 * `npm run backup -- FILE`: a consistent copy of the SQLite database at DATABASE_PATH, taken
 * while the server runs, from this separate process, with SQLite's online backup. Every page
 * is copied in one step, that is inside one read transaction: the copy is the database as it
 * was at one moment, and the server keeps writing meanwhile (WAL). The copy is written under a
 * temporary name, must pass `PRAGMA integrity_check`, and only then takes FILE's name; an
 * existing FILE is never overwritten.
 */

/** Asked of the backup's second step (its first copies nothing): all remaining pages at once. */
const ALL_PAGES = 0x7fffffff;

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error('usage: npm run backup -- FILE   (database: DATABASE_PATH, default ./data/parley.db)');
    return 2;
  }
  const { databasePath } = configFromEnv();
  if (existsSync(file)) {
    console.error(`${file} already exists: a backup never overwrites a file. Name a new one.`);
    return 1;
  }
  if (!existsSync(databasePath)) {
    console.error(`There is no database at ${databasePath} (DATABASE_PATH).`);
    return 1;
  }

  const started = new Date();
  const partial = `${file}.partial`;
  // Left by a backup that was stopped halfway: a stale -wal must never meet the new copy.
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const source = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }

  const copy = new Database(partial, { fileMustExist: true });
  const integrity = copy.pragma('integrity_check', { simple: true });
  const pages = copy.pragma('page_count', { simple: true }) as number;
  copy.close();
  if (integrity !== 'ok') {
    rmSync(partial, { force: true });
    console.error(`The copy failed PRAGMA integrity_check (${String(integrity)}); nothing was written to ${file}.`);
    return 1;
  }
  // Checked again: FILE may have appeared while the copy was made.
  if (existsSync(file)) {
    rmSync(partial, { force: true });
    console.error(`${file} appeared during the backup: not overwritten.`);
    return 1;
  }
  renameSync(partial, file);

  const bytes = statSync(file).size;
  const seconds = ((Date.now() - started.getTime()) / 1000).toFixed(2);
  console.log(`Backed up ${databasePath} to ${file}`);
  console.log(`  size:      ${(bytes / 1048576).toFixed(1)} MB (${bytes} bytes, ${pages} pages), integrity_check ok`);
  console.log(`  taken at:  ${started.toISOString()}, in ${seconds} s`);
  return 0;
}

process.exitCode = await main();
