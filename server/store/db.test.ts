import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDb, statement } from './db.ts';

describe('statement', () => {
  it('compiles once per connection and never leaks a caller’s pluck mode', () => {
    const db = openDb(':memory:');
    db.exec("INSERT INTO departments (id, name) VALUES ('sales', 'Sales')");
    const sql = 'SELECT id, name FROM departments';
    expect(statement(db, sql)).toBe(statement(db, sql));
    expect(statement(db, sql).pluck().get()).toBe('sales');
    expect(statement(db, sql).get()).toEqual({ id: 'sales', name: 'Sales' });
    statement(db, "INSERT INTO departments (id, name) VALUES ('help', 'Help')").run();
    expect(statement(db, 'SELECT count(*) FROM departments').pluck().get()).toBe(2);
    const other = openDb(':memory:');
    expect(statement(other, sql)).not.toBe(statement(db, sql));
  });
});

describe('migration 044 (chat_seq)', () => {
  it('numbers the messages a database already holds 1, 2, 3… per chat, in seq order', () => {
    const db = openDb(':memory:');
    // Back to the schema before 044, with rows written by the code of then.
    db.exec(`DROP INDEX messages_chat_seq; ALTER TABLE messages DROP COLUMN chat_seq;
      CREATE INDEX messages_chat ON messages (chat_id, at, seq); DELETE FROM schema_migrations WHERE version = 44`);
    for (const id of ['a', 'b']) {
      db.prepare("INSERT INTO chats (id, visitor_id, channel, started_at) VALUES (?, 'v', 'widget', 0)").run(id);
    }
    // Times out of order on purpose: the order stored (seq) is the order clients were shown.
    const rows: Array<[string, number]> = [['a', 5], ['b', 1], ['a', 3], ['a', 9], ['b', 2]];
    rows.forEach(([chat, at], i) =>
      db.prepare("INSERT INTO messages (id, chat_id, author, at, text) VALUES (?, ?, 'visitor', ?, 'hi')").run(`m${i}`, chat, at),
    );
    migrate(db);
    const numbered = db.prepare('SELECT id, chat_id, chat_seq FROM messages ORDER BY seq').all();
    expect(numbered).toEqual([
      { id: 'm0', chat_id: 'a', chat_seq: 1 },
      { id: 'm1', chat_id: 'b', chat_seq: 1 },
      { id: 'm2', chat_id: 'a', chat_seq: 2 },
      { id: 'm3', chat_id: 'a', chat_seq: 3 },
      { id: 'm4', chat_id: 'b', chat_seq: 2 },
    ]);
    expect(() =>
      db.prepare("INSERT INTO messages (id, chat_id, chat_seq, author, at, text) VALUES ('dup', 'a', 3, 'visitor', 10, 'x')").run(),
    ).toThrow(/UNIQUE/);
  });
});

describe('openDb', () => {
  it('syncs the WAL at every commit (synchronous = FULL): an ack means the message is on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-db-'));
    try {
      const db = openDb(join(dir, 'parley.db'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
