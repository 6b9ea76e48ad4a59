import type { Sql } from './sql.ts';

/** Blocked visitors (issue 11): by their id (their widget's token) and optionally their address. */
export interface VisitorBlock {
  id: string;
  visitorId: string;
  ip: string | null;
  reason: string;
  createdAt: number;
  createdBy: string | null;
  attempts: number;
}

const columns = `id, visitor_id AS visitorId, ip, reason, created_at AS createdAt, created_by AS createdBy, attempts`;

export async function insertBlock(db: Sql, b: Omit<VisitorBlock, 'attempts'>): Promise<void> {
  await db.run('INSERT INTO visitor_blocks (id, visitor_id, ip, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)', [
    b.id,
    b.visitorId,
    b.ip,
    b.reason,
    b.createdAt,
    b.createdBy,
  ]);
}

/** The block in force on this visitor or this address, if any. */
export async function blockOf(db: Sql, visitorId: string, ip: string | null): Promise<VisitorBlock | undefined> {
  return db.get<VisitorBlock>(
    `SELECT ${columns} FROM visitor_blocks
      WHERE lifted_at IS NULL AND (visitor_id = @visitorId OR (CAST(@ip AS TEXT) IS NOT NULL AND ip = @ip))
      ORDER BY created_at LIMIT 1`,
    { visitorId, ip },
  );
}

export async function activeBlocks(db: Sql): Promise<VisitorBlock[]> {
  return db.all<VisitorBlock>(`SELECT ${columns} FROM visitor_blocks WHERE lifted_at IS NULL ORDER BY created_at DESC, id`);
}

/** Lifts a block in force; false when there is none by that id. */
export async function liftBlock(db: Sql, id: string, by: string, at: number): Promise<VisitorBlock | undefined> {
  const block = await db.get<VisitorBlock>(`SELECT ${columns} FROM visitor_blocks WHERE id = ? AND lifted_at IS NULL`, [id]);
  if (block) await db.run('UPDATE visitor_blocks SET lifted_at = ?, lifted_by = ? WHERE id = ?', [at, by, id]);
  return block;
}

/** One more refused attempt; the new count. */
export async function countBlockedAttempt(db: Sql, id: string): Promise<number> {
  await db.run('UPDATE visitor_blocks SET attempts = attempts + 1 WHERE id = ?', [id]);
  return (await db.value<number>('SELECT attempts FROM visitor_blocks WHERE id = ?', [id])) ?? 0;
}

/** Surveys not sent yet to the visitor (a CSAT offer, a due NPS) never will be. */
export async function dropUnsentSurveys(db: Sql, visitorId: string, at: number): Promise<void> {
  await db.run(
    'UPDATE surveys SET skipped_at = ? WHERE visitor_id = ? AND sent_at IS NULL AND answered_at IS NULL AND skipped_at IS NULL',
    [at, visitorId],
  );
}

export async function lastAddressOf(db: Sql, visitorId: string): Promise<string | null> {
  return (await db.value<string | null>('SELECT last_ip FROM visitors WHERE id = ?', [visitorId])) ?? null;
}
