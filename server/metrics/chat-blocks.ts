import type { Sql } from '../store/sql.ts';
import {
  compactNumbers,
  Dictionary,
  HOUR_MS,
  type Names,
  type Packed,
  pack,
  packTimes,
  type Scratch,
  unpackListTimes,
  unpackRowTimes,
  unpackTimes,
} from './blocks.ts';
import { bytewise } from './dialect.ts';

/**
 * Chat hour blocks: the facts of the chats started in one UTC hour (from chat_facts), with what
 * depends on other rows: the visitor's next chat after the close (FCR), page views around the
 * start (visitors.chatRate) and conversions in the chat's window (built for one window setting).
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
  /** A number that is the same for all chats of one visitor (the rowid of their first chat). */
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
  interval: Float64Array | Int32Array;
  assignmentStart: Int32Array;
  assignmentAgent: Int32Array;
  assignmentAt: Float64Array;
  /** Conversions of the visitor in [start, start + window): their rowid and value. */
  conversionStart: Int32Array;
  conversionId: Float64Array | Int32Array;
  conversionValue: Float64Array;
}

/** The columns of a chat block, in the order they are packed. */
export const CHAT_COLUMNS = [
  'startedAt', 'closedAt', 'firstAssignedAt', 'firstReplyAt', 'nextVisitAt', 'prevPageViewAt', 'nextPageViewAt',
  'agent', 'department', 'visitor', 'assignmentCount', 'replyCount', 'cannedReplyCount', 'messageCount',
  'channel', 'priority', 'long', 'tagStart', 'tag', 'cannedStart', 'cannedId', 'cannedUses', 'intervalStart',
  'interval', 'assignmentStart', 'assignmentAgent', 'assignmentAt', 'conversionStart', 'conversionId', 'conversionValue',
] as const satisfies readonly (keyof ChatBlock)[];

interface Row {
  started_at: number;
  closed_at: number | null;
  agent_id: string | null;
  department_id: string | null;
  channel: string;
  priority: string;
  first_assigned_at: number | null;
  assignment_count: number;
  first_reply_at: number | null;
  reply_count: number;
  canned_reply_count: number;
  message_count: number;
  tags: string;
  canned: string;
  intervals: string;
  assignments: string;
  chat_id: string;
  visitor_code: number | null;
  next_visit_at: number | null;
  prev_page_view_at: number | null;
  next_page_view_at: number | null;
}

const rowsSql = (db: Sql) =>
  `SELECT f.started_at, f.closed_at, f.agent_id, f.department_id, f.channel, f.priority,
     f.first_assigned_at, f.assignment_count, f.first_reply_at, f.reply_count, f.canned_reply_count,
     f.message_count, f.tags, f.canned, f.intervals, f.assignments, f.chat_id,
     (SELECT min(c.rowid) FROM chats c WHERE c.visitor_id = f.visitor_id) AS visitor_code,
     (SELECT min(c.started_at) FROM chats c WHERE c.visitor_id = f.visitor_id AND c.started_at > f.closed_at) AS next_visit_at,
     (SELECT max(p.at) FROM page_views p WHERE p.visitor_id = f.visitor_id AND p.at <= f.started_at) AS prev_page_view_at,
     (SELECT min(p.at) FROM page_views p WHERE p.visitor_id = f.visitor_id AND p.at > f.started_at) AS next_page_view_at
   FROM chat_facts f WHERE f.started_at >= @from AND f.started_at < @to ORDER BY f.started_at, f.chat_id${bytewise(db)}`;

/** The conversions of the visitor in each chat's window, in the order of the (visitor_id, at) index. */
const conversionsSql = `SELECT f.chat_id, v.rowid AS id, v.value FROM chat_facts f
   JOIN conversions v ON v.visitor_id = f.visitor_id AND v.at >= f.started_at AND v.at < f.started_at + @window
   WHERE f.started_at >= @from AND f.started_at < @to ORDER BY v.at, v.rowid`;

const orNaN = (v: number | null) => (v === null ? NaN : v);

