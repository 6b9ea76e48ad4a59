import type { Db } from '../store/db.ts';
import type { Sql, Store } from '../store/sql.ts';
import { BlockKind, HOUR_MS } from './blocks.ts';
import { TABLE_NAMES, TABLES, rowReader, type ImportError, type Pack, type TableName, type TablePack } from './history-pack.ts';
import type { KnownIds, PendingReview, ReaderEnd } from './history-reader.ts';
import type { RecordType } from './history-records.ts';
import { RECORD_TYPES } from './history-records.ts';

/**
 * The writing half of an import: one transaction for the whole history, committed only when
 * no line is wrong. The database refuses duplicate ids (in the file or already there); the
 * reader's checks and the references that needed every line come in with finish().
 *
 * Two writers, picked by historyWriter(store): on SQLite a synchronous one on the raw
 * connection (millions of rows through multi-row prepared statements, foreign keys and the
 * metrics triggers off), on Postgres one that sends multi-row INSERTs through the store's
 * transaction with the metrics triggers disabled. Both mark the derived blocks stale the same way.
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
  review: (v) =>
    `review: the id "${v[0]}" is taken, or chat "${v[1]}" already has a review by "${v[2]}" (earlier in this file or in the database)`,
};

/**
 * What is wrong with a review given its chat's start and its reviewer's role, as found in the
 * database once every row of the history is in (undefined: no such row, reported as a missing
 * reference already).
 */
function reviewErrors(r: PendingReview, chatStartedAt: number | undefined, reviewerRole: string | undefined): ImportError[] {
  const errors: ImportError[] = [];
  if (chatStartedAt !== undefined && r.at < chatStartedAt) {
    errors.push({ line: r.line, message: `review.at: is before the startedAt of chat "${r.chatId}"` });
  }
  if (reviewerRole !== undefined && reviewerRole !== 'admin' && reviewerRole !== 'owner') {
    errors.push({
      line: r.line,
      message: `review.reviewerId: agent "${r.reviewerId}" has role ${reviewerRole}; reviews are made by admins and owners`,
    });
  }
  return errors;
}

const reviewChatSql = 'SELECT started_at FROM chats WHERE id = ?';
const reviewerSql = 'SELECT role FROM agents WHERE id = ?';

