import { statement, type Db } from './db.ts';

/** Writes of the admins' settings pages that need more than one statement: departments, SLA policies, canned replies. */

/** What still refers to a department: a department in use cannot be deleted. */
export interface DepartmentUses {
  chats: number;
  agents: number;
  cannedReplies: number;
  slaPolicies: number;
}

export function departmentUses(db: Db, id: string): DepartmentUses {
  const count = (sql: string) => statement(db, sql).pluck().get(id) as number;
  return {
    chats: count('SELECT count(*) FROM chats WHERE department_id = ?'),
    agents: count('SELECT count(*) FROM agent_departments WHERE department_id = ?'),
    cannedReplies: count('SELECT count(*) FROM canned_replies WHERE department_id = ?'),
    slaPolicies: count('SELECT count(*) FROM sla_policies WHERE department_id = ?'),
  };
}

/** false: no such department. The id stays: chats, exports and metric filters name it. */
export function renameDepartment(db: Db, id: string, name: string): boolean {
  return statement(db, 'UPDATE departments SET name = ? WHERE id = ?').run(name, id).changes > 0;
}

export function deleteDepartment(db: Db, id: string): boolean {
  return statement(db, 'DELETE FROM departments WHERE id = ?').run(id).changes > 0;
}

export function deleteSlaPolicy(db: Db, id: string): boolean {
  return statement(db, 'DELETE FROM sla_policies WHERE id = ?').run(id).changes > 0;
}

/** Sets what is given; `ownerAgentId` null makes the reply shared, an agent's id makes it theirs. */
export function updateCanned(
  db: Db,
  id: string,
  patch: { shortcut?: string; text?: string; departmentId?: string | null; ownerAgentId?: string | null },
): void {
  db.transaction(() => {
    const set = (column: string, value: unknown) => statement(db, `UPDATE canned_replies SET ${column} = ? WHERE id = ?`).run(value, id);
    if (patch.shortcut !== undefined) set('shortcut', patch.shortcut);
    if (patch.text !== undefined) set('text', patch.text);
    if (patch.departmentId !== undefined) set('department_id', patch.departmentId);
    if (patch.ownerAgentId !== undefined) set('owner_agent_id', patch.ownerAgentId);
  })();
}
