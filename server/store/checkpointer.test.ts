import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db.ts';
import { startCheckpointer, type Checkpointer } from './checkpointer.ts';
import { createLogger } from '../logger.ts';
import { testConfig } from '../config.ts';

const log = createLogger(testConfig());

let dir: string;
let db: Db | undefined;
let checkpointer: Checkpointer | null = null;

afterEach(async () => {
  await checkpointer?.stop();
  checkpointer = null;
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes that allocate new pages: only a checkpoint carries them into the database file. */
function write(rows: number) {
  const insert = db!.prepare('INSERT INTO filler (body) VALUES (?)');
  for (let i = 0; i < rows; i++) insert.run('x'.repeat(2000));
}

function open() {
  dir = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
  const path = join(dir, 'parley.db');
  db = openDb(path);
  db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return path;
}

describe('the WAL checkpointer', () => {
  it('takes the checkpoints off the app’s connection and makes them in its own thread', async () => {
    const path = open();
    checkpointer = startCheckpointer(db!, log, 20);
    expect(db!.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    write(200);
    // Nothing on this thread checkpoints, yet the pages reach the database file.
    await expect.poll(() => statSync(path).size, { timeout: 5000 }).toBeGreaterThan(before + 200 * 2000);
  });

  it('if its thread fails, the app’s connection checkpoints by itself again', async () => {
    const path = open();
    // The worker opens the file by name: gone, it cannot start.
    rmSync(path);
    const errors: string[] = [];
    const capture = createLogger({ logLevel: 'error', nodeId: 'test' }, { write: (line: string) => void errors.push(line) });
    checkpointer = startCheckpointer(db!, capture, 20);
    await expect.poll(() => db!.pragma('wal_autocheckpoint', { simple: true }), { timeout: 5000 }).toBe(1000);
    expect(errors.map((line) => JSON.parse(line).msg)).toEqual(['WAL checkpointer stopped; the server checkpoints by itself again']);
  });

  it('is not started for an in-memory database', () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
    db = openDb(':memory:');
    expect(startCheckpointer(db, log)).toBeNull();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
