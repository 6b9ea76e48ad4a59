import type { Db } from '../store/db.ts';
import { BlockKind, HOUR_MS } from './blocks.ts';
import { TABLE_NAMES, TABLES, rowReader, type ImportError, type Pack, type TableName, type TablePack } from './history-pack.ts';
import type { KnownIds, ReaderEnd } from './history-reader.ts';
import type { RecordType } from './history-records.ts';
import { RECORD_TYPES } from './history-records.ts';

/**
 * The writing half of an import: one transaction for the whole history, committed only when
 * no line is wrong. The database refuses duplicate ids (in the file or already there); the
 * reader's checks and the references that needed every line come in with finish().
 */

export type ImportResult =
  | { ok: true; imported: Partial<Record<RecordType, number>> }
  | { ok: false; errors: ImportError[] };

/** Why the database refused a row, from the row's values. */
const REFUSED: Record<TableName, (v: unknown[]) => string> = {
  department: (v) => `department.id: "${v[0]}" already exists (earlier in this file or in the database)`,
  agent: (v) => `agent.id: "${v[0]}" already exists (earlier in this file or in the database)`,
  agentDepartment: (v) => `agent.departments: agent "${v[0]}" already has department "${v[1]}"`,
  canned: (v) => `canned.id: "${v[0]}" already exists (earlier in this file or in the database)`,
  sla: (v) =>
    `sla: the id "${v[0]}" is taken, or there is already a policy for department ${v[1] ?? 'null'} and priority ${v[2]}`,
  status: (v) => `agent_status: the id "${v[0]}" is taken, or agent "${v[1]}" already has a status at ${new Date(v[3] as number).toISOString()}`,
  pageView: (v) => `page_view.id: "${v[0]}" already exists (earlier in this file or in the database)`,
  conversion: (v) => `conversion.id: "${v[0]}" already exists (earlier in this file or in the database)`,
  chat: (v) => `chat.id: "${v[0]}" already exists (earlier in this file or in the database)`,
  tag: (v) => `chat.id: "${v[0]}" already exists (earlier in this file or in the database)`,
  assignment: (v) => `chat.id: "${v[0]}" already exists (earlier in this file or in the database)`,
  message: (v) => `chat.messages: message id "${v[0]}" already exists (earlier in this file or in the database)`,
  facts: (v) => `chat.id: "${v[0]}" already exists (earlier in this file or in the database)`,
  survey: (v) => `survey.id: "${v[0]}" already exists (earlier in this file or in the database)`,
};

/** A multi-row INSERT: one statement per `size` rows instead of one per row. */
class Batch {
  private values: unknown[];
  private lines: number[] = [];
  private rows = 0;
  private full;
  private single;
  private read;

  constructor(
    db: Db,
    private table: TableName,
    private size: number,
    private onError: (e: ImportError) => void,
  ) {
    const { head, kinds } = TABLES[table];
    const row = `(${Array(kinds.length).fill('?').join(', ')})`;
    this.full = db.prepare(`${head} VALUES ${Array(size).fill(row).join(', ')}`);
    this.single = db.prepare(`${head} VALUES ${row}`);
    this.values = new Array(size * kinds.length);
    this.read = rowReader(kinds);
  }

  addRows(t: TablePack): void {
    const width = TABLES[this.table].kinds.length;
    for (let r = 0; r < t.rows; r++) {
      this.read(t, r, this.values, this.rows * width);
      this.lines[this.rows++] = t.lines[r]!;
      if (this.rows === this.size) this.flush();
    }
  }

  flush(): void {
    if (this.rows === 0) return;
    if (this.rows === this.size) {
      try {
        this.full.run(this.values);
      } catch {
        // Some row is refused (a duplicate id): find which, one by one.
        this.rowByRow();
      }
    } else {
      this.rowByRow();
    }
    this.rows = 0;
  }

  private rowByRow(): void {
    const width = TABLES[this.table].kinds.length;
    for (let r = 0; r < this.rows; r++) {
      const row = this.values.slice(r * width, (r + 1) * width);
      try {
        this.single.run(row);
      } catch {
        this.onError({ line: this.lines[r]!, message: REFUSED[this.table](row) });
      }
    }
  }
}

const BATCH_ROWS = 200;

export class HistoryWriter {
  private errors: ImportError[] = [];
  private batches!: Record<TableName, Batch>;
  private triggers: string[] = [];
  private foreignKeys = true;
  private open = false;
  private before = { chats: 0, pageViews: 0, surveys: 0, conversions: 0 };

  constructor(private db: Db) {}

