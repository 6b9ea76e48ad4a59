import type { Sql } from '../store/sql.ts';

/**
 * Hour blocks (table metric_hour_blocks): the rows of one UTC hour packed into typed arrays. A
 * metric query over a month reads ~720 blocks of each kind instead of ~10^6 index rows: the cost
 * of a row is in making JS values of it, which a packed block pays once per column. A block is
 * rebuilt from the tables when the triggers of migration 011 (or recomputeChatFacts) mark it
 * stale, and on the first query after that.
 */

export const HOUR_MS = 3_600_000;

export enum BlockKind {
  Chats = 0,
  SurveysSent = 1,
  SurveysAnswered = 2,
  PageViews = 3,
}

type Column = Float64Array | Int32Array | Uint8Array;
type ColumnType = 'f64' | 'i32' | 'u8';

const CONSTRUCTORS = { f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
const typeOf = (c: Column): ColumnType => (c instanceof Float64Array ? 'f64' : c instanceof Int32Array ? 'i32' : 'u8');

export interface Packed {
  n: number;
  /** The start of the block's hour (ms): what hour-relative time columns count from. */
  base: number;
  /** Names the i32 code columns refer to (agent, department, tag and canned reply ids). */
  dict: string[];
  columns: Record<string, Column>;
}

/**
 * Header (JSON: n, dict, each column's type and length), then each column aligned to 8 bytes.
 * Columns are unpacked by position: the caller names them in the order it packed them.
 */
export function pack(p: Packed): Buffer {
  const columns = Object.values(p.columns);
  const json = Buffer.from(
    JSON.stringify({
      n: p.n,
      base: p.base,
      dict: p.dict,
      types: columns.map(typeOf).join(' '),
      lengths: columns.map((c) => c.length),
    }),
  );
  const align = (x: number) => Math.ceil(x / 8) * 8;
  let size = align(4 + json.length);
  for (const c of columns) size += align(c.byteLength);
  const out = Buffer.alloc(size);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  let at = align(4 + json.length);
  for (const c of columns) {
    out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += align(c.byteLength);
  }
  return out;
}

/** `data` as either driver gives a BLOB / BYTEA: a Buffer (or any Uint8Array). */
export function unpack(data: Uint8Array, names: readonly string[]): Packed {
  // Typed views need 8-byte alignment: a Buffer from SQLite has its own memory, one from
  // node-postgres may be a slice of a shared one; copy when it is not aligned.
  const buf =
    data.byteOffset % 8 === 0
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(new Uint8Array(data));
  const jsonLength = buf.readUInt32LE(0);
  const header = JSON.parse(buf.toString('utf8', 4, 4 + jsonLength)) as {
    n: number;
    base: number;
    dict: string[];
    types: string;
    lengths: number[];
  };
  const align = (x: number) => Math.ceil(x / 8) * 8;
  let at = buf.byteOffset + align(4 + jsonLength);
  const columns: Record<string, Column> = {};
  header.types.split(' ').forEach((type, k) => {
    const make = CONSTRUCTORS[type as ColumnType];
    columns[names[k]!] = new make(buf.buffer as ArrayBuffer, at, header.lengths[k]!);
    at += align(header.lengths[k]! * make.BYTES_PER_ELEMENT);
  });
  return { n: header.n, base: header.base, dict: header.dict, columns };
}

/** Whole numbers that fit stay 4 bytes each; anything else keeps 8. */
export function compactNumbers(values: Float64Array): Float64Array | Int32Array {
  for (const v of values) if (!Number.isInteger(v) || v > 2_147_483_647 || v < -2_147_483_648) return values;
  return Int32Array.from(values);
}

const NONE = -2_147_483_648;

/**
 * Times (ms, NaN = none) as offsets from a base per row, 4 bytes each when every offset fits:
 * most of a block's bytes are times, and most times are near the chat's start or the hour's.
 */
export function packTimes(times: Float64Array, base: (row: number) => number): Float64Array | Int32Array {
  const out = new Int32Array(times.length);
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    if (Number.isNaN(t)) {
      out[k] = NONE;
      continue;
    }
    const offset = t - base(k);
    if (!Number.isInteger(offset) || offset <= NONE || offset > 2_147_483_647) return times;
    out[k] = offset;
  }
  return out;
}

/**
 * The times of packTimes(times, () => base), written to `out` (a new array by default). The
 * unpacking functions are separate loops per kind of base rather than one taking a function
 * of the row: a call per time, of a different function per column, made unpacking a tenth of
 * a 30-day summary's time.
 */
export function unpackTimes(column: Float64Array | Int32Array, base: number, out?: Float64Array): Float64Array {
  if (column instanceof Float64Array) return column;
  out ??= new Float64Array(column.length);
  for (let k = 0; k < column.length; k++) {
    const v = column[k]!;
    out[k] = v === NONE ? NaN : base + v;
  }
  return out;
}

/** The times of packTimes(times, (row) => bases[row]), written to `out` (a new array by default). */
export function unpackRowTimes(column: Float64Array | Int32Array, bases: Float64Array, out?: Float64Array): Float64Array {
  if (column instanceof Float64Array) return column;
  out ??= new Float64Array(column.length);
  for (let k = 0; k < column.length; k++) {
    const v = column[k]!;
    out[k] = v === NONE ? NaN : bases[k]! + v;
  }
  return out;
}

/**
 * The times of a per-row list (row i's entries are [starts[i], starts[i + 1])) packed with the
 * base of their row: packTimes(times, (k) => bases[row of entry k]).
 */
