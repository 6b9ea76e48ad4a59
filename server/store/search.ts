import type { Sql } from './sql.ts';
import { visibleToViewer } from './chats.ts';

/**
 * Full-text search over chats (README "Search"): a chat matches when one of its documents holds
 * every word (as a word or the start of one). Its documents: each visitor or agent message, each
 * note, its visitor's name and email, its tags. SQLite asks the FTS5 tables of migration 058,
 * Postgres the GIN indexes of its migration 058 (the expressions below are those indexes'). A
 * chat ranks by its best document; the text of that document comes back for the snippet.
 */

export interface SearchFilters {
  from: number | null;
  to: number | null;
  agent: string | null;
  department: string | null;
  tag: string | null;
  channel: 'widget' | 'offline' | null;
  status: 'open' | 'closed' | null;
  /** The agent whose access rule limits the chats (server/chat/access.ts); null: every chat. */
  viewerId: string | null;
  limit: number;
  offset: number;
}

export interface SearchHit {
  chatId: string;
  startedAt: number;
  agentId: string | null;
  visitorId: string;
  visitorName: string | null;
  visitorEmail: string | null;
  /** The chat's best matching document, whole. */
  text: string;
}

/** The search index's document of a text, on Postgres: what the GIN indexes of migration 058 hold. */
const pgDoc = (text: string) => `to_tsvector('simple', regexp_replace(${text}, '[[:punct:]]', ' ', 'g'))`;
const pgVisitorDoc = pgDoc(`coalesce(v.name, '') || ' ' || coalesce(v.email, '')`);

/**
 * How many matching documents of each kind (messages, notes, visitors, tags) a search reads: the
 * newest that pass the filters. A word said in most chats would otherwise have every one of its
 * documents ranked, grouped by chat and counted before the first page (seconds at 1M chats:
 * BENCHMARKS.md "Search"). The index gives its matches newest first at no cost, so the cap bounds
 * the work; a kind that reaches it sets `totalCapped` (README "Search").
 */
export const SEARCH_DOCUMENT_CAP = 2000;

const FILTERS = `(CAST(@from AS BIGINT) IS NULL OR c.started_at >= @from)
  AND (CAST(@to AS BIGINT) IS NULL OR c.started_at < @to)
  AND (CAST(@agent AS TEXT) IS NULL OR c.agent_id = @agent)
  AND (CAST(@department AS TEXT) IS NULL OR c.department_id = @department)
  AND (CAST(@tag AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM chat_tags ft WHERE ft.chat_id = c.id AND ft.tag = @tag))
  AND (CAST(@channel AS TEXT) IS NULL OR c.channel = @channel)
  AND (CAST(@status AS TEXT) IS NULL OR (CASE WHEN c.closed_at IS NULL THEN 'open' ELSE 'closed' END) = @status)
  AND ${visibleToViewer}`;

/** A kind of document: the matches that pass the filters, newest first, at most @cap of them. */
const capped = (kind: string, columns: string, from: string, newestFirst: string) =>
  `SELECT * FROM (SELECT ${columns}, '${kind}' AS kind ${from} ORDER BY ${newestFirst} DESC LIMIT @cap) ${kind}_hits`;

/** Each hit: the chat, the document's score (higher is better), its text, its kind. `c` is the chat. */
const SQLITE_HITS = [
  capped('messages', `m.chat_id AS chat_id, -bm25(search_messages) AS score, m.text AS text`,
    `FROM search_messages JOIN messages m ON m.seq = search_messages.rowid JOIN chats c ON c.id = m.chat_id
    WHERE search_messages MATCH @match AND ${FILTERS}`, 'search_messages.rowid'),
  capped('notes', `n.chat_id AS chat_id, -bm25(search_notes) AS score, n.text AS text`,
    `FROM search_notes JOIN chat_notes n ON n.seq = search_notes.rowid JOIN chats c ON c.id = n.chat_id
    WHERE search_notes MATCH @match AND ${FILTERS}`, 'search_notes.rowid'),
  capped('visitors', `c.id AS chat_id, -bm25(search_visitors) AS score, trim(coalesce(v.name, '') || ' ' || coalesce(v.email, '')) AS text`,
    `FROM search_visitors JOIN visitors v ON v.rowid = search_visitors.rowid JOIN chats c ON c.visitor_id = v.id
    WHERE search_visitors MATCH @match AND ${FILTERS}`, 'search_visitors.rowid'),
  capped('tags', `c.id AS chat_id, -bm25(search_tags) AS score, search_tags.tags AS text`,
    `FROM search_tags JOIN chats c ON c.rowid = search_tags.rowid WHERE search_tags MATCH @match AND ${FILTERS}`, 'search_tags.rowid'),
].join(' UNION ALL ');

