import { statement, type Db } from './db.ts';

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

function transcriptsSent(
  db: Db,
  row: Pick<TranscriptEmailRow, 'chatId' | 'visitorId' | 'recipient'>,
  since: { visitorSince: number; recipientSince: number; allSince: number },
): TranscriptsSent {
  const times = (sql: string, ...args: unknown[]) => statement(db, sql).pluck().all(...args) as number[];
  return {
    ofChat: statement(db, 'SELECT count(*) FROM transcript_emails WHERE chat_id = ?').pluck().get(row.chatId) as number,
    ofVisitor: times('SELECT sent_at FROM transcript_emails WHERE visitor_id = ? AND sent_at > ? ORDER BY sent_at', row.visitorId, since.visitorSince),
    toRecipient: times('SELECT sent_at FROM transcript_emails WHERE recipient = ? AND sent_at > ? ORDER BY sent_at', row.recipient, since.recipientSince),
    all: times('SELECT sent_at FROM transcript_emails WHERE sent_at > ? ORDER BY sent_at', since.allSince),
  };
}

/**
 * Records a transcript email about to be sent, unless `refuse`, shown what was sent before,
 * answers a reason not to (then nothing is written and the reason is returned). The check and
 * the write are one write transaction taken up front, so two requests (on one node or several
 * sharing the file) can't both pass on the same count.
 */
export function recordTranscriptEmailUnless<R>(
  db: Db,
  row: TranscriptEmailRow,
  since: { visitorSince: number; recipientSince: number; allSince: number },
  refuse: (sent: TranscriptsSent) => R | null,
): R | null {
  return db
    .transaction(() => {
      const refusal = refuse(transcriptsSent(db, row, since));
      if (refusal !== null) return refusal;
      statement(
        db,
        'INSERT INTO transcript_emails (id, chat_id, visitor_id, email, recipient, sent_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(row.id, row.chatId, row.visitorId, row.email, row.recipient, row.sentAt);
      return null;
    })
    .immediate();
}

/** Takes back a recorded email the mail server refused: it was never sent, so it counts against nothing. */
export function deleteTranscriptEmail(db: Db, id: string): void {
  statement(db, 'DELETE FROM transcript_emails WHERE id = ?').run(id);
}
