import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from './sqlite.ts';
import { authenticateAgent, ensureOwner, hashPassword, verifyPassword } from './agents.ts';

describe('accounts next to imported agents', () => {
  it('an imported owner without a password does not stop the first start from making one who can sign in', async () => {
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), 'parley-agents-')), 'parley.db'));
    const db = store.sqlite!;
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
    // What `npm run import` of a history leaves: agents with ids and emails, no passwords.
    db.prepare(
      "INSERT INTO agents (id, name, email, role, max_chats, created_at) VALUES ('a1', 'Imported Owner', 'owner@example.com', 'owner', 3, 0)",
    ).run();
    const made = await ensureOwner(store, 'owner@example.com', 'owner-password', 1);
    expect(made.created).toBe(true);
    const signedIn = await authenticateAgent(store, 'OWNER@example.com', 'owner-password');
    expect(signedIn?.id).not.toBe('a1');
    expect(signedIn?.role).toBe('owner');
    expect(await authenticateAgent(store, 'owner@example.com', '')).toBeUndefined();
    expect((await ensureOwner(store, 'owner@example.com', undefined, 2)).created).toBe(false);
  });

  it('starts without a crash when an account with the owner’s email exists but no owner can sign in', async () => {
    const store = openSqliteStore(':memory:');
    const db = store.sqlite!;
    db.prepare(
      "INSERT INTO agents (id, name, email, role, max_chats, created_at) VALUES ('a1', 'Imported Owner', 'x@example.com', 'owner', 3, 0)",
    ).run();
    await ensureOwner(store, 'admin@example.com', 'first-password', 0);
    db.prepare("UPDATE agents SET role = 'admin' WHERE email = 'admin@example.com'").run();
    expect(await ensureOwner(store, 'ADMIN@example.com', 'other-password', 1)).toEqual({ created: false });
    expect((await authenticateAgent(store, 'admin@example.com', 'first-password'))?.role).toBe('admin');
  });
});

/** How many turns of the event loop pass while `work` runs: none when it blocks the loop. */
async function loopTurnsDuring(work: () => unknown): Promise<number> {
  let turns = 0;
  let running = true;
  const turn = () => {
    if (!running) return;
    turns++;
    setImmediate(turn);
  };
  setImmediate(turn);
  await work();
  running = false;
  return turns;
}

/** The fastest of a few runs: the least noisy measure of what a call costs on a busy machine. */
async function fastestMs(runs: number, work: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('passwords', () => {
  it('hashes and checks them off the event loop', async () => {
    const store = openSqliteStore(':memory:');
    const db = store.sqlite!;
    expect(await loopTurnsDuring(() => hashPassword('anna-password'))).toBeGreaterThan(0);
    expect(await loopTurnsDuring(() => ensureOwner(store, 'owner@example.com', 'owner-password', 0))).toBeGreaterThan(0);
    expect(await loopTurnsDuring(() => authenticateAgent(store, 'owner@example.com', 'wrong-password'))).toBeGreaterThan(0);
    expect(await loopTurnsDuring(() => authenticateAgent(store, 'nobody@example.com', 'wrong-password'))).toBeGreaterThan(0);
  });

  it('leaves a core to the event loop and room in the thread pool for file reads', async () => {
    const hashedAt = Array.from({ length: 8 }, (_, i) => hashPassword(`password-${i}`).then(() => performance.now()));
    const readAt = readFile(import.meta.filename).then(() => performance.now());
    expect(await readAt).toBeLessThan(Math.min(...(await Promise.all(hashedAt))));
  });

  it('keeps reading the hashes stored before (scrypt$salt$key, scrypt’s default cost)', async () => {
    // Made by the synchronous code this replaced, for 'owner-password'.
    const stored = 'scrypt$VZcmyUxYasNzFz/YBzCK3w==$RK8I768N7C1qXatIxpJfjHmHje1RA12zRTXLwcBAh+o=';
    expect(await verifyPassword('owner-password', stored)).toBe(true);
    expect(await verifyPassword('owner-passwore', stored)).toBe(false);
    expect(await hashPassword('owner-password')).toMatch(/^scrypt\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
  });

  it('takes as long for an email without an account as for a wrong password', async () => {
    const store = openSqliteStore(':memory:');
    const db = store.sqlite!;
    await ensureOwner(store, 'owner@example.com', 'owner-password', 0);
    db.prepare(
      "INSERT INTO agents (id, name, email, role, max_chats, created_at) VALUES ('a1', 'Imported', 'imported@example.com', 'agent', 3, 0)",
    ).run();
    const wrongPassword = await fastestMs(3, () => authenticateAgent(store, 'owner@example.com', 'wrong-password'));
    const unknownEmail = await fastestMs(3, () => authenticateAgent(store, 'nobody@example.com', 'wrong-password'));
    const noPassword = await fastestMs(3, () => authenticateAgent(store, 'imported@example.com', 'wrong-password'));
    // Both run one scrypt; without it an unknown email answers some hundred times faster.
    expect(unknownEmail).toBeGreaterThan(wrongPassword / 3);
    expect(noPassword).toBeGreaterThan(wrongPassword / 3);
  });
});
