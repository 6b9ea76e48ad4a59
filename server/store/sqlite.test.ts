import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './sql.ts';

let dir: string;
let store: Store;
const open = () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-store-'));
  store = openSqliteStore(join(dir, 'parley.db'));
  return store;
};
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});
const setting = (key: string) => store.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, '1']);
const keys = () => store.column<string>("SELECT key FROM settings WHERE key LIKE 't%' ORDER BY key");

describe('the SQLite store', () => {
  it('commits the transactions of one event-loop turn together, each in its own savepoint', async () => {
    open();
    const other = new Database(join(dir, 'parley.db'), { readonly: true });
    const seenByOther: number[] = [];
    const first = store.transaction(async (tx) => {
      await tx.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['t1', '1']);
    });
    const refused = store.transaction(async (tx) => {
      await tx.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['t2', '1']);
      throw new Error('refused');
    });
    const third = store.transaction(async (tx) => {
      // The first one's row is there in this transaction, but not yet on disk for anyone else.
      seenByOther.push(other.prepare("SELECT count(*) FROM settings WHERE key LIKE 't%'").pluck().get() as number);
      await tx.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['t3', '1']);
      return tx.column("SELECT key FROM settings WHERE key LIKE 't%' ORDER BY key");
    });
    await first;
    await expect(refused).rejects.toThrow('refused');
    expect(await third).toEqual(['t1', 't3']);
    expect(seenByOther).toEqual([0]);
    expect(other.prepare("SELECT count(*) FROM settings WHERE key LIKE 't%'").pluck().get()).toBe(2);
    other.close();
  });

  it('lets a call on the store itself inside a transaction join it instead of waiting for it', async () => {
    open();
    const result = await Promise.race([
      store.transaction(async (tx) => {
        await tx.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['t1', '1']);
        await setting('t2');
        return store.transaction(async () => keys());
      }),
      new Promise((resolve) => setTimeout(() => resolve('deadlock'), 2000)),
    ]);
    expect(result).toEqual(['t1', 't2']);
  });

  it('keeps work outside a transaction out of it: it waits, and a rollback does not take it along', async () => {
    open();
    let inside!: () => void;
    const opened = new Promise<void>((resolve) => (inside = resolve));
    const failing = store.transaction(async (tx) => {
      await tx.run('INSERT INTO settings (key, value) VALUES (?, ?)', ['t1', '1']);
      inside();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('rolled back');
    });
    await opened;
    // Another request's write while the transaction is open: it waits for the transaction.
    let outsideDone = false;
    const outside = setting('t2').then(() => (outsideDone = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outsideDone).toBe(false);
    await expect(failing).rejects.toThrow('rolled back');
    await outside;
    expect(await keys()).toEqual(['t2']);
});
});