export function unpackListTimes(
  column: Float64Array | Int32Array,
  starts: Int32Array,
  bases: Float64Array,
  out?: Float64Array,
): Float64Array {
  if (column instanceof Float64Array) return column;
  out ??= new Float64Array(column.length);
  for (let i = 0; i + 1 < starts.length; i++) {
    const base = bases[i]!;
    for (let k = starts[i]!; k < starts[i + 1]!; k++) {
      const v = column[k]!;
      out[k] = v === NONE ? NaN : base + v;
    }
  }
  return out;
}

/**
 * Arrays reused from block to block while a query scans them: a block unpacked into them is
 * read before the next one is, and not allocating ~10 arrays per block spares the collector.
 */
export class Scratch {
  private arrays = new Map<string, Float64Array>();

  /** An array of `length` doubles, named so that each column keeps its own. */
  f64(name: string, length: number): Float64Array {
    let a = this.arrays.get(name);
    if (!a || a.length < length) {
      a = new Float64Array(Math.max(length, 2 * (a?.length ?? 0), 256));
      this.arrays.set(name, a);
    }
    return a.subarray(0, length);
  }
}

/** Query-wide codes for names (agent, department, tag and canned reply ids). */
export class Names {
  private codes = new Map<string, number>();
  private names: string[] = [];

  code(name: string): number {
    let c = this.codes.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.codes.set(name, c);
      this.names.push(name);
    }
    return c;
  }

  name(code: number): string {
    return this.names[code]!;
  }

  /** How many names have codes (codes are 0 .. size − 1). */
  size(): number {
    return this.names.length;
  }

  /** Rewrites a block's codes (indexes into its dict) as the query's codes, in place. */
  translate(dict: string[], ...columns: Int32Array[]): void {
    const codes = dict.map((name) => this.code(name));
    for (const column of columns) {
      for (let k = 0; k < column.length; k++) {
        const c = column[k]!;
        if (c >= 0) column[k] = codes[c]!;
      }
    }
  }
}

/** Builds a block's dict while filling code columns. */
export class Dictionary {
  readonly names: string[] = [];
  private index = new Map<string, number>();

  code(name: string | null): number {
    if (name === null) return -1;
    let c = this.index.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.names.push(name);
      this.index.set(name, c);
    }
    return c;
  }
}

/**
 * The SQL of the blocks. SQLite's planner is told the partial index of stale blocks (it would
 * rather walk the primary key); Postgres finds it itself.
 */
const staleSql = (db: Sql) =>
  `SELECT hour FROM metric_hour_blocks${db.dialect === 'sqlite' ? ' INDEXED BY metric_hour_blocks_stale' : ''}
   WHERE kind = ? AND hour >= ? AND hour < ? AND data IS NULL ORDER BY hour`;
const storeSql = 'UPDATE metric_hour_blocks SET data = ? WHERE kind = ? AND hour = ?';
const readSql = 'SELECT hour, data FROM metric_hour_blocks WHERE kind = ? AND hour >= ? AND hour < ? ORDER BY hour';

/**
 * Chat blocks carry the conversions in each chat's window: when the window setting is not the
 * one they were built with, every chat block is stale.
 */
export async function useConversionWindow(db: Sql, windowMs: number): Promise<void> {
  if ((await db.value('SELECT conversion_window_ms FROM metric_blocks_built_with')) === windowMs) return;
  await db.transaction(async (tx) => {
    await tx.run(`UPDATE metric_hour_blocks SET data = NULL WHERE kind = ${BlockKind.Chats}`);
    await tx.run(
      `INSERT INTO metric_blocks_built_with (id, conversion_window_ms) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET conversion_window_ms = excluded.conversion_window_ms`,
      [windowMs],
    );
  });
}

/** Builds one hour's block of a kind from the tables. */
export type BuildBlock = (db: Sql, hour: number) => Promise<Buffer>;

/** Rebuilds the stale blocks of one kind in hours [fromHour, toHour), in one transaction. */
export async function refreshBlocks(db: Sql, kind: BlockKind, fromHour: number, toHour: number, build: BuildBlock): Promise<void> {
  const stale = await db.column<number>(staleSql(db), [kind, fromHour, toHour]);
  if (stale.length === 0) return;
  await db.transaction(async (tx) => {
    for (const hour of stale) await tx.run(storeSql, [await build(tx, hour), kind, hour]);
  });
}

/** Builds one hour's block from the tables and stores it (run it in a transaction). */
export async function rebuildBlock(tx: Sql, kind: BlockKind, hour: number, build: BuildBlock): Promise<Buffer> {
  const built = await build(tx, hour);
  await tx.run(storeSql, [built, kind, hour]);
  return built;
}

/** Hours of blocks read per query: a week's blocks in memory at a time, not the whole range's. */
const READ_HOURS = 168;

/**
 * The stored blocks of one kind in hours [fromHour, toHour), in hour order, read a week at a
 * time (run refreshBlocks first). A block made stale by a write since then is rebuilt here.
 */
export async function* readBlocks(
  db: Sql,
  kind: BlockKind,
  fromHour: number,
  toHour: number,
  columns: readonly string[],
  build: BuildBlock,
): AsyncGenerator<Packed> {
  for (let from = fromHour; from < toHour; from += READ_HOURS) {
    const to = Math.min(from + READ_HOURS, toHour);
    const rows = await db.all<{ hour: number; data: Uint8Array | null }>(readSql, [kind, from, to]);
    for (const row of rows) {
      let data = row.data;
      if (data === null) data = await db.transaction((tx) => rebuildBlock(tx, kind, row.hour, build));
      yield unpack(data, columns);
    }
  }
}
/** Marks one hour's block stale, creating its row. */
export const staleBlockSql =
  'INSERT INTO metric_hour_blocks (kind, hour, data) VALUES (?, ?, NULL) ON CONFLICT (kind, hour) DO UPDATE SET data = NULL';
