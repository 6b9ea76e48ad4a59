import type { Sql } from './sql.ts';
import type { Department } from '../../shared/protocol.ts';

/** Departments, and what refers to them. The list of them is `departments` (chat-extras.ts). */

export async function getDepartment(db: Sql, id: string): Promise<Department | undefined> {
  return await db.get<Department>('SELECT id, name FROM departments WHERE id = ?', [id]);
}

/** false: a department with this id exists already (and is left as it is). */
export async function insertDepartment(db: Sql, department: Department): Promise<boolean> {
  return (await db.run('INSERT INTO departments (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING', [department.id, department.name])) > 0;
}

/** false: no such department. The id stays: chats, exports and metric filters name it. */
export async function setDepartmentName(db: Sql, id: string, name: string): Promise<boolean> {
  return (await db.run('UPDATE departments SET name = ? WHERE id = ?', [name, id])) > 0;
}

export async function deleteDepartment(db: Sql, id: string): Promise<boolean> {
  return (await db.run('DELETE FROM departments WHERE id = ?', [id])) > 0;
}

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
