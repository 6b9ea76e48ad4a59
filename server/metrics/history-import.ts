import { closeSync, openSync, readSync } from 'node:fs';
import type { Db } from '../store/db.ts';
import { computeChatFacts, factsRow, hourOf, inTimeOrder, upsertFactsSql } from './facts.ts';
import { checkRecord, RECORD_TYPES, type ChatRecord, type HistoryRecord, type RecordType } from './history-records.ts';

/**
 * POST /api/import and `npm run import`: a history (METRICS.md §1) into the database, all or
 * nothing. Lines may come in any order, so references are checked once every line is in; the
 * whole import is one transaction that is rolled back when any line is wrong.
 */

export interface ImportError {
  line: number;
  message: string;
}

export type ImportResult =
  | { ok: true; imported: Partial<Record<RecordType, number>> }
  | { ok: false; errors: ImportError[] };

type RefKind = 'agent' | 'department' | 'canned reply' | 'chat';

/** A multi-row INSERT: one statement per `size` rows instead of one per row. */
class Batch {
  private values: unknown[] = [];
  private reasons: Array<() => ImportError> = [];
  private full;
  private single;

  constructor(
    private db: Db,
    private head: string,
    private columns: number,
    private size: number,
    private onError: (error: ImportError, cause: Error) => void,
  ) {
    const row = `(${Array(columns).fill('?').join(', ')})`;
    this.full = db.prepare(`${head} VALUES ${Array(size).fill(row).join(', ')}`);
    this.single = db.prepare(`${head} VALUES ${row}`);
  }

  /** `reason` describes the row when the database refuses it. */
  add(row: unknown[], reason: () => ImportError): void {
    for (const v of row) this.values.push(v);
    this.reasons.push(reason);
    if (this.reasons.length === this.size) this.flush();
  }

  flush(): void {
    const rows = this.reasons.length;
    if (rows === 0) return;
    try {
      if (rows === this.size) this.full.run(this.values);
      else this.rowByRow();
    } catch {
      // Some row is refused (a duplicate id): find which, one by one.
      this.rowByRow();
    }
    this.values = [];
    this.reasons = [];
  }

  private rowByRow(): void {
    for (let r = 0; r < this.reasons.length; r++) {
      try {
        this.single.run(this.values.slice(r * this.columns, (r + 1) * this.columns));
      } catch (e) {
        this.onError(this.reasons[r]!(), e as Error);
      }
    }
  }
}

const BATCH_ROWS = 100;

export class HistoryImport {
  private errors: ImportError[] = [];
  private counts: Partial<Record<RecordType, number>> = {};
  private metaLines: number[] = [];
  private lineNumber = 0;
  private rest: Buffer = Buffer.alloc(0);
  private known: Record<Exclude<RefKind, 'chat'>, Set<string>> = {
    agent: new Set(),
    department: new Set(),
    'canned reply': new Set(),
  };
  private chatIds = new Set<string>();
  private pending: { kind: RefKind; id: string; line: number; field: string }[] = [];
  private hours = new Set<number>();
  private triggers: string[] = [];
  private foreignKeys = true;
  private before = { chats: 0, pageViews: 0, surveys: 0 };
  private batches!: Record<
    | 'department'
    | 'agent'
    | 'agentDepartment'
    | 'canned'
    | 'sla'
    | 'status'
    | 'pageView'
    | 'conversion'
    | 'chat'
    | 'tag'
    | 'assignment'
    | 'message'
    | 'facts'
    | 'survey',
    Batch
  >;
  private started = false;

  constructor(
    private db: Db,
    private now: number,
  ) {}

