import type { Sql } from '../store/sql.ts';
import type { Config } from '../config.ts';
import type { Department } from '../../shared/protocol.ts';
import { departments } from '../store/chat-extras.ts';
import { deleteDepartment, departmentUses, getDepartment, insertDepartment, setDepartmentName } from '../store/departments.ts';
import { readSettings } from '../store/settings.ts';
import { TeamError } from './team-error.ts';

/** Refuses, naming `field`, the first of `ids` that is no department. */
export async function checkDepartmentsExist(db: Sql, ids: readonly string[], field: string): Promise<void> {
  if (!ids.length) return;
  const known = await departments(db);
  const unknown = ids.find((d) => !known.some((x) => x.id === d));
  if (unknown) throw new TeamError('invalid', `no department "${unknown}"`, field);
}

export async function addDepartment(db: Sql, department: Department): Promise<Department> {
  if (!(await insertDepartment(db, department))) throw new TeamError('invalid', 'this department exists already', 'id');
  return department;
}

/** The id cannot change: chats, exported histories and metric filters refer to it. */
export async function renameDepartment(db: Sql, id: string, name: string): Promise<Department> {
  if (!(await setDepartmentName(db, id, name))) throw new TeamError('not-found', 'no such department');
  return { id, name };
}

export async function removeDepartment(db: Sql, config: Config, id: string): Promise<void> {
  // Checked and deleted in one transaction, so nothing can start using it in between.
  await db.transaction(async (db) => {
    if (!(await getDepartment(db, id))) throw new TeamError('not-found', 'no such department');
    await refuseDepartmentInUse(db, config, id);
    await deleteDepartment(db, id);
  });
}

/**
 * Chats keep their department for good: the metrics count chats per department and an export
 * must define every department its chats name, so a department with chats can only be renamed.
 * Agents, canned replies, SLA policies and business hours are the admin's to move first, so
 * that no routing or SLA target changes silently.
 */
async function refuseDepartmentInUse(db: Sql, config: Config, id: string): Promise<void> {
  const uses = await departmentUses(db, id);
  const businessHours = Object.hasOwn((await readSettings(db, config)).businessHours, id);
  const count = (n: number, one: string, many: string) => (n ? [`${n} ${n === 1 ? one : many}`] : []);
  const parts = [
    ...count(uses.chats, 'chat', 'chats'),
    ...count(uses.agents, 'agent', 'agents'),
    ...count(uses.cannedReplies, 'canned reply', 'canned replies'),
    ...count(uses.slaPolicies, 'SLA policy', 'SLA policies'),
    ...(businessHours ? ['its business hours'] : []),
  ];
  if (!parts.length) return;
  const advice = uses.chats
    ? 'chats keep their department for the history and the metrics, so it can only be renamed'
    : 'move or remove those first';
  throw new TeamError('conflict', `the department is in use by ${parts.join(', ')}: ${advice}`, undefined, { uses: { ...uses, businessHours } });
}
