import type { Sql } from './sql.ts';

/** Transcript emails sent to visitors: one row per email, what the limits on them are counted from. */

export interface TranscriptEmailRow {
  id: string;
  chatId: string;
  visitorId: string;
  /** The address as written, where the email went. */
  email: string;
  /** The mailbox the limits count it against. */
  recipient: string;
  sentAt: number;
}

/** The send times of the transcript emails that count against the next one, oldest first. */
export interface TranscriptsSent {
  /** Of this chat, ever. */
  ofChat: number;
  /** Of this visitor's chats, since `visitorSince`. */
  ofVisitor: number[];
  /** To this recipient, since `recipientSince`. */
  toRecipient: number[];
  /** To anyone, by every node on this database, since `allSince`. */
  all: number[];
}

async function transcriptsSent(
  db: Sql,
  row: Pick<TranscriptEmailRow, 'chatId' | 'visitorId' | 'recipient'>,
  since: { visitorSince: number; recipientSince: number; allSince: number },
): Promise<TranscriptsSent> {
  const times = async (sql: string, ...args: unknown[]) => (await db.column(sql, [...args])) as number[];
  return {
    ofChat: (await db.value('SELECT count(*) FROM transcript_emails WHERE chat_id = ?', [row.chatId])) as number,
    ofVisitor: await times('SELECT sent_at FROM transcript_emails WHERE visitor_id = ? AND sent_at > ? ORDER BY sent_at', row.visitorId, since.visitorSince),
    toRecipient: await times('SELECT sent_at FROM transcript_emails WHERE recipient = ? AND sent_at > ? ORDER BY sent_at', row.recipient, since.recipientSince),
    all: await times('SELECT sent_at FROM transcript_emails WHERE sent_at > ? ORDER BY sent_at', since.allSince),
  };
}

/**
 * Records a transcript email about to be sent, unless `refuse`, shown what was sent before,
 * answers a reason not to (then nothing is written and the reason is returned). The check and
 * the write are one write transaction taken up front, so two requests (on one node or several
 * sharing the file) can't both pass on the same count.
 */
export async function recordTranscriptEmailUnless<R>(
  db: Sql,
  row: TranscriptEmailRow,
  since: { visitorSince: number; recipientSince: number; allSince: number },
  refuse: (sent: TranscriptsSent) => R | null,
): Promise<R | null> {
  return db.transaction(async (db) => {
    await db.lock('transcript_emails');
    const refusal = refuse(await transcriptsSent(db, row, since));
    if (refusal !== null) return refusal;
    await db.run('INSERT INTO transcript_emails (id, chat_id, visitor_id, email, recipient, sent_at) VALUES (?, ?, ?, ?, ?, ?)', [
      row.id,
      row.chatId,
      row.visitorId,
      row.email,
      row.recipient,
      row.sentAt,
    ]);
    return null;
  });
}

/** Takes back a recorded email the mail server refused: it was never sent, so it counts against nothing. */
export async function deleteTranscriptEmail(db: Sql, id: string): Promise<void> {
  await db.run('DELETE FROM transcript_emails WHERE id = ?', [id]);
}
