import type { Db } from '../store/db.ts';
import { HOUR_MS } from './facts.ts';
import { perDb } from './per-db.ts';

/**
 * The facts of the chats started in one UTC hour, packed into typed arrays (table
 * metric_blocks). A metric query over a month reads ~720 of these instead of ~300k rows: the
 * cost of a row is in making JS values of it, which a packed block pays once per column.
 * A block also carries what depends on other chats and on page views (FCR repeat, page views
 * around the start); the triggers of migration 010 mark it stale when those change.
 */

export const CHANNELS = ['widget', 'offline'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

/** A chat with a hold that can end more than this after its start is read from SQL, not blocks. */
export const LONG_CHAT_MS = 86_400_000;

export interface ChatBlock {
  n: number;
  /** NaN = none. */
  startedAt: Float64Array;
  closedAt: Float64Array;
  firstAssignedAt: Float64Array;
  firstReplyAt: Float64Array;
  /** The visitor's first chat start after this chat's close (FCR). */
  nextVisitAt: Float64Array;
  /** The visitor's last page view at or before the start, and first one after it. */
  prevPageViewAt: Float64Array;
  nextPageViewAt: Float64Array;
  /** Name codes (see Names); -1 = none. */
  agent: Int32Array;
  department: Int32Array;
  /** A number that is the same for all chats of one visitor. */
  visitor: Int32Array;
  assignmentCount: Int32Array;
  replyCount: Int32Array;
  cannedReplyCount: Int32Array;
  messageCount: Int32Array;
  /** Index into CHANNELS / PRIORITIES. */
  channel: Uint8Array;
  priority: Uint8Array;
  /** Open, or closed more than LONG_CHAT_MS after its start. */
  long: Uint8Array;
  /** Chat i's tags are tag[tagStart[i] .. tagStart[i + 1]); likewise below. */
  tagStart: Int32Array;
  tag: Int32Array;
  cannedStart: Int32Array;
  cannedId: Int32Array;
  cannedUses: Int32Array;
  intervalStart: Int32Array;
  /** Response intervals in ms. */
  interval: Float64Array;
  assignmentStart: Int32Array;
  assignmentAgent: Int32Array;
  assignmentAt: Float64Array;
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
}

interface Header {
  n: number;
  dict: string[];
  tags: number;
  canned: number;
  intervals: number;
  assignments: number;
}

const F64_PER_CHAT = 7;
const I32_PER_CHAT = 7;
const U8_PER_CHAT = 3;

type Row = [
  startedAt: number,
  closedAt: number | null,
  agentId: string | null,
  departmentId: string | null,
  channel: string,
  priority: string,
  firstAssignedAt: number | null,
  assignmentCount: number,
  firstReplyAt: number | null,
  replyCount: number,
  cannedReplyCount: number,
  messageCount: number,
  tags: string,
  canned: string,
  intervals: string,
  assignments: string,
  visitorCode: number | null,
  nextVisitAt: number | null,
  prevPageViewAt: number | null,
  nextPageViewAt: number | null,
];

const statements = perDb((db) => ({
  rows: db
    .prepare(
      `SELECT f.started_at, f.closed_at, f.agent_id, f.department_id, f.channel, f.priority,
        f.first_assigned_at, f.assignment_count, f.first_reply_at, f.reply_count, f.canned_reply_count,
        f.message_count, f.tags, f.canned, f.intervals, f.assignments,
        (SELECT min(c.rowid) FROM chats c WHERE c.visitor_id = f.visitor_id),
        (SELECT min(c.started_at) FROM chats c WHERE c.visitor_id = f.visitor_id AND c.started_at > f.closed_at),
        (SELECT max(p.at) FROM page_views p WHERE p.visitor_id = f.visitor_id AND p.at <= f.started_at),
        (SELECT min(p.at) FROM page_views p WHERE p.visitor_id = f.visitor_id AND p.at > f.started_at)
       FROM chat_facts f WHERE f.started_at >= ? AND f.started_at < ? ORDER BY f.started_at, f.chat_id`,
    )
    .raw(true),
  stale: db.prepare('SELECT hour FROM metric_blocks WHERE data IS NULL AND hour >= ? AND hour < ?').pluck(),
  store: db.prepare('UPDATE metric_blocks SET data = ? WHERE hour = ?'),
  read: db.prepare('SELECT data FROM metric_blocks WHERE hour >= ? AND hour < ? ORDER BY hour').pluck(),
}));

const orNaN = (v: number | null) => (v === null ? NaN : v);

/** Packs the chats that started in `hour` from chat_facts (and the tables their cross facts need). */
export function buildBlock(db: Db, hour: number): Buffer {
  const rows = statements(db).rows.all(hour * HOUR_MS, (hour + 1) * HOUR_MS) as Row[];
  const dict: string[] = [];
  const dictIndex = new Map<string, number>();
  const code = (name: string | null) => {
    if (name === null) return -1;
    let c = dictIndex.get(name);
    if (c === undefined) {
      c = dict.length;
      dict.push(name);
      dictIndex.set(name, c);
    }
    return c;
  };
  const n = rows.length;
  const parsed = rows.map((r) => ({
    tags: JSON.parse(r[12]) as string[],
    canned: Object.entries(JSON.parse(r[13]) as Record<string, number>),
    intervals: JSON.parse(r[14]) as number[],
    assignments: JSON.parse(r[15]) as [string, number][],
  }));
  const header: Header = {
    n,
    dict,
    tags: parsed.reduce((s, p) => s + p.tags.length, 0),
    canned: parsed.reduce((s, p) => s + p.canned.length, 0),
    intervals: parsed.reduce((s, p) => s + p.intervals.length, 0),
    assignments: parsed.reduce((s, p) => s + p.assignments.length, 0),
  };
  const { buffer, block } = allocate(header);
  let tagAt = 0;
  let cannedAt = 0;
  let intervalAt = 0;
  let assignmentAt = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const p = parsed[i]!;
    block.startedAt[i] = r[0];
    block.closedAt[i] = orNaN(r[1]);
    block.agent[i] = code(r[2]);
    block.department[i] = code(r[3]);
    block.channel[i] = CHANNELS.indexOf(r[4] as (typeof CHANNELS)[number]);
    block.priority[i] = PRIORITIES.indexOf(r[5] as (typeof PRIORITIES)[number]);
    block.firstAssignedAt[i] = orNaN(r[6]);
    block.assignmentCount[i] = r[7];
    block.firstReplyAt[i] = orNaN(r[8]);
    block.replyCount[i] = r[9];
    block.cannedReplyCount[i] = r[10];
    block.messageCount[i] = r[11];
    block.visitor[i] = r[16] ?? -1;
    block.nextVisitAt[i] = orNaN(r[17]);
    block.prevPageViewAt[i] = orNaN(r[18]);
    block.nextPageViewAt[i] = orNaN(r[19]);
    block.long[i] = r[1] === null || r[1] - r[0] > LONG_CHAT_MS ? 1 : 0;
    block.tagStart[i] = tagAt;
    for (const t of p.tags) block.tag[tagAt++] = code(t);
    block.cannedStart[i] = cannedAt;
    for (const [id, uses] of p.canned) {
      block.cannedId[cannedAt] = code(id);
      block.cannedUses[cannedAt++] = uses;
    }
    block.intervalStart[i] = intervalAt;
    for (const ms of p.intervals) block.interval[intervalAt++] = ms;
    block.assignmentStart[i] = assignmentAt;
    for (const [agentId, at] of p.assignments) {
      block.assignmentAgent[assignmentAt] = code(agentId);
      block.assignmentAt[assignmentAt++] = at;
    }
  }
  block.tagStart[n] = tagAt;
  block.cannedStart[n] = cannedAt;
  block.intervalStart[n] = intervalAt;
  block.assignmentStart[n] = assignmentAt;
  // The dictionary grew while filling: write the final header.
  return Buffer.concat([encodeHeader(header), buffer]);
}

