import type { Sql } from '../store/sql.ts';
import type { Names } from './blocks.ts';
import { LONG_CHAT_MS, type ChatBlock } from './chat-blocks.ts';
import { bytewise } from './dialect.ts';
import { ratio } from './stats.ts';

export interface Range {
  from: number;
  to: number;
}

/** What AgentTime reads from the store for a range. */
export interface AgentTimeRows {
  longChats: { closed_at: number | null; assignments: string }[];
  statuses: { agent_id: string; status: string; at: number }[];
}

/** Time intervals [start, end) in ms (exported for its test). */
export class Intervals {
  starts = new Float64Array(16);
  ends = new Float64Array(16);
  n = 0;

  push(start: number, end: number): void {
    if (this.n === this.starts.length) {
      const starts = new Float64Array(this.n * 2);
      const ends = new Float64Array(this.n * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.n] = start;
    this.ends[this.n++] = end;
  }

  /**
   * The union as sorted disjoint [start, end, start, end, ...]; overlapping (or touching) chats
   * count once. Sorted by start, each hold either overlaps the union so far or begins a new
   * interval after it.
   */
  union(): number[] {
    const n = this.n;
    const out: number[] = [];
    if (n === 0) return out;
    const { starts, ends } = sortByStart(this.starts.slice(0, n), this.ends.slice(0, n));
    let open = starts[0]!;
    let close = ends[0]!;
    for (let i = 1; i < n; i++) {
      if (starts[i]! <= close) {
        if (ends[i]! > close) close = ends[i]!;
      } else {
        out.push(open, close);
        open = starts[i]!;
        close = ends[i]!;
      }
    }
    out.push(open, close);
    return out;
  }
}

/**
 * Sorts intervals by start, in place. Holds arrive in the order their chats started, so they are
 * almost in order: insertion sort is linear then; when starts have to travel far it gives up
 * and sorts an index.
 */
function sortByStart(starts: Float64Array, ends: Float64Array): { starts: Float64Array; ends: Float64Array } {
  let moves = 0;
  const budget = 8 * starts.length + 64;
  for (let i = 1; i < starts.length; i++) {
    const s = starts[i]!;
    const e = ends[i]!;
    let j = i - 1;
    while (j >= 0 && starts[j]! > s) {
      starts[j + 1] = starts[j]!;
      ends[j + 1] = ends[j]!;
      j--;
      if (++moves > budget) {
        starts[j + 1] = s;
        ends[j + 1] = e;
        // Partly sorted; the pairs are all still there (the one in hand just went back).
        const order = Int32Array.from(starts, (_, k) => k).sort((a, b) => starts[a]! - starts[b]!);
        return { starts: Float64Array.from(order, (k) => starts[k]!), ends: Float64Array.from(order, (k) => ends[k]!) };
      }
    }
    starts[j + 1] = s;
    ends[j + 1] = e;
  }
  return { starts, ends };
}

function intersect(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!, b[j]!);
    const end = Math.min(a[i + 1]!, b[j + 1]!);
    if (end > start) out.push(start, end);
    if (a[i + 1]! < b[j + 1]!) i += 2;
    else j += 2;
  }
  return out;
}

/** Adds the length of sorted disjoint intervals falling in each of the sorted ranges. */
function addPerRange(intervals: number[], ranges: Range[], totals: Float64Array): void {
  let r = 0;
  for (let k = 0; k < intervals.length; k += 2) {
    const start = intervals[k]!;
    const end = intervals[k + 1]!;
    while (r < ranges.length && ranges[r]!.to <= start) r++;
    for (let q = r; q < ranges.length && ranges[q]!.from < end; q++) {
      totals[q]! += Math.min(end, ranges[q]!.to) - Math.max(start, ranges[q]!.from);
    }
  }
}

/**
 * The statuses in range, the one each agent was in at the start, and the first after the end (a
 * status followed by one is not the last: it does not run to the open end). Agent by agent
 * (every status has one: a foreign key), so that each part is a search of the (agent_id, at)
 * index rather than a scan of all statuses: SQLite is held to that join order by CROSS JOIN,
 * which Postgres does not take with ON (and does not need).
 */
const statusesSql = (db: Sql) => {
  const join = db.dialect === 'sqlite' ? 'CROSS JOIN' : 'JOIN';
  return `SELECT agent_id, status, at FROM (
     SELECT s.agent_id, s.status, s.at FROM agents a ${join} agent_status_changes s
       ON s.agent_id = a.id AND s.at = (SELECT max(at) FROM agent_status_changes WHERE agent_id = a.id AND at < @from)
     UNION ALL
     SELECT s.agent_id, s.status, s.at FROM agents a ${join} agent_status_changes s
       ON s.agent_id = a.id AND s.at >= @from AND s.at < @to
     UNION ALL
     SELECT s.agent_id, s.status, s.at FROM agents a ${join} agent_status_changes s
       ON s.agent_id = a.id AND s.at = (SELECT min(at) FROM agent_status_changes WHERE agent_id = a.id AND at >= @to)
   ) AS statuses ORDER BY agent_id${bytewise(db)}, at`;
};

