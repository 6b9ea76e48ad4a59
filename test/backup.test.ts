import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../server/config.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { testBackend } from './helpers/postgres.ts';
import { connectVisitor, type TestClient } from './helpers/clients.ts';
import { newId } from '../shared/ids.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

let server: TestServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close(true);
  server = undefined;
});

/** `npm run backup -- file` as a separate process, as an operator runs it. */
function runBackup(databasePath: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npx', ['tsx', 'scripts/backup.ts', file], { cwd: root, env: { ...process.env, DATABASE_PATH: databasePath } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const count = (db: Database.Database, table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

// SQLite only: `npm run backup` is SQLite's online backup of the file; a Postgres node is backed up
// with Postgres' own tools (pg_dump, base backups), not by Parley.
describe.skipIf(testBackend === 'postgres')('npm run backup (SQLite only: the online backup of the file)', () => {
  it('copies the running database while visitors write, a consistent file that opens and checks', async () => {
    // Visitors who write as fast as they can: past the abuse limits a real visitor has.
    server = await startTestServer({ config: { visitorLimits: { ...testConfig().visitorLimits, messagesPerMinute: 1_000_000 } } });
    const writers = await Promise.all([0, 1, 2].map(() => connectVisitor(server!.url)));
    clients.push(...writers);
    let writing = true;
    const written = Promise.all(
      writers.map(async (visitor) => {
        while (writing) {
          expect((await visitor.call('message:send', { id: newId('m_'), text: 'still typing…' })).ok).toBe(true);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }),
    );
    await expect.poll(() => count(server!.db, 'messages')).toBeGreaterThanOrEqual(30);
    const before = count(server.db, 'messages');

    const file = join(server.dbPath, '..', 'copy.db');
    const backup = await runBackup(server.dbPath, file);
    const after = count(server.db, 'messages');
    writing = false;
    await written;

    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/size: +[\d.]+ MB \(\d+ bytes, \d+ pages\), integrity_check ok/);
    expect(backup.stdout).toMatch(/taken at: +\d{4}-\d\d-\d\dT[\d:.]+Z, in [\d.]+ s/);
    // Writes went on while it ran: the copy holds one moment of them.
    expect(after).toBeGreaterThan(before);

    const copy = new Database(file, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('foreign_key_check')).toEqual([]);
      const messages = count(copy, 'messages');
      expect(messages).toBeGreaterThanOrEqual(before);
      expect(messages).toBeLessThanOrEqual(after);
      expect(count(copy, 'chats')).toBe(3);
      // Every commit is wholly in the copy or not at all: the messages and their seq counter agree.
      const seq = copy.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'messages'`).pluck().get();
      expect(copy.prepare('SELECT max(seq) FROM messages').pluck().get()).toBe(seq);
      expect(messages).toBe(seq);
      expect(copy.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(
        server.db.prepare('SELECT count(*) FROM schema_migrations').pluck().get(),
      );
    } finally {
      copy.close();
    }
  });

  it('never overwrites a file', async () => {
    server = await startTestServer();
    const file = join(server.dbPath, '..', 'copy.db');
    expect((await runBackup(server.dbPath, file)).code).toBe(0);
    const first = readFileSync(file);
    const again = await runBackup(server.dbPath, file);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(file).equals(first)).toBe(true);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });
});