function encodeHeader(header: Header): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const padded = Math.ceil((4 + json.length) / 8) * 8;
  const out = Buffer.alloc(padded, 0x20);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  return out;
}

function sizes(h: Header) {
  const f64 = F64_PER_CHAT * h.n + h.intervals + h.assignments;
  const i32 = I32_PER_CHAT * h.n + 4 * (h.n + 1) + h.tags + 2 * h.canned + h.assignments;
  const u8 = U8_PER_CHAT * h.n;
  return { f64, i32, u8, bytes: f64 * 8 + i32 * 4 + u8 };
}

function allocate(h: Header): { buffer: Buffer; block: ChatBlock } {
  const buffer = Buffer.alloc(sizes(h).bytes);
  return { buffer, block: views(h, buffer.buffer as ArrayBuffer, buffer.byteOffset) };
}

function views(h: Header, ab: ArrayBuffer, offset: number): ChatBlock {
  const { f64, i32 } = sizes(h);
  const n = h.n;
  const F = new Float64Array(ab, offset, f64);
  const I = new Int32Array(ab, offset + f64 * 8, i32);
  const U = new Uint8Array(ab, offset + f64 * 8 + i32 * 4, U8_PER_CHAT * n);
  let f = 0;
  let i = 0;
  let u = 0;
  const nextF = (len: number) => F.subarray(f, (f += len));
  const nextI = (len: number) => I.subarray(i, (i += len));
  const nextU = (len: number) => U.subarray(u, (u += len));
  return {
    n,
    startedAt: nextF(n),
    closedAt: nextF(n),
    firstAssignedAt: nextF(n),
    firstReplyAt: nextF(n),
    nextVisitAt: nextF(n),
    prevPageViewAt: nextF(n),
    nextPageViewAt: nextF(n),
    interval: nextF(h.intervals),
    assignmentAt: nextF(h.assignments),
    agent: nextI(n),
    department: nextI(n),
    visitor: nextI(n),
    assignmentCount: nextI(n),
    replyCount: nextI(n),
    cannedReplyCount: nextI(n),
    messageCount: nextI(n),
    tagStart: nextI(n + 1),
    tag: nextI(h.tags),
    cannedStart: nextI(n + 1),
    cannedId: nextI(h.canned),
    cannedUses: nextI(h.canned),
    intervalStart: nextI(n + 1),
    assignmentStart: nextI(n + 1),
    assignmentAgent: nextI(h.assignments),
    channel: nextU(n),
    priority: nextU(n),
    long: nextU(n),
  };
}

