import type { Sql } from '../store/sql.ts';
import { deleteSlaPolicy, setSlaPolicy as storeSlaPolicy, slaPolicies, type SlaPolicy, type SlaPolicyRow } from '../store/sla-policies.ts';
import { newId } from '../../shared/ids.ts';
import { checkDepartmentsExist } from './departments.ts';
import { TeamError } from './team-error.ts';

/** One policy per (department, priority): setting one replaces what was there. Answers them all. */
export async function setSlaPolicy(db: Sql, policy: SlaPolicyRow): Promise<SlaPolicy[]> {
  if (policy.departmentId) await checkDepartmentsExist(db, [policy.departmentId], 'departmentId');
  await storeSlaPolicy(db, { id: newId('sla_'), ...policy });
  return await slaPolicies(db);
}

/**
 * The metrics look the policies up at query time (server/metrics/sla.ts): the chats it covered
 * fall back to the policy for all departments of their priority, or to none. Answers the rest.
 */
export async function removeSlaPolicy(db: Sql, id: string): Promise<SlaPolicy[]> {
  if (!(await deleteSlaPolicy(db, id))) throw new TeamError('not-found', 'no such SLA policy');
  return await slaPolicies(db);
}
