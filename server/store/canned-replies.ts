import type { Sql } from './sql.ts';
import type { CannedReply } from '../../shared/protocol.ts';
import { setColumns } from './set-columns.ts';

/** Writes of canned replies; who sees which is read in chat-extras.ts (`cannedFor`, `getCanned`). */

export async function insertCanned(db: Sql, canned: CannedReply): Promise<void> {
  await db.run('INSERT INTO canned_replies (id, shortcut, text, department_id, owner_agent_id) VALUES (?, ?, ?, ?, ?)', [
    canned.id,
    canned.shortcut,
    canned.text,
    canned.departmentId,
    canned.ownerAgentId,
  ]);
}

/** Sets what is given; `ownerAgentId` null makes the reply shared, an agent's id makes it theirs. */
export async function updateCanned(
  db: Sql,
  id: string,
  patch: { shortcut?: string; text?: string; departmentId?: string | null; ownerAgentId?: string | null },
): Promise<void> {
  await setColumns(db, 'canned_replies', id, {
    shortcut: patch.shortcut,
    text: patch.text,
    department_id: patch.departmentId,
    owner_agent_id: patch.ownerAgentId,
  });
}

/** Some message was sent with this canned reply. */
export async function cannedWasUsed(db: Sql, id: string): Promise<boolean> {
  return (await db.get('SELECT 1 FROM messages WHERE canned_id = ? LIMIT 1', [id])) !== undefined;
}

export async function deleteCanned(db: Sql, id: string): Promise<void> {
  await db.run('DELETE FROM canned_replies WHERE id = ?', [id]);
}
