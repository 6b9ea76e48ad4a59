import type { Sql } from './sql.ts';

/**
 * What Parley holds about one visitor (an export), and erasing it. Erasure changes texts only:
 * every row, id, time, author, score and reference the metrics read stays as it was, so every
 * figure of METRICS.md answers the same after it (no metric reads a text).
 */

/** The word an erased text becomes: in the database, in the console's fallback and in exports. */
export const ERASED = 'Erased';

const inList = (n: number) => Array(n).fill('?').join(', ');

export interface VisitorHoldings {
  visitor: Record<string, any> | undefined;
  chats: any[];
  messages: any[];
  notes: any[];
  tags: any[];
  assignments: any[];
  surveys: any[];
  pageViews: any[];
  conversions: any[];
  files: any[];
  invitationEvents: any[];
  transcriptEmails: any[];
}

/** Every row of the visitor's, as stored (the export shapes them). */
export async function visitorHoldings(db: Sql, visitorId: string): Promise<VisitorHoldings> {
  const visitor = await db.get<Record<string, any>>('SELECT * FROM visitors WHERE id = ?', [visitorId]);
  const chats = await db.all<any>(
    `SELECT id, department_id, priority, channel, started_at, closed_at, closed_by, agent_id, erased_at
       FROM chats WHERE visitor_id = ? ORDER BY started_at, id`,
    [visitorId],
  );
  const ids = chats.map((c) => c.id as string);
  const ofChats = async (sql: string) => (ids.length ? await db.all<any>(sql.replace('@chats', inList(ids.length)), ids) : []);
  return {
    visitor,
    chats,
    messages: await ofChats('SELECT chat_id, id, author, agent_id, at, text, canned_id, removed FROM messages WHERE chat_id IN (@chats) ORDER BY seq'),
    notes: await ofChats('SELECT chat_id, id, agent_id, at, text, erased FROM chat_notes WHERE chat_id IN (@chats) ORDER BY seq'),
    tags: await ofChats('SELECT chat_id, tag FROM chat_tags WHERE chat_id IN (@chats) ORDER BY chat_id, tag'),
    assignments: await ofChats('SELECT chat_id, agent_id, at FROM assignments WHERE chat_id IN (@chats) ORDER BY at, seq'),
    surveys: await db.all<any>(
      `SELECT id, kind, chat_id, scale, sent_at, answered_at, score, comment, comment_erased, answered_via
         FROM surveys WHERE visitor_id = ? ORDER BY rowid`,
      [visitorId],
    ),
    pageViews: await db.all<any>('SELECT id, url, title, at FROM page_views WHERE visitor_id = ? ORDER BY at, rowid', [visitorId]),
    conversions: await db.all<any>('SELECT id, at, value, currency FROM conversions WHERE visitor_id = ? ORDER BY at, rowid', [visitorId]),
    files: await db.all<any>('SELECT id, name, type, size, created_at, agent_id FROM attachments WHERE visitor_id = ? ORDER BY created_at, id', [visitorId]),
    invitationEvents: await db.all<any>(
      'SELECT id, invitation_id, kind, chat_id, url, at FROM invitation_events WHERE visitor_id = ? ORDER BY at, id',
      [visitorId],
    ),
    transcriptEmails: await db.all<any>('SELECT id, chat_id, email, sent_at FROM transcript_emails WHERE visitor_id = ? ORDER BY sent_at, id', [visitorId]),
  };
}

export async function visitorExists(db: Sql, visitorId: string): Promise<boolean> {
  return (
    (await db.value('SELECT 1 FROM visitors WHERE id = ?', [visitorId])) !== undefined ||
    (await db.value('SELECT 1 FROM chats WHERE visitor_id = ? LIMIT 1', [visitorId])) !== undefined ||
    (await db.value('SELECT 1 FROM page_views WHERE visitor_id = ? LIMIT 1', [visitorId])) !== undefined ||
    (await db.value('SELECT 1 FROM conversions WHERE visitor_id = ? LIMIT 1', [visitorId])) !== undefined
  );
}

/** Ids of the files the texts of these chats name (a file message: shared/attachment-message.ts). */
export async function filesNamedInChats(db: Sql, chatIds: string[]): Promise<string[]> {
  if (!chatIds.length) return [];
  const texts = await db.column<string>(
    `SELECT text FROM messages WHERE chat_id IN (${inList(chatIds.length)}) AND text LIKE '%/api/attachments/att_%'`,
    chatIds,
  );
  const ids = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/\/api\/attachments\/(att_[0-9a-f]{32})/g)) ids.add(m[1]!);
  return [...ids];
}

export async function filesOfVisitor(db: Sql, visitorId: string): Promise<string[]> {
  return db.column<string>('SELECT id FROM attachments WHERE visitor_id = ?', [visitorId]);
}

/**
 * Erases the texts of these chats: visitor and agent messages, notes, survey comments, the
 * addresses transcripts and survey emails went to, invitation pages. System messages are the
 * product's own words (agents' names, never the visitor's) and stay. Times, authors, canned
 * reply ids, tags, assignments and scores stay: the metrics read those.
 */
