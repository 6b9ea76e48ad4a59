import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from './db.ts';
import { GroupCommit, type Outcome } from './group-commit.ts';

let dir: string;
let db: Db;
/** A second connection: it sees only what has been committed. */
let reader: Database.Database;

function open() {
  dir = mkdtempSync(join(tmpdir(), 'parley-group-'));
  db = openDb(join(dir, 'parley.db'));
  reader = new Database(join(dir, 'parley.db'), { readonly: true });
}

afterEach(() => {
  reader?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const committed = () => reader.prepare('SELECT id FROM departments ORDER BY rowid').pluck().all();
const insert = (id: string) => () => db.prepare('INSERT INTO departments (id, name) VALUES (?, ?)').run(id, id).changes;
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('runs the writes of one event-loop turn in one transaction and answers each after its commit', async () => {
    open();
    const writes = new GroupCommit(db);
    const answered: Array<{ outcome: Outcome<unknown>; committedThen: unknown[] }> = [];
    const done = (outcome: Outcome<unknown>) => answered.push({ outcome, committedThen: committed() });
    writes.add(insert('a'), done);
    writes.add(() => {
      // 'a' is written but not committed: the same transaction goes on.
      expect(db.inTransaction).toBe(true);
      expect(db.prepare("SELECT 1 FROM departments WHERE id = 'a'").get()).toBeTruthy();
      expect(committed()).toEqual([]);
      return insert('b')();
    }, done);
    writes.add(insert('c'), done);
    expect(committed()).toEqual([]);
    await turn();
    expect(answered).toEqual([
      { outcome: { ok: true, value: 1 }, committedThen: ['a', 'b', 'c'] },
      { outcome: { ok: true, value: 1 }, committedThen: ['a', 'b', 'c'] },
      { outcome: { ok: true, value: 1 }, committedThen: ['a', 'b', 'c'] },
    ]);
  });

  it('rolls back a write that throws, alone: the others commit and everyone is answered, in order', async () => {
    open();
    const writes = new GroupCommit(db);
    const order: string[] = [];
    writes.add(insert('a'), (o) => order.push(`a ${o.ok}`));
    writes.add(() => {
      insert('half')();
      throw new Error('refused');
    }, (o) => order.push(`half ${o.ok} ${!o.ok && (o.error as Error).message}`));
    writes.add(insert('a'), (o) => order.push(`a again ${o.ok}`));
    writes.add(insert('c'), (o) => order.push(`c ${o.ok}`));
    await turn();
    expect(order).toEqual(['a true', 'half false refused', 'a again false', 'c true']);
    expect(committed()).toEqual(['a', 'c']);
  });

  it('fails every write of a batch whose commit fails: nothing of it is stored', async () => {
    open();
    db.exec('CREATE TABLE late (chat_id TEXT REFERENCES chats (id) DEFERRABLE INITIALLY DEFERRED)');
    const writes = new GroupCommit(db);
    const outcomes: boolean[] = [];
    writes.add(insert('a'), (o) => outcomes.push(o.ok));
    // Checked only at COMMIT: the whole transaction is refused.
    writes.add(() => db.prepare("INSERT INTO late VALUES ('no such chat')").run(), (o) => outcomes.push(o.ok));
    await turn();
    expect(outcomes).toEqual([false, false]);
    expect(committed()).toEqual([]);
    expect(db.inTransaction).toBe(false);
  });

  it('flush() commits what is queued at once, for a write that must come after it', async () => {
    open();
    const writes = new GroupCommit(db);
    let answers = 0;
    writes.add(insert('a'), () => answers++);
    writes.flush();
    expect(committed()).toEqual(['a']);
    expect(answers).toBe(1);
    await turn();
    expect(answers).toBe(1);
    writes.flush();
    expect(answers).toBe(1);
  });
});
