import type { Sql } from '../store/sql.ts';
import { agentEmailTaken, createAgent, endSessionsOfAgent, getAgent, hashPassword, listAgents, updateAgent, type AgentRow, type Role } from '../store/agents.ts';
import { openInvitation, type OpenInvitation } from '../store/agent-invitations.ts';
import { recordAudit, type AuditSource } from '../store/audit-log.ts';
import { checkDepartmentsExist } from './departments.ts';
import { TeamError } from './team-error.ts';
import type { TeamEvents } from './team-events.ts';

/** An agent as admins see it: with the invitation they have not accepted yet, if any. */
export type TeamAgent = AgentRow & { invitation: OpenInvitation | null };

export async function withInvitation(db: Sql, agent: AgentRow, now: number): Promise<TeamAgent> {
  return { ...agent, invitation: await openInvitation(db, agent.id, now) };
}

export async function teamAgents(db: Sql, now: number): Promise<TeamAgent[]> {
  return await Promise.all((await listAgents(db)).map((a) => withInvitation(db, a, now)));
}

/** A new agent's account, added with a password or invited by email. */
export type NewAgent = Pick<AgentRow, 'name' | 'email' | 'role' | 'maxChats' | 'departments'>;

/** The rules of adding an agent, with a password or by invitation. */
export async function checkNewAgent(db: Sql, me: AgentRow, agent: Pick<NewAgent, 'email' | 'role' | 'departments'>): Promise<void> {
  if (agent.role === 'owner' && me.role !== 'owner') throw new TeamError('invalid', 'only an owner can make an owner', 'role');
  await checkDepartmentsExist(db, agent.departments, 'departments');
  // Any row, imported records and invitees included: one email, one person.
  if (await agentEmailTaken(db, agent.email)) throw new TeamError('invalid', 'an agent with this email exists already', 'email');
}

/** Only an owner can change an owner, or make one. */
export function checkMayChangeRole(me: AgentRow, target: AgentRow, newRole?: Role): void {
  if ((target.role === 'owner' || newRole === 'owner') && me.role !== 'owner') {
    throw new TeamError('invalid', 'only an owner can change an owner', 'role');
  }
}

export async function addAgent(db: Sql, me: AgentRow, by: AuditSource, agent: NewAgent & { password: string }, now: number): Promise<TeamAgent> {
  const { password, ...account } = agent;
  // Hashed before the checks, so that nothing happens between checking and writing.
  const passwordHash = await hashPassword(password);
  await checkNewAgent(db, me, account);
  const added = await db.transaction(async (tx) => {
    const added = await createAgent(tx, { ...account, passwordHash }, now);
    await recordAudit(tx, { ...by, at: now, action: 'agent.added', target: added.id, details: newAgentDetails(added) });
    return added;
  });
  return { ...added, invitation: null };
}

/** What the audit log keeps of a new agent (added or invited). */
export function newAgentDetails(agent: AgentRow): Record<string, unknown> {
  return { name: agent.name, email: agent.email, role: agent.role, maxChats: agent.maxChats, departments: agent.departments };
}

/**
 * The audit entries of a change to an agent: role, disabling and password each an action of
 * their own (the log's filters find them), the rest as "changed" with old and new values. Of a
 * password only that it changed.
 */
async function auditAgentChange(db: Sql, by: AuditSource, now: number, target: AgentRow, change: AgentChange): Promise<void> {
  const entry = (action: string, details: Record<string, unknown> | null) => recordAudit(db, { ...by, at: now, action, target: target.id, details });
  if (change.role !== undefined && change.role !== target.role) await entry('agent.role_changed', { from: target.role, to: change.role });
  if (change.disabled !== undefined && change.disabled !== target.disabled) await entry(change.disabled ? 'agent.disabled' : 'agent.enabled', null);
  if (change.password !== undefined) await entry('agent.password_changed', null);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of ['name', 'maxChats', 'departments'] as const) {
    const to = change[key];
    if (to !== undefined && JSON.stringify(to) !== JSON.stringify(target[key])) changes[key] = { from: target[key], to };
  }
  if (Object.keys(changes).length) await entry('agent.changed', changes);
}

export interface AgentChange {
  name?: string;
  role?: Role;
  password?: string;
  maxChats?: number;
  departments?: string[];
  disabled?: boolean;
}

/**
 * Changes an agent's account as `me` may. Disabling signs them out everywhere and hands their
 * chats back to the queue (`events.agentDisabled`); a new password signs them out of every
 * session but `myTokenHash`, the one it was changed from.
 */
export async function changeAgent(
  db: Sql,
  events: TeamEvents,
  me: AgentRow,
  by: AuditSource,
  myTokenHash: string,
  targetId: string,
  change: AgentChange,
  now: number,
): Promise<TeamAgent> {
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  const target = await getAgent(db, targetId);
  if (!target) throw new TeamError('not-found', 'no such agent');
  checkMayChangeRole(me, target, change.role);
  if (target.id === me.id && (change.disabled || (change.role && change.role !== me.role))) {
    throw new TeamError('invalid', 'you cannot disable yourself or change your own role', 'role');
  }
  if (change.password !== undefined && target.id !== me.id && target.role !== 'agent' && me.role !== 'owner') {
    throw new TeamError('forbidden', "only an owner can set another admin's password", 'password');
  }
  await checkDepartmentsExist(db, change.departments ?? [], 'departments');
  await db.transaction(async (db) => {
    const { name, role, maxChats, disabled, departments } = change;
    await updateAgent(db, target.id, { name, role, maxChats, disabled, departments, passwordHash });
    if (change.disabled) await endSessionsOfAgent(db, target.id);
    // A new password ends every other session of the account: whoever knew the old one is out.
    else if (passwordHash !== undefined) await endSessionsOfAgent(db, target.id, myTokenHash);
    await auditAgentChange(db, by, now, target, change);
  });
  if (change.disabled && !target.disabled) await events.agentDisabled(target.id);
  else await events.agentChanged(target.id);
  if (passwordHash !== undefined && !change.disabled) events.sessionsEnded(target.id, myTokenHash);
  return await withInvitation(db, (await getAgent(db, target.id))!, now);
}
