import type { Sql } from '../store/sql.ts';
import { bytewise } from './dialect.ts';
import { formatHistoryTime as iso } from './history-records.ts';

/**
 * GET /api/export: the database as a history (METRICS.md §1). With a range: every department,
 * agent, canned reply and SLA policy, the chats whose start is in range with all their sent
 * surveys and their reviews (whenever sent or made), and the statuses, page views and
 * conversions whose `at` is in range. Read in pages so that the connection is free between
 * them for the live chat.
 */

export interface ExportRange {
  from: number;
  to: number;
}

const PAGE = 500;

/** The lines of the export, a page at a time (each call to next() runs a few short queries). */
export async function* exportLines(db: Sql, range: ExportRange): AsyncGenerator<string[]> {
  const line = (o: object) => JSON.stringify(o);
  // Ids in byte order on both stores, so that both export a database the same way.
  const byId = `ORDER BY id${bytewise(db)}`;
  yield [line({ type: 'meta', format: 'chat-history', version: 1 })];
  yield (await db.all<any>(`SELECT id, name FROM departments ${byId}`)).map((d) =>
    line({ type: 'department', id: d.id, name: d.name }),
  );
  const agents = await db.all<any>(`SELECT id, name, email, role, max_chats FROM agents ${byId}`);
  const agentLines: string[] = [];
  for (const a of agents) {
    agentLines.push(
      line({
        type: 'agent',
        id: a.id,
        name: a.name,
        email: a.email,
        role: a.role,
        departments: await db.column(
          `SELECT department_id FROM agent_departments WHERE agent_id = ? ORDER BY department_id${bytewise(db)}`,
          [a.id],
        ),
        maxChats: a.max_chats,
      }),
    );
  }
  yield agentLines;
  yield (await db.all<any>(`SELECT id, shortcut, text FROM canned_replies ${byId}`)).map((c) =>
    line({ type: 'canned', id: c.id, shortcut: c.shortcut, text: c.text }),
  );
  yield (await db.all<any>(`SELECT id, department_id, priority, first_response_sec, resolution_sec FROM sla_policies ${byId}`)).map((s) =>
    line({
      type: 'sla',
      id: s.id,
      department: s.department_id,
      priority: s.priority,
      firstResponseSec: s.first_response_sec,
      resolutionSec: s.resolution_sec,
    }),
  );

  yield* paged(db, 'SELECT rowid, id, agent_id, status, at FROM agent_status_changes', range, (s) => ({
    type: 'agent_status',
    id: s.id,
    agentId: s.agent_id,
    status: s.status,
    at: iso(s.at),
  }));
  yield* paged(db, 'SELECT rowid, id, visitor_id, url, at FROM page_views', range, (p) => ({
    type: 'page_view',
    id: p.id,
    visitorId: p.visitor_id,
    url: p.url,
    at: iso(p.at),
  }));
  yield* paged(db, 'SELECT rowid, id, visitor_id, at, value FROM conversions', range, (c) => ({
    type: 'conversion',
    id: c.id,
    visitorId: c.visitor_id,
    at: iso(c.at),
    value: c.value,
  }));
  yield* chatPages(db, range);
}

async function* paged(db: Sql, select: string, range: ExportRange, toRecord: (row: any) => object): AsyncGenerator<string[]> {
  const page = `${select} WHERE rowid > ? AND at >= ? AND at < ? ORDER BY rowid LIMIT ${PAGE * 10}`;
  let after = 0;
  for (;;) {
    const rows = await db.all<any>(page, [after, range.from, range.to]);
    if (rows.length === 0) return;
    after = rows[rows.length - 1].rowid;
    yield rows.map((r) => JSON.stringify(toRecord(r)));
  }
}

