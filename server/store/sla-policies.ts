import type { Sql } from './sql.ts';
import type { Priority } from '../../shared/protocol.ts';

/** SLA policies: one per (department, priority), the department null for all the others. */

export interface SlaPolicyRow {
  departmentId: string | null;
  priority: Priority;
  firstResponseSec: number | null;
  resolutionSec: number | null;
}

export interface SlaPolicy extends SlaPolicyRow {
  id: string;
}

/** The policy for all departments first (Postgres sorts nulls last, SQLite first: said here). */
export async function slaPolicies(db: Sql): Promise<SlaPolicy[]> {
  return await db.all<SlaPolicy>(`SELECT id, department_id AS departmentId, priority, first_response_sec AS firstResponseSec,
         resolution_sec AS resolutionSec FROM sla_policies ORDER BY department_id IS NOT NULL, department_id, priority`);
}

/** Sets the policy of the department and priority, replacing the one there (which keeps its id). */
export async function setSlaPolicy(db: Sql, policy: SlaPolicy): Promise<void> {
  await db.run(`INSERT INTO sla_policies (id, department_id, priority, first_response_sec, resolution_sec) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (coalesce(department_id, ''), priority)
     DO UPDATE SET first_response_sec = excluded.first_response_sec, resolution_sec = excluded.resolution_sec`, [
    policy.id,
    policy.departmentId,
    policy.priority,
    policy.firstResponseSec,
    policy.resolutionSec,
  ]);
}

export async function deleteSlaPolicy(db: Sql, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM sla_policies WHERE id = ?', [id])) > 0;
}