  /** Opens the import's transaction. */
  begin(): void {
    const db = this.db;
    this.foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
    // References are checked here, line by line and at the end; the database's own checks
    // would cost a lookup per message.
    db.pragma('foreign_keys = OFF');
    db.exec('BEGIN IMMEDIATE');
    this.started = true;
    // The triggers keep derived tables up to date row by row; the import fills them in bulk.
    const triggers = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'metrics\\_%' ESCAPE '\\'")
      .all() as { name: string; sql: string }[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    this.triggers = triggers.map((t) => t.sql);

    for (const [kind, table] of [
      ['agent', 'agents'],
      ['department', 'departments'],
      ['canned reply', 'canned_replies'],
    ] as const) {
      for (const id of db.prepare(`SELECT id FROM ${table}`).pluck().all() as string[]) this.known[kind].add(id);
    }
    const max = (table: string) => (db.prepare(`SELECT coalesce(max(rowid), 0) FROM ${table}`).pluck().get() as number);
    this.before = { chats: max('chats'), pageViews: max('page_views'), surveys: max('surveys') };

    const fail = (error: ImportError) => this.errors.push(error);
    const batch = (head: string, columns: number) =>
      new Batch(db, head, columns, Math.min(BATCH_ROWS, Math.floor(32_000 / columns)), (e) => fail(e));
    this.batches = {
      department: batch('INSERT INTO departments (id, name)', 2),
      agent: batch('INSERT INTO agents (id, name, email, role, max_chats, created_at)', 6),
      agentDepartment: batch('INSERT INTO agent_departments (agent_id, department_id)', 2),
      canned: batch('INSERT INTO canned_replies (id, shortcut, text)', 3),
      sla: batch(
        'INSERT INTO sla_policies (id, department_id, priority, first_response_sec, resolution_sec)',
        5,
      ),
      status: batch('INSERT INTO agent_status_changes (id, agent_id, status, at)', 4),
      pageView: batch('INSERT INTO page_views (id, visitor_id, url, at)', 4),
      conversion: batch('INSERT INTO conversions (id, visitor_id, at, value)', 4),
      chat: batch(
        `INSERT INTO chats (id, visitor_id, department_id, priority, channel, started_at, closed_at, closed_by, agent_id)`,
        9,
      ),
      tag: batch('INSERT INTO chat_tags (chat_id, tag)', 2),
      assignment: batch('INSERT INTO assignments (chat_id, agent_id, at)', 3),
      message: batch('INSERT INTO messages (id, chat_id, author, agent_id, at, text, canned_id)', 7),
      facts: batch(upsertFactsSql.slice(0, upsertFactsSql.indexOf(' VALUES')), 18),
      survey: batch(
        'INSERT INTO surveys (id, kind, chat_id, visitor_id, scale, sent_at, answered_at, score, comment)',
        9,
      ),
    };
  }

  /** Bytes of the file, in order; lines may span chunks. The chunk may be reused after the call. */
  feed(chunk: Buffer): void {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    const lastNewline = data.lastIndexOf(10);
    if (lastNewline < 0) {
      this.rest = Buffer.from(data);
      return;
    }
    const text = data.toString('utf8', 0, lastNewline);
    this.rest = Buffer.from(data.subarray(lastNewline + 1));
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      this.line(end < 0 ? text.slice(start) : text.slice(start, end));
      if (end < 0) break;
      start = end + 1;
    }
  }

