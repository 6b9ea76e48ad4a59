import type { Sql } from './sql.ts';

/**
 * The visitors connected now (a socket on any node seen alive since `aliveSince`, the cluster's
 * connections table) with what Visitors now shows of them; their recent pages come apart.
 */
export interface LiveVisitorRow {
  id: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  time_zone: string | null;
  created_at: number;
  current_url: string | null;
  first_page_at: number | null;
  chat_id: string | null;
  chat_agent_id: string | null;
}

const LIVE = `SELECT v.id, v.name, v.email, v.locale, v.time_zone, v.created_at, v.current_url,
    (SELECT min(p.at) FROM page_views p WHERE p.visitor_id = v.id) AS first_page_at,
    oc.id AS chat_id, oc.agent_id AS chat_agent_id
  FROM visitors v
  LEFT JOIN chats oc ON oc.id = (SELECT c.id FROM chats c WHERE c.visitor_id = v.id AND c.closed_at IS NULL
    ORDER BY c.started_at DESC LIMIT 1)
  WHERE v.id IN (SELECT c.principal_id FROM connections c JOIN nodes n ON n.id = c.node_id
    WHERE c.kind = 'visitor' AND n.seen_at >= @aliveSince AND (CAST(@visitorId AS TEXT) IS NULL OR c.principal_id = @visitorId))`;

export async function liveVisitorRows(db: Sql, aliveSince: number, visitorId: string | null = null): Promise<LiveVisitorRow[]> {
  return db.all<LiveVisitorRow>(`${LIVE} ORDER BY v.id`, { aliveSince, visitorId });
}

/** The page views of these visitors since `since`, oldest first. */
export async function recentPageViews(
  db: Sql,
  visitorIds: string[],
  since: number,
): Promise<Array<{ visitor_id: string; url: string; title: string | null; at: number }>> {
  if (visitorIds.length === 0) return [];
  const out = [];
  // One statement text per chunk size would defeat the prepared statements: one visitor at a time.
  for (const id of visitorIds) {
    out.push(...(await db.all<{ visitor_id: string; url: string; title: string | null; at: number }>(
      'SELECT visitor_id, url, title, at FROM page_views WHERE visitor_id = ? AND at >= ? ORDER BY at, id',
      [id, since],
    )));
  }
  return out;
}