const longChatsSql = `SELECT closed_at, assignments FROM chat_facts
   WHERE (closed_at IS NULL OR closed_at - started_at > ${LONG_CHAT_MS})
     AND started_at < @to AND (closed_at IS NULL OR closed_at > @from) AND assignment_count > 0`;

/**
 * Agent-time metrics take the part of each status interval inside the range, agents of every
 * role, and of the filters only `agent`. A status lasts until the agent's next status record;
 * the last one until the open end, min(`to`, now). An agent holds a chat (any chat, in scope or
 * not) from its assignment `at` until the chat's next assignment, its `closedAt`, or the open end.
 */
export class AgentTime {
  /** By agent code (codes are small whole numbers): arrays, not maps, on the scan's path. */
  private holds: (Intervals | undefined)[] = [];
  private online = new Map<number, number[]>();
  private openEnd: number;

  /** agent: the only agent counted (the `agent` filter), or null for all. */
  constructor(
    private range: Range,
    now: number,
    private agent: number | null,
  ) {
    this.openEnd = Math.min(range.to, now);
  }

  /** The first hour whose block may hold a chat that is not long and is held in the range. */
  holdFromHour(hourMs: number): number {
    return Math.floor((this.range.from - LONG_CHAT_MS) / hourMs);
  }

  /** Holds of the chats of a block (long ones come from SQL in load()). */
  addBlock(b: ChatBlock): void {
    for (let i = 0; i < b.n; i++) {
      if (b.long[i] === 0 && b.assignmentStart[i + 1]! > b.assignmentStart[i]!) {
        this.addChat(b.assignmentAgent, b.assignmentAt, b.assignmentStart[i]!, b.assignmentStart[i + 1]!, b.closedAt[i]!);
      }
    }
  }

  private addChat(agents: ArrayLike<number>, ats: ArrayLike<number>, first: number, end: number, closedAt: number) {
    const stop = Number.isNaN(closedAt) ? this.openEnd : closedAt;
    for (let k = first; k < end; k++) {
      const agent = agents[k]!;
      if (this.agent !== null && agent !== this.agent) continue;
      const from = Math.max(ats[k]!, this.range.from);
      const to = Math.min(k + 1 < end ? Math.min(ats[k + 1]!, stop) : stop, this.range.to);
      if (to <= from) continue;
      let list = this.holds[agent];
      if (!list) this.holds[agent] = list = new Intervals();
      list.push(from, to);
    }
  }

  /** Reads the statuses and the long chats' holds (see load). */
  static async read(db: Sql, range: Range): Promise<AgentTimeRows> {
    const params = { from: range.from, to: range.to };
    return {
      longChats: await db.all<{ closed_at: number | null; assignments: string }>(longChatsSql, params),
      statuses: await db.all<{ agent_id: string; status: string; at: number }>(statusesSql(db), params),
    };
  }

  /** Adds the statuses and the long chats' holds, as read(). */
  load({ longChats, statuses }: AgentTimeRows, names: Names): void {
    for (const { closed_at: closedAt, assignments } of longChats) {
      const list = JSON.parse(assignments) as [string, number][];
      this.addChat(
        list.map((a) => names.code(a[0])),
        list.map((a) => a[1]),
        0,
        list.length,
        closedAt === null ? NaN : closedAt,
      );
    }
    const rows = statuses;
    for (let k = 0; k < rows.length; k++) {
      const { agent_id: agentId, status, at } = rows[k]!;
      if (status !== 'online') continue;
      const agent = names.code(agentId);
      if (this.agent !== null && agent !== this.agent) continue;
      const next = rows[k + 1];
      const until = next && next.agent_id === agentId ? next.at : this.openEnd;
      const from = Math.max(at, this.range.from);
      const to = Math.min(until, this.range.to);
      if (to <= from) continue;
      let list = this.online.get(agent);
      if (!list) this.online.set(agent, (list = []));
      list.push(from, to);
    }
  }

  /**
   * Per range, in ms: time online, and time online while holding ≥ 1 chat, of one agent or of
   * all counted agents together.
   */
  measure(ranges: Range[], agent: number | null): { online: Float64Array; busy: Float64Array } {
    const online = new Float64Array(ranges.length);
    const busy = new Float64Array(ranges.length);
    for (const [code, intervals] of this.online) {
      if (agent !== null && code !== agent) continue;
      addPerRange(intervals, ranges, online);
      const held = this.holds[code];
      if (held) addPerRange(intersect(intervals, held.union()), ranges, busy);
    }
    return { online, busy };
  }
}

/**
 * `agents.onlineSec`: seconds agents were `online` inside the range. `agents.utilization`: the
 * seconds online while holding ≥ 1 chat / `agents.onlineSec`. `agents.chatsPerOnlineHour`:
 * chats in scope with ≥ 1 assignment / (`agents.onlineSec` / 3600).
 */
export function agentTimeResult(onlineMs: number, busyMs: number, assignedChats: number) {
  const onlineSec = onlineMs / 1000;
  return {
    onlineSec,
    utilization: ratio(busyMs / 1000, onlineSec),
    chatsPerOnlineHour: ratio(assignedChats, onlineSec / 3600),
  };
}