async function* chatPages(db: Sql, range: ExportRange): AsyncGenerator<string[]> {
  const page = `SELECT rowid, id, visitor_id, department_id, priority, channel, started_at, closed_at, closed_by FROM chats
     WHERE rowid > ? AND started_at >= ? AND started_at < ? ORDER BY rowid LIMIT ${PAGE}`;
  const inList = (n: number) => Array(n).fill('?').join(', ');
  let after = 0;
  for (;;) {
    const chats = await db.all<any>(page, [after, range.from, range.to]);
    if (chats.length === 0) return;
    after = chats[chats.length - 1].rowid;
    const ids = chats.map((c) => c.id as string);
    const byChat = <T>(rows: T[], key: (r: T) => string) => {
      const m = new Map<string, T[]>();
      for (const r of rows) {
        const k = key(r);
        let list = m.get(k);
        if (!list) m.set(k, (list = []));
        list.push(r);
      }
      return m;
    };
    const tags = byChat(
      await db.all<any>(
        `SELECT chat_id, tag FROM chat_tags WHERE chat_id IN (${inList(ids.length)}) ORDER BY chat_id, tag${bytewise(db)}`,
        ids,
      ),
      (r) => r.chat_id,
    );
    const assignments = byChat(
      await db.all<any>(
        `SELECT chat_id, agent_id, at FROM assignments WHERE chat_id IN (${inList(ids.length)}) ORDER BY chat_id, at, seq`,
        ids,
      ),
      (r) => r.chat_id,
    );
    // Messages in the order they were stored: the order of equal times (METRICS.md §2).
    const messages = byChat(
      await db.all<any>(
        `SELECT chat_id, id, author, agent_id, at, text, canned_id FROM messages WHERE chat_id IN (${inList(ids.length)}) ORDER BY seq`,
        ids,
      ),
      (r) => r.chat_id,
    );
    const surveys = byChat(
      await db.all<any>(
        `SELECT id, kind, chat_id, visitor_id, scale, sent_at, answered_at, score, comment FROM surveys
         WHERE chat_id IN (${inList(ids.length)}) AND sent_at IS NOT NULL ORDER BY rowid`,
        ids,
      ),
      (r) => r.chat_id,
    );
    const reviews = byChat(
      await db.all<any>(
        `SELECT id, chat_id, reviewer_id, at, score, comment FROM reviews
         WHERE chat_id IN (${inList(ids.length)}) ORDER BY at, id${bytewise(db)}`,
        ids,
      ),
      (r) => r.chat_id,
    );
    const lines: string[] = [];
    for (const c of chats) {
      lines.push(
        JSON.stringify({
          type: 'chat',
          id: c.id,
          visitorId: c.visitor_id,
          department: c.department_id,
          priority: c.priority,
          channel: c.channel,
          startedAt: iso(c.started_at),
          closedAt: c.closed_at === null ? null : iso(c.closed_at),
          closedBy: c.closed_by,
          tags: (tags.get(c.id) ?? []).map((t) => t.tag),
          assignments: (assignments.get(c.id) ?? []).map((a) => ({ agentId: a.agent_id, at: iso(a.at) })),
          messages: (messages.get(c.id) ?? []).map((m) => ({
            id: m.id,
            author: m.author,
            ...(m.author === 'agent' ? { agentId: m.agent_id } : {}),
            at: iso(m.at),
            text: m.text,
            ...(m.author === 'agent' && m.canned_id !== null ? { cannedId: m.canned_id } : {}),
          })),
        }),
      );
      for (const s of surveys.get(c.id) ?? []) {
        lines.push(
          JSON.stringify({
            type: 'survey',
            id: s.id,
            kind: s.kind,
            chatId: s.chat_id,
            visitorId: s.visitor_id,
            scale: s.scale,
            sentAt: iso(s.sent_at),
            answeredAt: s.answered_at === null ? null : iso(s.answered_at),
            score: s.score,
            ...(s.comment !== null ? { comment: s.comment } : {}),
          }),
        );
      }
      for (const r of reviews.get(c.id) ?? []) {
        lines.push(
          JSON.stringify({
            type: 'review',
            id: r.id,
            chatId: r.chat_id,
            reviewerId: r.reviewer_id,
            at: iso(r.at),
            score: r.score,
            comment: r.comment,
          }),
        );
      }
    }
    yield lines;
  }
}