/** Packs the chats that started in `hour`; conversions are those within `windowMs` of the start. */
export async function buildChatBlock(db: Sql, hour: number, windowMs: number): Promise<Buffer> {
  const params = { from: hour * HOUR_MS, to: (hour + 1) * HOUR_MS };
  const rows = await db.all<Row>(rowsSql(db), params);
  const conversionsOf = new Map<string, [number, number][]>();
  for (const c of await db.all<{ chat_id: string; id: number; value: number }>(conversionsSql, { ...params, window: windowMs })) {
    let list = conversionsOf.get(c.chat_id);
    if (!list) conversionsOf.set(c.chat_id, (list = []));
    list.push([c.id, c.value]);
  }
  const dict = new Dictionary();
  const n = rows.length;
  const parsed = rows.map((r) => ({
    tags: JSON.parse(r.tags) as string[],
    canned: Object.entries(JSON.parse(r.canned) as Record<string, number>),
    intervals: JSON.parse(r.intervals) as number[],
    assignments: JSON.parse(r.assignments) as [string, number][],
    conversions: conversionsOf.get(r.chat_id) ?? [],
  }));
  const total = (f: (p: (typeof parsed)[number]) => unknown[]) => parsed.reduce((s, p) => s + f(p).length, 0);
  const f64 = () => new Float64Array(n);
  const i32 = (len = n) => new Int32Array(len);
  const u8 = () => new Uint8Array(n);
  const b: ChatBlock = {
    n,
    startedAt: f64(),
    closedAt: f64(),
    firstAssignedAt: f64(),
    firstReplyAt: f64(),
    nextVisitAt: f64(),
    prevPageViewAt: f64(),
    nextPageViewAt: f64(),
    agent: i32(),
    department: i32(),
    visitor: i32(),
    assignmentCount: i32(),
    replyCount: i32(),
    cannedReplyCount: i32(),
    messageCount: i32(),
    channel: u8(),
    priority: u8(),
    long: u8(),
    tagStart: i32(n + 1),
    tag: i32(total((p) => p.tags)),
    cannedStart: i32(n + 1),
    cannedId: i32(total((p) => p.canned)),
    cannedUses: i32(total((p) => p.canned)),
    intervalStart: i32(n + 1),
    interval: new Float64Array(total((p) => p.intervals)),
    assignmentStart: i32(n + 1),
    assignmentAgent: i32(total((p) => p.assignments)),
    assignmentAt: new Float64Array(total((p) => p.assignments)),
    conversionStart: i32(n + 1),
    conversionId: new Float64Array(total((p) => p.conversions)),
    conversionValue: new Float64Array(total((p) => p.conversions)),
  };
  let tags = 0;
  let canned = 0;
  let intervals = 0;
  let assignments = 0;
  let conversions = 0;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const p = parsed[i]!;
    b.startedAt[i] = r.started_at;
    b.closedAt[i] = orNaN(r.closed_at);
    b.agent[i] = dict.code(r.agent_id);
    b.department[i] = dict.code(r.department_id);
    b.channel[i] = CHANNELS.indexOf(r.channel as (typeof CHANNELS)[number]);
    b.priority[i] = PRIORITIES.indexOf(r.priority as (typeof PRIORITIES)[number]);
    b.firstAssignedAt[i] = orNaN(r.first_assigned_at);
    b.assignmentCount[i] = r.assignment_count;
    b.firstReplyAt[i] = orNaN(r.first_reply_at);
    b.replyCount[i] = r.reply_count;
    b.cannedReplyCount[i] = r.canned_reply_count;
    b.messageCount[i] = r.message_count;
    b.visitor[i] = r.visitor_code ?? -1;
    b.nextVisitAt[i] = orNaN(r.next_visit_at);
    b.prevPageViewAt[i] = orNaN(r.prev_page_view_at);
    b.nextPageViewAt[i] = orNaN(r.next_page_view_at);
    b.long[i] = r.closed_at === null || r.closed_at - r.started_at > LONG_CHAT_MS ? 1 : 0;
    b.tagStart[i] = tags;
    for (const t of p.tags) b.tag[tags++] = dict.code(t);
    b.cannedStart[i] = canned;
    for (const [id, uses] of p.canned) {
      b.cannedId[canned] = dict.code(id);
      b.cannedUses[canned++] = uses;
    }
    b.intervalStart[i] = intervals;
    for (const ms of p.intervals) b.interval[intervals++] = ms;
    b.assignmentStart[i] = assignments;
    for (const [agentId, at] of p.assignments) {
      b.assignmentAgent[assignments] = dict.code(agentId);
      b.assignmentAt[assignments++] = at;
    }
    b.conversionStart[i] = conversions;
    for (const [rowid, value] of p.conversions) {
      b.conversionId[conversions] = rowid;
      b.conversionValue[conversions++] = value;
    }
  }
  b.tagStart[n] = tags;
  b.cannedStart[n] = canned;
  b.intervalStart[n] = intervals;
  b.assignmentStart[n] = assignments;
  b.conversionStart[n] = conversions;
  b.interval = compactNumbers(b.interval as Float64Array);
  b.conversionId = compactNumbers(b.conversionId as Float64Array);
  const base = hour * HOUR_MS;
  const columns: Record<string, Float64Array | Int32Array | Uint8Array> = Object.fromEntries(
    CHAT_COLUMNS.map((c) => [c, b[c]]),
  );
  const start = (i: number) => b.startedAt[i]!;
  for (const c of RELATIVE_TIMES) columns[c] = packTimes(b[c], start);
  columns.assignmentAt = packTimes(b.assignmentAt, chatOf(b.assignmentStart, start));
  columns.startedAt = packTimes(b.startedAt, () => base);
  return pack({ n, base, dict: dict.names, columns });
}

/** Times kept relative to the chat's start. */
const RELATIVE_TIMES = [
  'closedAt',
  'firstAssignedAt',
  'firstReplyAt',
  'nextVisitAt',
  'prevPageViewAt',
  'nextPageViewAt',
] as const;

/** For the k-th entry of a per-chat list (rows [starts[i], starts[i + 1])), f of its chat i. */
function chatOf(starts: Int32Array, f: (i: number) => number): (k: number) => number {
  const chatOfEntry = new Int32Array(starts[starts.length - 1]!);
  for (let i = 0; i + 1 < starts.length; i++) chatOfEntry.fill(i, starts[i]!, starts[i + 1]!);
  return (k) => f(chatOfEntry[k]!);
}

/**
 * A stored chat block with the query's name codes. With `scratch`, its times are unpacked into
 * arrays that the next block unpacked with the same scratch overwrites.
 */
export function chatBlock(p: Packed, names: Names, scratch?: Scratch): ChatBlock {
  const b = { n: p.n, ...p.columns } as unknown as ChatBlock;
  b.startedAt = unpackTimes(b.startedAt, p.base, scratch?.f64('startedAt', p.n));
  for (const c of RELATIVE_TIMES) b[c] = unpackRowTimes(b[c], b.startedAt, scratch?.f64(c, p.n));
  const assignments = b.assignmentAt.length;
  b.assignmentAt = unpackListTimes(b.assignmentAt, b.assignmentStart, b.startedAt, scratch?.f64('assignmentAt', assignments));
  names.translate(p.dict, b.agent, b.department, b.tag, b.cannedId, b.assignmentAgent);
  return b;
}
