import type { Sql } from './sql.ts';

/** Files sent in chats: the rows; the bytes are files beside the database (http/widget-attachments.ts). */

export type AttachmentType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'application/pdf';

export interface AttachmentRow {
  id: string;
  name: string;
  type: AttachmentType;
  size: number;
}

/** Who sent a file: an agent (in a chat with this visitor), or the visitor when agentId is null. */
export interface AttachmentSender {
  visitorId: string;
  agentId: string | null;
}

/** Files the sender has sent since `since`: an agent's over all their chats, a visitor's own only. */
export async function attachmentsSentSince(db: Sql, sender: AttachmentSender, since: number): Promise<number> {
  return (
    sender.agentId
      ? await db.value<number>('SELECT count(*) FROM attachments WHERE agent_id = ? AND created_at > ?', [sender.agentId, since])
      : await db.value<number>('SELECT count(*) FROM attachments WHERE visitor_id = ? AND agent_id IS NULL AND created_at > ?', [sender.visitorId, since])
  )!;
}

export async function insertAttachment(db: Sql, row: AttachmentRow, sender: AttachmentSender, at: number): Promise<void> {
  await db.run('INSERT INTO attachments (id, visitor_id, agent_id, name, type, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    row.id,
    sender.visitorId,
    sender.agentId,
    row.name,
    row.type,
    row.size,
    at,
  ]);
}

export async function getAttachment(db: Sql, id: string): Promise<AttachmentRow | undefined> {
  return await db.get<AttachmentRow>('SELECT id, name, type, size FROM attachments WHERE id = ?', [id]);
}

/**
 * Files sent before `before` that no message names (a file is named by its address in the
 * message's text: shared/attachment-message.ts), looked for among the sender visitor's chats.
 */
export async function orphanAttachments(db: Sql, before: number, limit: number): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT a.id FROM attachments a
      WHERE a.created_at < ?
        AND NOT EXISTS (SELECT 1 FROM messages m JOIN chats c ON c.id = m.chat_id
                         WHERE c.visitor_id = a.visitor_id AND m.text LIKE '%/api/attachments/' || a.id || '%')
      ORDER BY a.created_at LIMIT ${limit}`,
    [before],
  );
  return rows.map((r) => r.id);
}

export async function deleteAttachment(db: Sql, id: string): Promise<void> {
  await db.run('DELETE FROM attachments WHERE id = ?', [id]);
}
