import type { Sql } from './sql.ts';

/** One thing somebody did, as the audit log keeps it. */
export interface AuditEntry {
  at: number;
  /** An agent's id; `key:<id>` for an API key; null for the system or an anonymous visitor. */
  actor: string | null;
  /** Dotted, past tense: `auth.signed_in`, `agent.changed`, `visitor.erased`, … */
  action: string;
  /** The id of the agent, visitor, chat, setting or key acted on. */
  target: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditFilter {
  from?: number;
  to?: number;
  actor?: string;
  action?: string;
  limit: number;
  /** Entries older than this entry id (paging backwards). */
  before?: number;
}

/** Appends one entry; pass the transaction's `Sql` to record it with the change it describes. */
export async function recordAudit(db: Sql, entry: AuditEntry): Promise<void> {
  await db.run('INSERT INTO audit_log (at, actor, action, target, ip, details) VALUES (?, ?, ?, ?, ?, ?)', [
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    entry.ip,
    entry.details === null ? null : JSON.stringify(entry.details),
  ]);
}

/** Newest first. An `action` ending in `.` (such as `auth.`) matches every action under it. */
export async function auditEntries(db: Sql, f: AuditFilter): Promise<(AuditEntry & { id: number })[]> {
  const rows = await db.all<{ id: number; at: number; actor: string | null; action: string; target: string | null; ip: string | null; details: string | null }>(
    `SELECT id, at, actor, action, target, ip, details FROM audit_log
      WHERE (CAST(@from AS BIGINT) IS NULL OR at >= @from)
        AND (CAST(@to AS BIGINT) IS NULL OR at < @to)
        AND (CAST(@actor AS TEXT) IS NULL OR actor = @actor)
        AND (CAST(@action AS TEXT) IS NULL OR action = @action OR (@prefix = 1 AND substr(action, 1, length(@action)) = @action))
        AND (CAST(@before AS BIGINT) IS NULL OR id < @before)
      ORDER BY id DESC LIMIT @limit`,
    {
      from: f.from ?? null,
      to: f.to ?? null,
      actor: f.actor ?? null,
      action: f.action ?? null,
      prefix: f.action?.endsWith('.') ? 1 : 0,
      before: f.before ?? null,
      limit: f.limit,
    },
  );
  return rows.map((r) => ({ ...r, details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>) }));
}
