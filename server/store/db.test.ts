import { describe, expect, it } from 'vitest';
import { openDb, statement } from './db.ts';

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
