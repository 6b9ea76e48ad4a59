import type { Db } from '../store/db.ts';
import type { Range } from './agent-time.ts';

/** Optional filters of a query: exact matches on the chat (METRICS.md §2, "Scope of a query"). */
export interface Filters {
  agent?: string;
  department?: string;
  tag?: string;
  channel?: string;
  priority?: string;
}

/**
 * The filters as SQL over a table with the chat's agent_id, department_id, channel, priority
 * and chat_id (survey_facts, chat_facts).
 */
function filterSql(alias: string, f: Filters, params: Record<string, unknown>): string {
  let sql = '';
  for (const [key, column] of [
    ['agent', 'agent_id'],
    ['department', 'department_id'],
    ['channel', 'channel'],
    ['priority', 'priority'],
  ] as const) {
    const value = f[key];
    if (value === undefined) continue;
    params[key] = value;
    sql += ` AND ${alias}.${column} = @${key}`;
  }
  if (f.tag !== undefined) {
    params.tag = f.tag;
    sql += ` AND EXISTS (SELECT 1 FROM chat_tags t WHERE t.chat_id = ${alias}.chat_id AND t.tag = @tag)`;
  }
  return sql;
}

const rangesCte = `WITH b(idx, s, e) AS (
  SELECT CAST(key AS INTEGER), value ->> 0, value ->> 1 FROM json_each(@ranges))`;

const rangesParam = (ranges: Range[]) => JSON.stringify(ranges.map((r) => [r.from, r.to]));

/** Answered surveys per range (and agent), kind, scale and score: [range, agentId, kind, scale, score, count]. */
export function answeredSurveys(db: Db, ranges: Range[], filters: Filters, byAgent: boolean) {
  const params: Record<string, unknown> = { ranges: rangesParam(ranges) };
  const agent = byAgent ? 'sf.agent_id' : 'NULL';
  const sql = `${rangesCte}
    SELECT b.idx, ${agent}, sf.kind, sf.scale, sf.score, count(*)
    FROM b CROSS JOIN survey_facts sf INDEXED BY survey_facts_answered
    WHERE sf.answered_at >= b.s AND sf.answered_at < b.e${filterSql('sf', filters, params)}
    GROUP BY 1, 2, 3, 4, 5`;
  return db.prepare(sql).raw(true).all(params) as [number, string | null, 'csat' | 'ces' | 'nps', number, number, number][];
}

/** Sent surveys per range (and agent) and kind: [range, agentId, kind, sent, answered]. */
export function sentSurveys(db: Db, ranges: Range[], filters: Filters, byAgent: boolean) {
  const params: Record<string, unknown> = { ranges: rangesParam(ranges) };
  const agent = byAgent ? 'sf.agent_id' : 'NULL';
  const sql = `${rangesCte}
    SELECT b.idx, ${agent}, sf.kind, count(*), count(sf.answered_at)
    FROM b CROSS JOIN survey_facts sf INDEXED BY survey_facts_sent
    WHERE sf.sent_at >= b.s AND sf.sent_at < b.e${filterSql('sf', filters, params)}
    GROUP BY 1, 2, 3`;
  return db.prepare(sql).raw(true).all(params) as [number, string | null, 'csat' | 'ces' | 'nps', number, number][];
}

/**
 * Every (conversion, chat in scope) with the conversion in the chat's window
 * [start, start + windowMs): [conversionRowid, value, chatRowid, chatStartedAt, chatAgentId].
 */
export function conversionPairs(db: Db, range: Range, windowMs: number, filters: Filters) {
  const params: Record<string, unknown> = { from: range.from, to: range.to, window: windowMs };
  const sql = `SELECT v.rowid, v.value, c.rowid, c.started_at, f.agent_id
    FROM conversions v INDEXED BY metrics_conversions_at
    JOIN chats c ON c.visitor_id = v.visitor_id AND c.started_at <= v.at AND c.started_at > v.at - @window
    JOIN chat_facts f ON f.chat_id = c.id
    WHERE v.at >= @from AND v.at < @to + @window AND c.started_at >= @from AND c.started_at < @to
    ${filterSql('f', filters, params)}`;
  return db.prepare(sql).raw(true).all(params) as [number, number, number, number, string | null][];
}

/**
 * `visitors.total` per range: distinct visitors with a page view in it, counted as the page
 * views in range whose visitor's previous page view is before the range (or none).
 */
export function visitorTotals(db: Db, ranges: Range[]): Float64Array {
  const totals = new Float64Array(ranges.length);
  const sql = `${rangesCte}
    SELECT b.idx, count(*) FROM b CROSS JOIN page_view_gaps g INDEXED BY page_view_gaps_at
    WHERE g.at >= b.s AND g.at < b.e AND (g.prev_at IS NULL OR g.prev_at < b.s)
    GROUP BY b.idx`;
  for (const [idx, n] of db.prepare(sql).raw(true).all({ ranges: rangesParam(ranges) }) as [number, number][]) {
    totals[idx] = n;
  }
  return totals;
}