/** A multi-row INSERT: one statement per `size` rows instead of one per row. */
class SqliteBatch {
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

/** The ids a history may refer to without defining them, and the rowids before the import. */
interface Start {
  known: KnownIds;
  before: Before;
}

interface Before {
  chats: number;
  pageViews: number;
  surveys: number;
  conversions: number;
}

export type HistoryWriter = SqliteHistoryWriter | PostgresHistoryWriter;

/** The writer for the store: synchronous on SQLite, asynchronous on Postgres. */
export function historyWriter(store: Store): HistoryWriter {
  return store.sqlite ? new SqliteHistoryWriter(store.sqlite) : new PostgresHistoryWriter(store);
}

/** Errors sorted by line, each (line, message) once. */
function sortedErrors(errors: ImportError[]): ImportError[] {
  const seen = new Set<string>();
  return errors
    .sort((a, b) => a.line - b.line)
    .filter((e) => {
      const key = `${e.line}\n${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function imported(end: ReaderEnd): ImportResult {
  const counts: Partial<Record<RecordType, number>> = {};
  for (const type of RECORD_TYPES) if (type !== 'meta' && end.counts[type]) counts[type] = end.counts[type];
  return { ok: true, imported: counts };
}

const startSql = {
  before: (table: string) => `SELECT coalesce(max(rowid), 0) FROM ${table}`,
  ids: (table: string) => `SELECT id FROM ${table}`,
};

async function readStart(db: Sql): Promise<Start> {
  const max = async (table: string) => (await db.value<number>(startSql.before(table)))!;
  const ids = (table: string) => db.column<string>(startSql.ids(table));
  return {
    before: { chats: await max('chats'), pageViews: await max('page_views'), surveys: await max('surveys'), conversions: await max('conversions') },
    known: { agents: await ids('agents'), departments: await ids('departments'), canned: await ids('canned_replies') },
  };
}

/** Marks stale what the triggers of migration 011 would have, in bulk: statements for either dialect. */
function staleDerivedBlocksSql({ chats, pageViews, surveys, conversions }: Before): string[] {
  const out: string[] = [];
  const stale = (kind: BlockKind, select: string) =>
    out.push(`INSERT INTO metric_hour_blocks (kind, hour) SELECT DISTINCT ${kind}, h FROM (${select}) AS hours WHERE h IS NOT NULL
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
    out.push(`UPDATE metric_hour_blocks SET data = NULL WHERE kind = ${BlockKind.Chats} AND hour IN (
      SELECT started_at / ${HOUR_MS} FROM chats WHERE rowid <= ${chats} AND visitor_id IN (
        SELECT visitor_id FROM chats WHERE rowid > ${chats}
        UNION SELECT visitor_id FROM page_views WHERE rowid > ${pageViews}
        UNION SELECT visitor_id FROM conversions WHERE rowid > ${conversions}))`);
  }
  return out;
}

/** SQLite: synchronous, on the raw connection, in one transaction held from begin() to finish(). */
export class SqliteHistoryWriter {
  private errors: ImportError[] = [];
  private batches!: Record<TableName, SqliteBatch>;
  private triggers: string[] = [];
  private foreignKeys = true;
  private open = false;
  private before: Before = { chats: 0, pageViews: 0, surveys: 0, conversions: 0 };

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

    const max = (table: string) => db.prepare(startSql.before(table)).pluck().get() as number;
    this.before = { chats: max('chats'), pageViews: max('page_views'), surveys: max('surveys'), conversions: max('conversions') };
    const onError = (e: ImportError) => this.errors.push(e);
    this.batches = Object.fromEntries(
      TABLE_NAMES.map((t) => [t, new SqliteBatch(db, t, BATCH_ROWS, onError)]),
    ) as Record<TableName, SqliteBatch>;
    const ids = (table: string) => db.prepare(startSql.ids(table)).pluck().all() as string[];
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
    const chatStart = this.db.prepare(reviewChatSql).pluck();
    const reviewerRole = this.db.prepare(reviewerSql).pluck();
    for (const r of end.reviews) {
      this.errors.push(
        ...reviewErrors(r, chatStart.get(r.chatId) as number | undefined, reviewerRole.get(r.reviewerId) as string | undefined),
      );
    }
    if (this.errors.length) {
      this.abort();
      return { ok: false, errors: sortedErrors(this.errors) };
    }
    for (const sql of staleDerivedBlocksSql(this.before)) this.db.exec(sql);
    for (const sql of this.triggers) this.db.exec(sql);
    this.db.exec('COMMIT');
    this.close();
    return imported(end);
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
}

/** Postgres' parameters per statement are at most 65535; rows per multi-row INSERT below that. */
const PG_PARAMS = 30_000;
const PG_MAX_ROWS = 1_000;

/** Postgres error codes. */
const FOREIGN_KEY_VIOLATION = '23503';

/** Rows of one table waiting for their multi-row INSERT (Postgres). */
interface PostgresBatch {
  table: TableName;
  width: number;
  size: number;
  values: unknown[];
  lines: number[];
  rows: number;
}

class Rollback extends Error {}

/**
 * Postgres: the whole import in one transaction of the store (held open from begin() until
 * finish() or abort()). Rows go in multi-row INSERTs of up to 1000 rows, each in a savepoint:
 * one that a unique key refuses is sent again row by row to name the refused lines; one that
 * refers to a row further on in the history (a foreign key the database checks at once, where
 * SQLite's are off) is kept, with the rest of its table, and sent again at the end when every
 * row is in. A history with such references is held in memory from there on: fine for
 * exports (which define before they refer), costly for a huge hand-made history.
 */
export class PostgresHistoryWriter {
  private errors: ImportError[] = [];
  private tx: Sql | null = null;
  private settle: ((ok: boolean) => void) | null = null;
  private done: Promise<unknown> = Promise.resolve();
  private triggers: { name: string; table: string }[] = [];
  private before: Before = { chats: 0, pageViews: 0, surveys: 0, conversions: 0 };
  private batches = new Map<TableName, PostgresBatch>();
  /** Rows that referred to rows not written yet: sent again in finish(). */
  private later: PostgresBatch[] = [];
  private read = Object.fromEntries(TABLE_NAMES.map((t) => [t, rowReader(TABLES[t].kinds)])) as Record<
    TableName,
    ReturnType<typeof rowReader>
  >;

  constructor(private store: Store) {}

  async begin(): Promise<KnownIds> {
    const opened = new Promise<Sql>((resolve) => {
      this.done = this.store
        .transaction(
          (tx) =>
            new Promise((commit, rollback) => {
              this.settle = (ok) => (ok ? commit(undefined) : rollback(new Rollback()));
              resolve(tx);
            }),
        )
        .catch((e) => {
          if (!(e instanceof Rollback)) throw e;
        });
    });
    // If the transaction cannot start, `done` rejects (and otherwise never ends the race).
    const tx = (this.tx = await Promise.race([opened, this.done.then(() => new Promise<never>(() => undefined))]));
    // Deferrable foreign keys wait for the commit; the others are met by the order of writes.
    await tx.run('SET CONSTRAINTS ALL DEFERRED');
    // The triggers keep derived tables up to date row by row; the import fills them in bulk.
    // Disabled inside the transaction: a rollback enables them again.
    this.triggers = await tx.all<{ name: string; table: string }>(
      `SELECT t.tgname AS name, c.relname AS "table" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND t.tgname LIKE 'metrics\\_%' AND pg_table_is_visible(c.oid)`,
    );
    for (const t of this.triggers) await tx.run(`ALTER TABLE "${t.table}" DISABLE TRIGGER "${t.name}"`);
    const start = await readStart(tx);
    this.before = start.before;
    return start.known;
  }

  async write(pack: Pack): Promise<void> {
    for (const e of pack.errors) this.errors.push(e);
    for (const name of TABLE_NAMES) {
      const t = pack.tables[name];
      if (!t) continue;
      const batch = this.batchOf(name);
      for (let r = 0; r < t.rows; r++) {
        this.read[name](t, r, batch.values, batch.rows * batch.width);
        batch.lines[batch.rows++] = t.lines[r]!;
        if (batch.rows === batch.size) await this.flushThrough(name);
      }
    }
  }

  async finish(end: ReaderEnd): Promise<ImportResult> {
    const tx = this.tx!;
    await this.write(end.pack);
    await this.flushThrough(TABLE_NAMES[TABLE_NAMES.length - 1]!);
    // Every row is in now: what referred to a later row goes in (parents first), or is named row by row.
    const order = (b: PostgresBatch) => TABLE_NAMES.indexOf(b.table);
    const later = this.later.sort((a, b) => order(a) - order(b));
    this.later = [];
    for (const batch of later) await this.insert(batch, true);
    this.errors.push(...end.errors);
    for (const p of end.pendingChats) {
      if ((await tx.value('SELECT 1 FROM chats WHERE id = ?', [p.id])) === undefined) {
        this.errors.push({ line: p.line, message: `${p.field}: no chat "${p.id}" in the file or the database` });
      }
    }
    for (const r of end.reviews) {
      const chatStart = await tx.value<number>(reviewChatSql, [r.chatId]);
      this.errors.push(...reviewErrors(r, chatStart, await tx.value<string>(reviewerSql, [r.reviewerId])));
    }
    if (this.errors.length) {
      await this.abort();
      return { ok: false, errors: sortedErrors(this.errors) };
    }
    for (const sql of staleDerivedBlocksSql(this.before)) await tx.run(sql);
    for (const t of this.triggers) await tx.run(`ALTER TABLE "${t.table}" ENABLE TRIGGER "${t.name}"`);
    await this.end(true);
    return imported(end);
  }

  /** Rolls everything back. */
  /** After a committed import: the planner's statistics for the tables it filled (sampled, not scanned). */
  async analyze(): Promise<void> {
    await this.store.run('ANALYZE');
  }

  async abort(): Promise<void> {
    await this.end(false);
  }

  private async end(commit: boolean): Promise<void> {
    const settle = this.settle;
    this.settle = null;
    this.tx = null;
    settle?.(commit);
    await this.done;
  }

  private batchOf(table: TableName): PostgresBatch {
    let batch = this.batches.get(table);
    if (!batch) {
      const width = TABLES[table].kinds.length;
      const size = Math.min(PG_MAX_ROWS, Math.floor(PG_PARAMS / width));
      batch = { table, width, size, values: new Array(size * width), lines: new Array(size), rows: 0 };
      this.batches.set(table, batch);
    }
    return batch;
  }

  /** Sends the rows waiting for `table` and for every table before it (what it may refer to). */
  private async flushThrough(table: TableName): Promise<void> {
    for (const name of TABLE_NAMES) {
      const batch = this.batches.get(name);
      if (batch && batch.rows > 0) {
        await this.insert(batch);
        batch.rows = 0;
      }
      if (name === table) return;
    }
  }

  private insertSql(table: TableName, rows: number): string {
    const { head, kinds } = TABLES[table];
    const row = `(${Array(kinds.length).fill('?').join(', ')})`;
    return `${head} VALUES ${Array(rows).fill(row).join(', ')} ON CONFLICT DO NOTHING`;
  }

  /** Sends a batch; `last`: every row of the history is in (else one referring to a later row waits). */
  private async insert(batch: PostgresBatch, last = false): Promise<void> {
    const tx = this.tx!;
    const values = batch.values.slice(0, batch.rows * batch.width);
    if (!last && this.later.some((b) => b.table === batch.table)) {
      // Behind a batch that waits: waits too, so that rows go in (and get rowids) in history order.
      this.later.push({ ...batch, values, lines: batch.lines.slice(0, batch.rows) });
      return;
    }
    await tx.run('SAVEPOINT import_rows');
    let inserted: number;
    try {
      inserted = await tx.run(this.insertSql(batch.table, batch.rows), values);
    } catch (e) {
      await tx.run('ROLLBACK TO SAVEPOINT import_rows');
      await tx.run('RELEASE SAVEPOINT import_rows');
      if ((e as { code?: string }).code !== FOREIGN_KEY_VIOLATION) throw e;
      if (last) await this.insertRowByRow({ ...batch, values }, true);
      else this.later.push({ ...batch, values, lines: batch.lines.slice(0, batch.rows) });
      return;
    }
    if (inserted === batch.rows) {
      await tx.run('RELEASE SAVEPOINT import_rows');
      return;
    }
    // A unique key refused some row: which, one by one.
    await tx.run('ROLLBACK TO SAVEPOINT import_rows');
    await tx.run('RELEASE SAVEPOINT import_rows');
    await this.insertRowByRow({ ...batch, values }, last);
  }

  /** Each row on its own; a refused one is an error of its line. */
  private async insertRowByRow(batch: PostgresBatch, savepoints: boolean): Promise<void> {
    const tx = this.tx!;
    const sql = this.insertSql(batch.table, 1);
    for (let r = 0; r < batch.rows; r++) {
      const row = batch.values.slice(r * batch.width, (r + 1) * batch.width);
      const line = batch.lines[r]!;
      if (savepoints) await tx.run('SAVEPOINT import_row');
      try {
        if ((await tx.run(sql, row)) === 0) this.errors.push({ line, message: REFUSED[batch.table](row) });
        if (savepoints) await tx.run('RELEASE SAVEPOINT import_row');
      } catch (e) {
        if (!savepoints) throw e;
        await tx.run('ROLLBACK TO SAVEPOINT import_row');
        await tx.run('RELEASE SAVEPOINT import_row');
        this.errors.push({ line, message: `${batch.table}: ${(e as Error).message}` });
      }
    }
  }
}
