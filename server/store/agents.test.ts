import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from './db.ts';
import { authenticateAgent, ensureOwner } from './agents.ts';

describe('accounts next to imported agents', () => {
  it('an imported owner without a password does not stop the first start from making one who can sign in', () => {
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'parley-agents-')), 'parley.db'));
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
    // What `npm run import` of a history leaves: agents with ids and emails, no passwords.
    db.prepare(
      "INSERT INTO agents (id, name, email, role, max_chats, created_at) VALUES ('a1', 'Imported Owner', 'owner@example.com', 'owner', 3, 0)",
    ).run();
    const made = ensureOwner(db, 'owner@example.com', 'owner-password', 1);
    expect(made.created).toBe(true);
    const signedIn = authenticateAgent(db, 'OWNER@example.com', 'owner-password');
    expect(signedIn?.id).not.toBe('a1');
    expect(signedIn?.role).toBe('owner');
    expect(authenticateAgent(db, 'owner@example.com', '')).toBeUndefined();
    expect(ensureOwner(db, 'owner@example.com', undefined, 2).created).toBe(false);
  });

  it('starts without a crash when an account with the owner’s email exists but no owner can sign in', () => {
    const db = openDb(':memory:');
    db.prepare(
      "INSERT INTO agents (id, name, email, role, max_chats, created_at) VALUES ('a1', 'Imported Owner', 'x@example.com', 'owner', 3, 0)",
    ).run();
    ensureOwner(db, 'admin@example.com', 'first-password', 0);
    db.prepare("UPDATE agents SET role = 'admin' WHERE email = 'admin@example.com'").run();
    expect(ensureOwner(db, 'ADMIN@example.com', 'other-password', 1)).toEqual({ created: false });
    expect(authenticateAgent(db, 'admin@example.com', 'first-password')?.role).toBe('admin');
  });
});
