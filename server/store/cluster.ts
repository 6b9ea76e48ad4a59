import type { Sql } from './sql.ts';

export type PrincipalKind = 'visitor' | 'agent';

/** A node says it is alive (and, the first time, that it started). */
export async function nodeAlive(db: Sql, nodeId: string, now: number): Promise<void> {
  await db.run(`INSERT INTO nodes (id, started_at, seen_at) VALUES (?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at`, [nodeId, now, now]);
}

/** A node leaving (closed, or found silent): its row and its connections go. */
export async function removeNode(db: Sql, nodeId: string): Promise<void> {
  await db.run('DELETE FROM connections WHERE node_id = ?', [nodeId]);
  await db.run('DELETE FROM nodes WHERE id = ?', [nodeId]);
}

/** Nodes not heard from since `silentSince`, with when they were last seen. */
export async function silentNodes(db: Sql, silentSince: number): Promise<{ id: string; seenAt: number }[]> {
  return db.all('SELECT id, seen_at AS seenAt FROM nodes WHERE seen_at < ?', [silentSince]);
}

/** The principals `nodeId` holds connections for. */
export async function principalsOnNode(db: Sql, nodeId: string): Promise<{ kind: PrincipalKind; id: string }[]> {
  return db.all('SELECT kind, principal_id AS id FROM connections WHERE node_id = ?', [nodeId]);
}

/** Sets how many sockets `nodeId` holds for a principal (0 removes the row). */
export async function setConnections(db: Sql, kind: PrincipalKind, principalId: string, nodeId: string, sockets: number): Promise<void> {
  if (sockets > 0) {
    await db.run(`INSERT INTO connections (kind, principal_id, node_id, sockets) VALUES (?, ?, ?, ?)
       ON CONFLICT (kind, principal_id, node_id) DO UPDATE SET sockets = excluded.sockets`, [kind, principalId, nodeId, sockets]);
  } else {
    await db.run('DELETE FROM connections WHERE kind = ? AND principal_id = ? AND node_id = ?', [kind, principalId, nodeId]);
  }
}

/** Whether any node that is still alive (seen since `aliveSince`) holds a socket of the principal. */
export async function isConnected(db: Sql, kind: PrincipalKind, principalId: string, aliveSince: number): Promise<boolean> {
  return (
    (await db.value(
      `SELECT 1 FROM connections c JOIN nodes n ON n.id = c.node_id
       WHERE c.kind = ? AND c.principal_id = ? AND n.seen_at >= ? LIMIT 1`,
      [kind, principalId, aliveSince],
    )) !== undefined
  );
}

/** Sets a deadline unless one is already set for the subject (the earlier one stands). */
export async function addDeadline(db: Sql, kind: string, subjectId: string, dueAt: number): Promise<void> {
  await db.run('INSERT INTO deadlines (kind, subject_id, due_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [kind, subjectId, dueAt]);
}

export async function removeDeadline(db: Sql, kind: string, subjectId: string): Promise<void> {
  await db.run('DELETE FROM deadlines WHERE kind = ? AND subject_id = ?', [kind, subjectId]);
}

export interface ClaimedDeadline {
  kind: string;
  subjectId: string;
  /** The lease's end: the row is deleted only if nobody has changed it since. */
  leasedUntil: number;
}

/**
 * Claims up to `limit` deadlines due by `now` for this node: their `due_at` moves to the
 * lease's end, so no other node takes them while this one runs them. On Postgres, rows another
 * node is claiming at this instant are skipped, not waited for.
 */
export async function claimDueDeadlines(db: Sql, now: number, leaseMs: number, limit: number): Promise<ClaimedDeadline[]> {
  const skipLocked = db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  return db.transaction(async (tx) => {
    const due = await tx.all<{ kind: string; subjectId: string }>(
      `SELECT kind, subject_id AS subjectId FROM deadlines WHERE due_at <= ? ORDER BY due_at LIMIT ${limit}${skipLocked}`,
      [now],
    );
    const leasedUntil = now + leaseMs;
    for (const d of due) {
      await tx.run('UPDATE deadlines SET due_at = ? WHERE kind = ? AND subject_id = ?', [leasedUntil, d.kind, d.subjectId]);
    }
    return due.map((d) => ({ ...d, leasedUntil }));
  });
}

/** A claimed deadline is done: its row goes, unless it was set again meanwhile. */
export async function finishDeadline(db: Sql, d: ClaimedDeadline): Promise<void> {
  await db.run('DELETE FROM deadlines WHERE kind = ? AND subject_id = ? AND due_at = ?', [d.kind, d.subjectId, d.leasedUntil]);
}