  /** Opens the transaction; returns the ids the history may refer to without defining them. */
  begin(): KnownIds {
    const db = this.db;
    this.foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
    // References are checked by the reader; the database's own checks would cost a lookup per message.
    db.pragma('foreign_keys = OFF');
    db.exec('BEGIN IMMEDIATE');
    this.open = true;
    // The triggers keep derived tables up to date row by row; the import fills them in bulk.
    const triggers = db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'metrics\\_%' ESCAPE '\\'")
      .all() as { name: string; sql: string }[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    this.triggers = triggers.map((t) => t.sql);

    const max = (table: string) => db.prepare(`SELECT coalesce(max(rowid), 0) FROM ${table}`).pluck().get() as number;
    this.before = { chats: max('chats'), pageViews: max('page_views'), surveys: max('surveys'), conversions: max('conversions') };
    const onError = (e: ImportError) => this.errors.push(e);
    this.batches = Object.fromEntries(
      TABLE_NAMES.map((t) => [t, new Batch(db, t, BATCH_ROWS, onError)]),
    ) as Record<TableName, Batch>;
    const ids = (table: string) => db.prepare(`SELECT id FROM ${table}`).pluck().all() as string[];
    return { agents: ids('agents'), departments: ids('departments'), canned: ids('canned_replies') };
  }

  write(pack: Pack): void {
    for (const e of pack.errors) this.errors.push(e);
    for (const name of TABLE_NAMES) {
      const t = pack.tables[name];
      if (t) this.batches[name].addRows(t);
    }
  }

  /** Commits, or rolls back and lists every error (sorted by line). */
  finish(end: ReaderEnd): ImportResult {
    this.write(end.pack);
    for (const batch of Object.values(this.batches)) batch.flush();
    this.errors.push(...end.errors);
    const chatExists = this.db.prepare('SELECT 1 FROM chats WHERE id = ?').pluck();
    for (const p of end.pendingChats) {
      if (chatExists.get(p.id) === undefined) {
        this.errors.push({ line: p.line, message: `${p.field}: no chat "${p.id}" in the file or the database` });
      }
    }
    if (this.errors.length) {
      this.abort();
      const seen = new Set<string>();
      const errors = this.errors
        .sort((a, b) => a.line - b.line)
        .filter((e) => {
          const key = `${e.line}\n${e.message}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      return { ok: false, errors };
    }
    this.staleDerivedBlocks();
    for (const sql of this.triggers) this.db.exec(sql);
    this.db.exec('COMMIT');
    this.close();
    const imported: Partial<Record<RecordType, number>> = {};
    for (const type of RECORD_TYPES) if (type !== 'meta' && end.counts[type]) imported[type] = end.counts[type];
    return { ok: true, imported };
  }

  /** Rolls everything back. */
  abort(): void {
    if (this.open && this.db.inTransaction) this.db.exec('ROLLBACK');
    this.close();
  }

  private close(): void {
    if (!this.open) return;
    this.open = false;
    if (this.foreignKeys) this.db.pragma('foreign_keys = ON');
  }

  /** Marks stale what the triggers of migration 011 would have, in bulk. */
  private staleDerivedBlocks(): void {
    const db = this.db;
    const { chats, pageViews, surveys, conversions } = this.before;
    const stale = (kind: BlockKind, select: string) =>
      db.exec(`INSERT INTO metric_hour_blocks (kind, hour, data) SELECT DISTINCT ${kind}, h, NULL FROM (${select}) WHERE h IS NOT NULL
        ON CONFLICT (kind, hour) DO UPDATE SET data = NULL`);
    stale(BlockKind.Chats, `SELECT started_at / ${HOUR_MS} AS h FROM chats WHERE rowid > ${chats}`);
    stale(BlockKind.SurveysSent, `SELECT sent_at / ${HOUR_MS} AS h FROM surveys WHERE rowid > ${surveys}`);
    stale(
      BlockKind.SurveysAnswered,
      `SELECT answered_at / ${HOUR_MS} AS h FROM surveys WHERE rowid > ${surveys} AND sent_at IS NOT NULL`,
    );
    stale(BlockKind.PageViews, `SELECT at / ${HOUR_MS} AS h FROM page_views WHERE rowid > ${pageViews}`);
    if (pageViews > 0) {
      // Earlier page views of these visitors may now have a later previous one.
      stale(
        BlockKind.PageViews,
        `SELECT at / ${HOUR_MS} AS h FROM page_views WHERE rowid <= ${pageViews} AND visitor_id IN (
           SELECT visitor_id FROM page_views WHERE rowid > ${pageViews})`,
      );
    }
    if (chats > 0) {
      // Chats that were there before: a new chat, page view or conversion of their visitor
      // changes what their block carries (FCR repeat, page views, conversions).
      db.exec(`UPDATE metric_hour_blocks SET data = NULL WHERE kind = ${BlockKind.Chats} AND hour IN (
        SELECT started_at / ${HOUR_MS} FROM chats WHERE rowid <= ${chats} AND visitor_id IN (
          SELECT visitor_id FROM chats WHERE rowid > ${chats}
          UNION SELECT visitor_id FROM page_views WHERE rowid > ${pageViews}
          UNION SELECT visitor_id FROM conversions WHERE rowid > ${conversions}))`);
    }
  }
}