export async function eraseChatTexts(db: Sql, chatIds: string[], now: number): Promise<void> {
  if (!chatIds.length) return;
  const list = inList(chatIds.length);
  await db.run(`UPDATE messages SET text = '${ERASED}', removed = 'erased' WHERE chat_id IN (${list}) AND author <> 'system'`, chatIds);
  await db.run(`UPDATE chat_notes SET text = '${ERASED}', erased = 1 WHERE chat_id IN (${list})`, chatIds);
  await db.run(`UPDATE surveys SET comment = '${ERASED}', comment_erased = 1 WHERE chat_id IN (${list}) AND comment IS NOT NULL`, chatIds);
  // A reviewer's comment on the chat may quote the visitor; the score stays for IQS.
  await db.run(`UPDATE reviews SET comment = '${ERASED}' WHERE chat_id IN (${list}) AND comment IS NOT NULL`, chatIds);
  await db.run(
    `UPDATE survey_emails SET address = '${ERASED}' WHERE survey_id IN (SELECT id FROM surveys WHERE chat_id IN (${list}))`,
    chatIds,
  );
  await db.run(`UPDATE transcript_emails SET email = '${ERASED}', recipient = '${ERASED}' WHERE chat_id IN (${list})`, chatIds);
  await db.run(`UPDATE invitation_events SET url = NULL WHERE chat_id IN (${list})`, chatIds);
  await db.run(`UPDATE chats SET erased_at = ? WHERE id IN (${list}) AND erased_at IS NULL`, [now, ...chatIds]);
}

/**
 * Erases who the visitor is: name, email, attributes, external id, browser, language, time
 * zone, last address, where they are and what pages they saw (URLs and titles), and their token
 * (a widget that still holds it starts afresh as a new visitor). The id stays: chats, page
 * views, conversions and surveys keep pointing at one visitor, as the metrics (FCR, conversion,
 * visitors) need.
 */
export async function eraseVisitorProfile(db: Sql, visitorId: string, now: number): Promise<void> {
  await db.run(
    `UPDATE visitors SET token_hash = NULL, name = NULL, email = NULL, verified = 0, locale = NULL, time_zone = NULL,
       user_agent = NULL, attributes = NULL, external_id = NULL, current_url = NULL, last_ip = NULL,
       erased_at = coalesce(erased_at, ?) WHERE id = ?`,
    [now, visitorId],
  );
  await db.run(`UPDATE page_views SET url = '${ERASED}', title = NULL WHERE visitor_id = ?`, [visitorId]);
  await db.run(`UPDATE invitation_events SET url = NULL WHERE visitor_id = ?`, [visitorId]);
  await db.run(`UPDATE transcript_emails SET email = '${ERASED}', recipient = '${ERASED}' WHERE visitor_id = ?`, [visitorId]);
  await db.run('DELETE FROM identity_signatures WHERE visitor_id = ?', [visitorId]);
}

export async function chatIdsOfVisitor(db: Sql, visitorId: string): Promise<string[]> {
  return db.column<string>('SELECT id FROM chats WHERE visitor_id = ? ORDER BY started_at, id', [visitorId]);
}

/** Chats closed before `closedBefore` and not erased yet, oldest first. */
export async function chatsPastRetention(db: Sql, closedBefore: number, limit: number): Promise<{ id: string; visitorId: string }[]> {
  return db.all<{ id: string; visitorId: string }>(
    `SELECT id, visitor_id AS visitorId FROM chats
      WHERE erased_at IS NULL AND closed_at IS NOT NULL AND closed_at < ? ORDER BY closed_at, id LIMIT ${limit}`,
    [closedBefore],
  );
}

/** The visitor has nothing left that retention keeps: every chat erased, not seen since `before`. */
export async function visitorPastRetention(db: Sql, visitorId: string, before: number): Promise<boolean> {
  const open = await db.value('SELECT 1 FROM chats WHERE visitor_id = ? AND erased_at IS NULL LIMIT 1', [visitorId]);
  if (open !== undefined) return false;
  const seen = await db.value<number | null>('SELECT last_seen_at FROM visitors WHERE id = ?', [visitorId]);
  return seen === undefined || seen === null || seen < before;
}

export async function deleteAttachmentRows(db: Sql, ids: string[]): Promise<void> {
  if (ids.length) await db.run(`DELETE FROM attachments WHERE id IN (${inList(ids.length)})`, ids);
}

/** A message no longer says what it said: "Message deleted" in every client (`removed`). */
export async function markMessageDeleted(db: Sql, messageId: string): Promise<void> {
  await db.run("UPDATE messages SET text = 'Message deleted', removed = 'deleted' WHERE id = ?", [messageId]);
}

export async function setVisitorAddress(db: Sql, visitorId: string, ip: string): Promise<void> {
  await db.run('UPDATE visitors SET last_ip = ? WHERE id = ? AND (last_ip IS NULL OR last_ip <> ?)', [ip, visitorId, ip]);
}
