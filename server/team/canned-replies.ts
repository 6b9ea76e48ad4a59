import type { Sql } from '../store/sql.ts';
import type { AgentRow } from '../store/agents.ts';
import type { CannedReply } from '../../shared/protocol.ts';
import { allCanned, cannedFor, getCanned } from '../store/chat-extras.ts';
import { cannedWasUsed, deleteCanned, insertCanned, updateCanned } from '../store/canned-replies.ts';
import { newId } from '../../shared/ids.ts';
import { checkDepartmentsExist } from './departments.ts';
import { TeamError } from './team-error.ts';

/**
 * Canned replies are shared (owner null) or an agent's personal ones. Agents keep only personal
 * replies; admins and owners choose, and may edit the shared ones and their own.
 */

export async function cannedRepliesOf(db: Sql, me: AgentRow): Promise<CannedReply[]> {
  return me.role === 'agent' ? await cannedFor(db, me.id) : await allCanned(db);
}

function checkMayShare(me: AgentRow, personal: boolean | undefined): void {
  if (me.role === 'agent' && personal === false) {
    throw new TeamError('forbidden', 'only admins and owners can share a canned reply', 'personal');
  }
}

/** `personal` left out: personal for agents, shared for admins. */
export async function addCannedReply(
  db: Sql,
  me: AgentRow,
  reply: { shortcut: string; text: string; departmentId: string | null; personal?: boolean },
): Promise<CannedReply> {
  checkMayShare(me, reply.personal);
  const personal = reply.personal ?? me.role === 'agent';
  if (reply.departmentId) await checkDepartmentsExist(db, [reply.departmentId], 'departmentId');
  const id = newId('cn_');
  await insertCanned(db, { id, shortcut: reply.shortcut, text: reply.text, departmentId: reply.departmentId, ownerAgentId: personal ? me.id : null });
  return (await getCanned(db, id))!;
}

/** The canned reply, when `me` may change or remove it. */
export async function editableCannedReply(db: Sql, me: AgentRow, id: string): Promise<CannedReply> {
  const canned = await getCanned(db, id);
  if (!canned) throw new TeamError('not-found', 'no such canned reply');
  if (canned.ownerAgentId !== me.id && (me.role === 'agent' || canned.ownerAgentId !== null)) {
    throw new TeamError('forbidden', 'this canned reply is not yours');
  }
  return canned;
}

/**
 * Changes what is given of a reply from `editableCannedReply`, by the rules of adding one:
 * admins may move theirs and the shared ones between shared and personal (theirs).
 */
export async function changeCannedReply(
  db: Sql,
  me: AgentRow,
  canned: CannedReply,
  change: { shortcut?: string; text?: string; departmentId?: string | null; personal?: boolean },
): Promise<CannedReply> {
  checkMayShare(me, change.personal);
  if (change.departmentId) await checkDepartmentsExist(db, [change.departmentId], 'departmentId');
  await updateCanned(db, canned.id, {
    shortcut: change.shortcut,
    text: change.text,
    departmentId: change.departmentId,
    ownerAgentId: change.personal === undefined ? undefined : change.personal ? me.id : null,
  });
  return (await getCanned(db, canned.id))!;
}

/** Replies that used it keep their cannedId for the metrics: only unused ones are removed. */
export async function removeCannedReply(db: Sql, me: AgentRow, id: string): Promise<void> {
  const canned = await editableCannedReply(db, me, id);
  await db.transaction(async (db) => {
    if (await cannedWasUsed(db, canned.id)) throw new TeamError('conflict', 'this canned reply was used in chats; edit it instead');
    await deleteCanned(db, canned.id);
  });
}