/** Unpacks a stored block, translating its names into the query's codes. */
export function decodeBlock(data: Buffer, names: Names): ChatBlock {
  const headerLength = data.readUInt32LE(0);
  const header = JSON.parse(data.toString('utf8', 4, 4 + headerLength)) as Header;
  const bodyStart = Math.ceil((4 + headerLength) / 8) * 8;
  // Typed views need 8-byte alignment; the copy also lets the codes be rewritten in place.
  const body = new Uint8Array(data.length - bodyStart);
  body.set(data.subarray(bodyStart));
  const block = views(header, body.buffer, 0);
  const codes = header.dict.map((name) => names.code(name));
  for (const column of [block.agent, block.department, block.tag, block.cannedId, block.assignmentAgent]) {
    for (let k = 0; k < column.length; k++) {
      const c = column[k]!;
      if (c >= 0) column[k] = codes[c]!;
    }
  }
  return block;
}

/** Rebuilds the stale blocks of hours [fromHour, toHour). */
export function refreshBlocks(db: Db, fromHour: number, toHour: number): void {
  const s = statements(db);
  const stale = s.stale.all(fromHour, toHour) as number[];
  if (stale.length === 0) return;
  db.transaction(() => {
    for (const hour of stale) s.store.run(buildBlock(db, hour), hour);
  })();
}

/** The blocks of hours [fromHour, toHour), in hour order; refreshBlocks first. */
export function* readBlocks(db: Db, fromHour: number, toHour: number, names: Names): Generator<ChatBlock> {
  for (const data of statements(db).read.iterate(fromHour, toHour) as IterableIterator<Buffer>) {
    yield decodeBlock(data, names);
  }
}