  private line(raw: string): void {
    const line = ++this.lineNumber;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.errors.push({ line, message: `not valid JSON: ${(e as Error).message}` });
      return;
    }
    const checked = checkRecord(value);
    if (!checked.ok) {
      for (const message of checked.errors) this.errors.push({ line, message });
      return;
    }
    this.store(checked.record, line);
  }

  private ref(kind: RefKind, id: string | null, line: number, field: string): void {
    if (id === null) return;
    const known = kind === 'chat' ? this.chatIds.has(id) : this.known[kind].has(id);
    if (!known) this.pending.push({ kind, id, line, field });
  }

  private store(r: HistoryRecord, line: number): void {
    const b = this.batches;
    this.counts[r.type] = (this.counts[r.type] ?? 0) + 1;
    const taken = (field: string, id: string) => () => ({
      line,
      message: `${r.type}.${field}: "${id}" already exists (earlier in this file or in the database)`,
    });
    switch (r.type) {
      case 'meta':
        this.metaLines.push(line);
        break;
      case 'department':
        this.known.department.add(r.id);
        b.department.add([r.id, r.name], taken('id', r.id));
        break;
      case 'agent':
        this.known.agent.add(r.id);
        b.agent.add([r.id, r.name, r.email, r.role, r.maxChats, this.now], () => ({
          line,
          message: `agent: the id "${r.id}" or the email "${r.email}" is already used by another agent`,
        }));
        r.departments.forEach((d, i) => {
          this.ref('department', d, line, `agent.departments[${i}]`);
          b.agentDepartment.add([r.id, d], () => ({ line, message: `agent.departments[${i}]: agent "${r.id}" already has department "${d}"` }));
        });
        break;
      case 'canned':
        this.known['canned reply'].add(r.id);
        b.canned.add([r.id, r.shortcut, r.text], taken('id', r.id));
        break;
      case 'sla':
        this.ref('department', r.department, line, 'sla.department');
        b.sla.add([r.id, r.department, r.priority, r.firstResponseSec, r.resolutionSec], () => ({
          line,
          message: `sla: the id "${r.id}" is taken, or there is already a policy for department ${r.department ?? 'null'} and priority ${r.priority}`,
        }));
        break;
      case 'agent_status':
        this.ref('agent', r.agentId, line, 'agent_status.agentId');
        b.status.add([r.id, r.agentId, r.status, r.at], () => ({
          line,
          message: `agent_status: the id "${r.id}" is taken, or agent "${r.agentId}" already has a status at this time`,
        }));
        break;
      case 'page_view':
        b.pageView.add([r.id, r.visitorId, r.url, r.at], taken('id', r.id));
        break;
      case 'conversion':
        b.conversion.add([r.id, r.visitorId, r.at, r.value], taken('id', r.id));
        break;
      case 'chat':
        this.storeChat(r, line);
        break;
      case 'survey':
        this.ref('chat', r.chatId, line, 'survey.chatId');
        b.survey.add(
          [r.id, r.kind, r.chatId, r.visitorId, r.scale, r.sentAt, r.answeredAt, r.score, r.comment],
          taken('id', r.id),
        );
        break;
    }
  }

  private storeChat(r: ChatRecord, line: number): void {
    const b = this.batches;
    this.chatIds.add(r.id);
    this.ref('department', r.department, line, 'chat.department');
    const agentId = r.assignments.length ? r.assignments[r.assignments.length - 1]!.agentId : null;
    b.chat.add(
      [r.id, r.visitorId, r.department, r.priority, r.channel, r.startedAt, r.closedAt, r.closedBy, agentId],
      () => ({ line, message: `chat.id: "${r.id}" already exists (earlier in this file or in the database)` }),
    );
    const noReason = () => ({ line, message: `chat "${r.id}" could not be stored` });
    for (const tag of r.tags) b.tag.add([r.id, tag], noReason);
    r.assignments.forEach((a, i) => {
      this.ref('agent', a.agentId, line, `chat.assignments[${i}].agentId`);
      b.assignment.add([r.id, a.agentId, a.at], noReason);
    });
    r.messages.forEach((m, i) => {
      this.ref('agent', m.agentId, line, `chat.messages[${i}].agentId`);
      this.ref('canned reply', m.cannedId, line, `chat.messages[${i}].cannedId`);
      b.message.add([m.id, r.id, m.author, m.agentId, m.at, m.text, m.cannedId], () => ({
        line,
        message: `chat.messages[${i}].id: "${m.id}" already exists (earlier in this file or in the database)`,
      }));
    });
    const facts = computeChatFacts({
      startedAt: r.startedAt,
      assignments: r.assignments,
      messages: inTimeOrder(r.messages),
      tags: r.tags,
    });
    const row = {
      id: r.id,
      visitor_id: r.visitorId,
      department_id: r.department,
      channel: r.channel,
      priority: r.priority,
      started_at: r.startedAt,
      closed_at: r.closedAt,
    };
    b.facts.add(factsRow(row, facts), noReason);
    this.hours.add(hourOf(r.startedAt));
  }

  /** Checks what needs every line, then commits, or rolls back and lists every error. */
  finish(): ImportResult {
    if (this.rest.length) {
      const last = this.rest;
      this.rest = Buffer.alloc(0);
      this.feed(Buffer.concat([last, Buffer.from('\n')]));
    }
    for (const batch of Object.values(this.batches)) batch.flush();
    this.checkReferences();
    if (this.metaLines.length === 0) {
      this.errors.push({ line: 1, message: 'meta: the file needs one meta line {"type":"meta","format":"chat-history","version":1}' });
    }
    for (const line of this.metaLines.slice(1)) this.errors.push({ line, message: 'meta: only one meta line is allowed' });
    if (this.errors.length) {
      this.abort();
      return { ok: false, errors: this.errors.sort((a, b) => a.line - b.line) };
    }
    this.fillDerivedTables();
    for (const sql of this.triggers) this.db.exec(sql);
    this.db.exec('COMMIT');
    this.end();
    const imported: Partial<Record<RecordType, number>> = {};
    for (const type of RECORD_TYPES) if (type !== 'meta' && this.counts[type]) imported[type] = this.counts[type];
    return { ok: true, imported };
  }

  /** Rolls everything back. */
  abort(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    this.end();
  }

  private end(): void {
    if (!this.started) return;
    this.started = false;
    if (this.foreignKeys) this.db.pragma('foreign_keys = ON');
  }

  private checkReferences(): void {
    const chatExists = this.db.prepare('SELECT 1 FROM chats WHERE id = ?').pluck();
    for (const p of this.pending) {
      const found =
        p.kind === 'chat' ? this.chatIds.has(p.id) || chatExists.get(p.id) !== undefined : this.known[p.kind].has(p.id);
      if (!found) this.errors.push({ line: p.line, message: `${p.field}: no ${p.kind} "${p.id}" in the file or the database` });
    }
  }

  /** What the triggers of migration 010 would have written, in bulk. */
  private fillDerivedTables(): void {
    const db = this.db;
    const { chats, pageViews, surveys } = this.before;
    db.prepare(
      `INSERT INTO survey_facts (survey_id, chat_id, kind, scale, score, sent_at, answered_at, agent_id,
         department_id, channel, priority)
       SELECT s.id, s.chat_id, s.kind, s.scale, s.score, s.sent_at, s.answered_at,
         (SELECT agent_id FROM assignments a WHERE a.chat_id = s.chat_id ORDER BY a.at DESC, a.seq DESC LIMIT 1),
         c.department_id, c.channel, c.priority
       FROM surveys s JOIN chats c ON c.id = s.chat_id WHERE s.rowid > ? AND s.sent_at IS NOT NULL`,
    ).run(surveys);

    if (pageViews === 0) {
      db.exec(`INSERT INTO page_view_gaps (page_view_rowid, at, prev_at)
        SELECT rowid, at, lag(at) OVER (PARTITION BY visitor_id ORDER BY at, rowid) FROM page_views`);
    } else {
      // Earlier page views of these visitors get new neighbours too.
      db.exec(`CREATE TEMP TABLE import_page_visitors AS
        SELECT DISTINCT visitor_id FROM page_views WHERE rowid > ${pageViews}`);
      db.exec(`DELETE FROM page_view_gaps WHERE page_view_rowid IN (
        SELECT p.rowid FROM page_views p JOIN temp.import_page_visitors v ON v.visitor_id = p.visitor_id)`);
      db.exec(`INSERT INTO page_view_gaps (page_view_rowid, at, prev_at)
        SELECT rowid, at, lag(at) OVER (PARTITION BY visitor_id ORDER BY at, rowid) FROM page_views
        WHERE visitor_id IN (SELECT visitor_id FROM temp.import_page_visitors)`);
    }

    const stale = db.prepare(
      'INSERT INTO metric_blocks (hour, data) VALUES (?, NULL) ON CONFLICT (hour) DO UPDATE SET data = NULL',
    );
    for (const hour of this.hours) stale.run(hour);
    if (chats > 0) {
      // Chats that were there before: a new chat or page view of their visitor changes their
      // cross facts (FCR repeat, page views around the start).
      db.exec(`UPDATE metric_blocks SET data = NULL WHERE hour IN (
        SELECT started_at / 3600000 FROM chats WHERE rowid <= ${chats} AND visitor_id IN (
          SELECT visitor_id FROM chats WHERE rowid > ${chats}
          UNION SELECT visitor_id FROM page_views WHERE rowid > ${pageViews}))`);
    }
    if (pageViews > 0) db.exec('DROP TABLE temp.import_page_visitors');
  }
}

const CHUNK = 4 << 20;

/** Imports a history file in one go (the HTTP route; the CLI feeds chunks itself to show progress). */
export function importHistoryFile(db: Db, path: string, now: number): ImportResult {
  const run = new HistoryImport(db, now);
  const fd = openSync(path, 'r');
  try {
    run.begin();
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      run.feed(buffer.subarray(0, n));
    }
    return run.finish();
  } catch (e) {
    run.abort();
    throw e;
  } finally {
    closeSync(fd);
  }
}
