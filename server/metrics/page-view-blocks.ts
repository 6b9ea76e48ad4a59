import type { Sql } from '../store/sql.ts';
import { HOUR_MS, pack, packTimes, type Packed, type Scratch, unpackTimes } from './blocks.ts';

/**
 * Page view hour blocks: each page view of one UTC hour with the time of the same visitor's
 * previous one (order: at, rowid). The distinct visitors of a range are then its page views
 * whose previous one is before the range, or that have none.
 */

export interface PageViewBlock {
  n: number;
  at: Float64Array;
  /** NaN = the visitor's first page view. */
  prevAt: Float64Array;
}

/** The columns of a page view block, in the order they are packed. */
export const PAGE_VIEW_COLUMNS = ['at', 'prevAt'] as const;

const rowsSql = `SELECT p.at, (SELECT q.at FROM page_views q WHERE q.visitor_id = p.visitor_id AND (q.at, q.rowid) < (p.at, p.rowid)
                  ORDER BY q.at DESC, q.rowid DESC LIMIT 1) AS prev
   FROM page_views p WHERE p.at >= ? AND p.at < ?`;

export async function buildPageViewBlock(db: Sql, hour: number): Promise<Buffer> {
  const rows = await db.all<{ at: number; prev: number | null }>(rowsSql, [hour * HOUR_MS, (hour + 1) * HOUR_MS]);
  const at = new Float64Array(rows.length);
  const prevAt = new Float64Array(rows.length);
  rows.forEach(({ at: t, prev }, i) => {
    at[i] = t;
    prevAt[i] = prev === null ? NaN : prev;
  });
  const base = hour * HOUR_MS;
  return pack({ n: rows.length, base, dict: [], columns: { at: packTimes(at, () => base), prevAt } });
}

/** A stored page view block (times in `scratch` as for chatBlock). */
export function pageViewBlock(p: Packed, scratch?: Scratch): PageViewBlock {
  const b = { n: p.n, ...p.columns } as unknown as PageViewBlock;
  b.at = unpackTimes(b.at, p.base, scratch?.f64('at', p.n));
  return b;
}