/**
 * Postgres orders each kind by an expression (`+ 0`), not by a column it has an index on: it
 * cannot estimate how common a prefix (`word:*`) is, so with a plain column it walks the primary
 * key backwards, computing each row's tsvector until @cap match; at 1M chats that is 0.6 s for a
 * common word, but minutes for a rare one (every message). The GIN index then finds the matches
 * and the newest @cap are sorted out of them (BENCHMARKS.md "Search").
 */
const PG_HITS = [
  capped('messages', `m.chat_id AS chat_id, ts_rank(${pgDoc('m.text')}, to_tsquery('simple', @all)) AS score, m.text AS text`,
    `FROM messages m JOIN chats c ON c.id = m.chat_id
    WHERE m.author <> 'system' AND ${pgDoc('m.text')} @@ to_tsquery('simple', @all) AND ${FILTERS}`, 'm.seq + 0'),
  capped('notes', `n.chat_id AS chat_id, ts_rank(${pgDoc('n.text')}, to_tsquery('simple', @all)) AS score, n.text AS text`,
    `FROM chat_notes n JOIN chats c ON c.id = n.chat_id WHERE ${pgDoc('n.text')} @@ to_tsquery('simple', @all) AND ${FILTERS}`, 'n.seq + 0'),
  capped('visitors', `c.id AS chat_id, ts_rank(${pgVisitorDoc}, to_tsquery('simple', @all)) AS score,
    trim(coalesce(v.name, '') || ' ' || coalesce(v.email, '')) AS text`,
    `FROM visitors v JOIN chats c ON c.visitor_id = v.id WHERE ${pgVisitorDoc} @@ to_tsquery('simple', @all) AND ${FILTERS}`, 'c.rowid + 0'),
  capped('tags', `c.id AS chat_id, ts_rank(${pgDoc("string_agg(t.tag, ' ')")}, to_tsquery('simple', @all)) AS score, string_agg(t.tag, ' ') AS text`,
    `FROM chat_tags t JOIN chats c ON c.id = t.chat_id
    WHERE t.chat_id IN (SELECT chat_id FROM chat_tags WHERE ${pgDoc('tag')} @@ to_tsquery('simple', @any)) AND ${FILTERS}
    GROUP BY c.id, c.rowid HAVING ${pgDoc("string_agg(t.tag, ' ')")} @@ to_tsquery('simple', @all)`, 'c.rowid + 0'),
].join(' UNION ALL ');

/** The best document of each chat. */
const BEST = {
  sqlite: `SELECT chat_id, max(score) AS score, text FROM hits GROUP BY chat_id`,
  postgres: `SELECT DISTINCT ON (chat_id) chat_id, score, text FROM hits ORDER BY chat_id, score DESC`,
};

/** 1 when a kind of document reached the cap: the chats counted are those of the newest matches. */
const CAPPED = `(SELECT CASE WHEN max(n) >= @cap THEN 1 ELSE 0 END FROM (SELECT count(*) AS n FROM hits GROUP BY kind) kinds)`;

function searchSql(db: Sql, select: string, tail: string): string {
  const hits = db.dialect === 'sqlite' ? SQLITE_HITS : PG_HITS;
  return `WITH hits AS (${hits}), best AS (${BEST[db.dialect]})
    SELECT ${select} FROM best b JOIN chats c ON c.id = b.chat_id LEFT JOIN visitors v ON v.id = c.visitor_id ${tail}`;
}

/** `words`: lower-case letters and digits only (shared/search-snippet.ts searchWords), at least one. */
export async function searchChats(
  db: Sql,
  words: string[],
  f: SearchFilters,
): Promise<{ total: number; totalCapped: boolean; hits: SearchHit[] }> {
  const params = {
    match: words.map((w) => `"${w}"*`).join(' '),
    all: words.map((w) => `${w}:*`).join(' & '),
    any: words.map((w) => `${w}:*`).join(' | '),
    from: f.from,
    to: f.to,
    agent: f.agent,
    department: f.department,
    tag: f.tag,
    channel: f.channel,
    status: f.status,
    viewerId: f.viewerId,
    limit: f.limit,
    offset: f.offset,
    cap: SEARCH_DOCUMENT_CAP,
  };
  const rows = await db.all<SearchHit & { total: number; capped: number }>(
    searchSql(
      db,
      `c.id AS chatId, c.started_at AS startedAt, c.agent_id AS agentId, c.visitor_id AS visitorId, v.name AS visitorName, v.email AS visitorEmail, b.text AS text,
        count(*) OVER () AS total, ${CAPPED} AS capped`,
      'ORDER BY b.score DESC, c.started_at DESC, c.id LIMIT @limit OFFSET @offset',
    ),
    params,
  );
  // A page past the last still reports the total.
  const counted =
    rows[0] ?? (f.offset > 0 ? await db.get<{ total: number; capped: number }>(searchSql(db, `count(*) AS total, ${CAPPED} AS capped`, ''), params) : undefined);
  return {
    total: Number(counted?.total ?? 0),
    totalCapped: Number(counted?.capped ?? 0) === 1,
    hits: rows.map(({ total: _, capped: __, ...hit }) => hit),
  };
}
