import type { Sql } from './sql.ts';

/** Writes of the admins' settings pages that need more than one statement: departments, SLA policies, canned replies. */

/** What still refers to a department: a department in use cannot be deleted. */
export interface DepartmentUses {
  chats: number;
  agents: number;
  cannedReplies: number;
  slaPolicies: number;
}

export async function departmentUses(db: Sql, id: string): Promise<DepartmentUses> {
  const count = async (sql: string) => (await db.value(sql, [id])) as number;
  return {
    chats: await count('SELECT count(*) FROM chats WHERE department_id = ?'),
    agents: await count('SELECT count(*) FROM agent_departments WHERE department_id = ?'),
    cannedReplies: await count('SELECT count(*) FROM canned_replies WHERE department_id = ?'),
    slaPolicies: await count('SELECT count(*) FROM sla_policies WHERE department_id = ?'),
  };
}

/** false: no such department. The id stays: chats, exports and metric filters name it. */
export async function renameDepartment(db: Sql, id: string, name: string): Promise<boolean> {
  return (await db.run('UPDATE departments SET name = ? WHERE id = ?', [name, id])) > 0;
}

export async function deleteDepartment(db: Sql, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM departments WHERE id = ?', [id])) > 0;
}

export async function deleteSlaPolicy(db: Sql, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM sla_policies WHERE id = ?', [id])) > 0;
}

/** Sets what is given; `ownerAgentId` null makes the reply shared, an agent's id makes it theirs. */
export async function updateCanned(
  db: Sql,
  id: string,
  patch: { shortcut?: string; text?: string; departmentId?: string | null; ownerAgentId?: string | null },
): Promise<void> {
  await db.transaction(async (db) => {
    const set = (column: string, value: unknown) => db.run(`UPDATE canned_replies SET ${column} = ? WHERE id = ?`, [value, id]);
    if (patch.shortcut !== undefined) await set('shortcut', patch.shortcut);
    if (patch.text !== undefined) await set('text', patch.text);
    if (patch.departmentId !== undefined) await set('department_id', patch.departmentId);
    if (patch.ownerAgentId !== undefined) await set('owner_agent_id', patch.ownerAgentId);
  });
}
