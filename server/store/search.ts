import type { Sql } from './sql.ts';
import { visibleToViewer } from './chats.ts';

/**
 * Full-text search over chats (README "Search"): a chat matches when one of its documents holds
 * every word (as a word or the start of one). Its documents: each visitor or agent message, each
 * note, its visitor's name and email, its tags. SQLite asks the FTS5 tables of migration 058,
 * Postgres the GIN indexes of its migrations 057 (the `search_doc` columns of messages and notes)
 * and 058 (the expressions below, for visitors and tags). A chat ranks by its best document; the
 * text of that document comes back for the snippet.
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

/** The search index's document of a text, on Postgres: what the `search_doc` columns of migration 057 and the GIN indexes of 058 hold. */
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

/**
 * Postgres: how many of the newest messages (by `seq`) a search reads one by one before it asks
 * the GIN index, and how many more when those promise @cap matches (PG_MESSAGE_STEPS below); how
 * many of the newest chats it reads when its words are common tags (pgTagSteps). Parameters so
 * that a test can make them small; the results do not depend on them.
 */
export const SEARCH_WALKS = { probe: 20_000, walk: 1_000_000, chats: 200_000 };

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

const pgQuery = `to_tsquery('simple', @all)`;

/**
 * The chat of a document, looked up by its id, one at a time (OFFSET 0 keeps Postgres from making
 * it a join it plans itself): it would hash all 1M chats for a rare word's few matches, guessing
 * thousands (BENCHMARKS.md "Search").
 */
const pgChat = (id: string) => `(SELECT * FROM chats c WHERE c.id = ${id} OFFSET 0) c`;

/**
 * Postgres, messages (the many documents): the newest @cap that match and pass the filters, found
 * in up to three steps over disjoint ranges of `seq`, newest first, each run only when those before
 * found fewer than @cap (BENCHMARKS.md "Search" has the figures behind the choice):
 * 1. the newest @probe messages, read in order and matched one by one (their stored tsvector,
 *    migration 057): cheap, and for a common word already @cap matches;
 * 2. the @walk messages before those, the same way, only when the first step's matches, scaled,
 *    promise @cap within them (a common word the filters thin out); it stops at @cap;
 * 3. the GIN index over the rest. A rare word gets here after the first step: its few matches
 *    are found at once. Ordered by `seq + 0`, not `seq`: Postgres guesses a rare prefix's
 *    (`word:*`) matches at thousands and, given the primary key's order, would walk every older
 *    message to find them.
 * The steps read each range as it is; the @cap newest of their union are those one ordered
 * query over every message would give.
 */
const pgMessageHits = (from: string, newestFirst: string, when: string) =>
  `SELECT m.seq AS seq, m.chat_id AS chat_id, ts_rank(m.search_doc, ${pgQuery}) AS score, m.text AS text
    FROM ${from} CROSS JOIN LATERAL ${pgChat('m.chat_id')}
    WHERE m.author <> 'system' AND m.search_doc @@ ${pgQuery} AND ${FILTERS} AND ${when}
    ORDER BY ${newestFirst} DESC LIMIT @cap`;
/** The messages with `seq` in (`floor`, `ceiling`], newest first. */
const pgRange = (floor: string, ceiling: string, rows: string) =>
  `(SELECT * FROM messages WHERE seq > ${floor} AND seq <= ${ceiling} ORDER BY seq DESC LIMIT ${rows}) m`;
const [TOP, PROBE, WALK, CAP] = ['top', 'probe', 'walk', 'cap'].map((p) => `CAST(@${p} AS BIGINT)`);
/** Whether the second step runs: the first found fewer than @cap, at a rate that reaches @cap within @walk more. */
const PG_WALKS = `(SELECT count(*) FROM messages_probed) < ${CAP} AND (SELECT count(*) FROM messages_probed) * ${WALK} >= ${CAP} * ${PROBE}`;
const PG_MESSAGE_STEPS = `
  messages_probed AS MATERIALIZED (${pgMessageHits(pgRange(`${TOP} - ${PROBE}`, TOP, PROBE), 'm.seq', 'TRUE')}),
  messages_walked AS MATERIALIZED (${pgMessageHits(pgRange(`${TOP} - ${PROBE} - ${WALK}`, `${TOP} - ${PROBE}`, WALK), 'm.seq', PG_WALKS)}),
  messages_indexed AS MATERIALIZED (${pgMessageHits('messages m', 'm.seq + 0',
    `(SELECT count(*) FROM messages_probed) + (SELECT count(*) FROM messages_walked) < ${CAP}
    AND m.seq + 0 <= ${TOP} - ${PROBE} - (CASE WHEN ${PG_WALKS} THEN ${WALK} ELSE 0 END)`)})`;

/**
 * The chats that have, for each of `words` words, a tag matching it (each word's chats,
 * intersected): @word0, @word1…. Exactly the chats whose tag document holds every word: its
 * words are those of its tags.
 */
const pgTagged = (words: number) =>
  Array.from({ length: words }, (_, i) => `SELECT DISTINCT chat_id FROM chat_tags WHERE ${pgDoc('tag')} @@ to_tsquery('simple', @word${i})`).join(' INTERSECT ');

const [CHAT_TOP, CHATS] = ['chatTop', 'chats'].map((p) => `CAST(@${p} AS BIGINT)`);
/** Whether the tags' first step runs: the chats with matching tags are many enough to give @cap among the newest @chats. */
const PG_TAGS_WALK = `(SELECT count(*) FROM tags_matched) * ${CHATS} >= ${CAP} * ${CHAT_TOP}`;
/**
 * Postgres, tags: the chats with a tag matching each word (pgTagged), the newest @cap of them
 * that pass the filters, in up to two steps as for messages: (1) when they are many (a common
 * tag), the newest @chats chats read in order, each looked up in that set; (2) if still short,
 * each remaining one's chat looked up by id and sorted (a rare tag: few).
 */
const pgTagSteps = (words: number) => `
  tags_matched AS MATERIALIZED (${pgTagged(words)}),
  tags_walked AS MATERIALIZED (SELECT c.id AS id, c.rowid + 0 AS newest
    FROM (SELECT * FROM chats WHERE rowid > ${CHAT_TOP} - ${CHATS} AND rowid <= ${CHAT_TOP} ORDER BY rowid DESC LIMIT ${CHATS}) c
    -- IS TRUE: a lookup in the set per chat as they come, not a join Postgres would plan (and reorder).
    WHERE ${PG_TAGS_WALK} AND (c.id IN (SELECT chat_id FROM tags_matched)) IS TRUE AND ${FILTERS}
    ORDER BY c.rowid DESC LIMIT @cap),
  tags_looked_up AS MATERIALIZED (SELECT c.id AS id, c.rowid + 0 AS newest
    FROM tags_matched matched CROSS JOIN LATERAL ${pgChat('matched.chat_id')}
    WHERE (SELECT count(*) FROM tags_walked) < ${CAP} AND c.rowid + 0 <= ${CHAT_TOP} - (CASE WHEN ${PG_TAGS_WALK} THEN ${CHATS} ELSE 0 END)
      AND ${FILTERS}
    ORDER BY newest DESC LIMIT @cap)`;

/**
 * Each kind's hits: messages and tags from their steps above; notes and visitors (fewer: no
 * steps) from the GIN indexes of migrations 057 and 058, newest first by an expression
 * (`+ 0`) for the reason given for messages.
 */
const pgHits = (words: number) => [
  `SELECT chat_id, score, text, 'messages' AS kind FROM (SELECT * FROM messages_probed UNION ALL SELECT * FROM messages_walked
    UNION ALL SELECT * FROM messages_indexed ORDER BY seq DESC LIMIT @cap) messages_hits`,
  capped('notes', `n.chat_id AS chat_id, ts_rank(n.search_doc, ${pgQuery}) AS score, n.text AS text`,
    `FROM chat_notes n JOIN chats c ON c.id = n.chat_id WHERE n.search_doc @@ ${pgQuery} AND ${FILTERS}`, 'n.seq + 0'),
  capped('visitors', `c.id AS chat_id, ts_rank(${pgVisitorDoc}, ${pgQuery}) AS score,
    trim(coalesce(v.name, '') || ' ' || coalesce(v.email, '')) AS text`,
    `FROM visitors v JOIN chats c ON c.visitor_id = v.id WHERE ${pgVisitorDoc} @@ ${pgQuery} AND ${FILTERS}`, 'c.rowid + 0'),
  // Tags: the newest @cap chats of pgTagSteps, each one's tag document read for its text and rank.
  capped('tags', `t.id AS chat_id, ts_rank(${pgDoc('tags.text')}, ${pgQuery}) AS score, tags.text AS text`,
    `FROM (SELECT * FROM tags_walked UNION ALL SELECT * FROM tags_looked_up ORDER BY newest DESC LIMIT @cap) t
      CROSS JOIN LATERAL (SELECT string_agg(tag, ' ' ORDER BY tag) AS text FROM chat_tags WHERE chat_id = t.id) tags`, 't.newest'),
].join(' UNION ALL ');

/** The best document of each chat. */
const BEST = {
  sqlite: `SELECT chat_id, max(score) AS score, text FROM hits GROUP BY chat_id`,
  postgres: `SELECT DISTINCT ON (chat_id) chat_id, score, text FROM hits ORDER BY chat_id, score DESC`,
};

/** 1 when a kind of document reached the cap: the chats counted are those of the newest matches. */
const CAPPED = `(SELECT CASE WHEN max(n) >= @cap THEN 1 ELSE 0 END FROM (SELECT count(*) AS n FROM hits GROUP BY kind) kinds)`;

function searchSql(db: Sql, words: number, select: string, tail: string): string {
  const hits = db.dialect === 'sqlite' ? SQLITE_HITS : pgHits(words);
  return `WITH ${db.dialect === 'postgres' ? `${PG_MESSAGE_STEPS}, ${pgTagSteps(words)},` : ''} hits AS (${hits}), best AS (${BEST[db.dialect]})
    SELECT ${select} FROM best b JOIN chats c ON c.id = b.chat_id LEFT JOIN visitors v ON v.id = c.visitor_id ${tail}`;
}

/** `words`: lower-case letters and digits only (shared/search-snippet.ts searchWords), at least one. */
export async function searchChats(
  db: Sql,
  words: string[],
  f: SearchFilters,
  walks = SEARCH_WALKS,
): Promise<{ total: number; totalCapped: boolean; hits: SearchHit[] }> {
  const params = {
    match: words.map((w) => `"${w}"*`).join(' '),
    all: words.map((w) => `${w}:*`).join(' & '),
    ...Object.fromEntries(words.map((w, i) => [`word${i}`, `${w}:*`])),
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
    ...(db.dialect === 'postgres' ? walks : {}),
  };
  if (db.dialect === 'postgres') {
    // For this query only: JIT compiling takes longer than the query (its cost estimates are
    // high because Postgres guesses a prefix's matches), and a common word's bitmap of matches
    // stays exact in 64 MB rather than going lossy (every row of its pages read back).
    return db.transaction(async (tx) => {
      await tx.run("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)");
      // The newest message's seq and chat's rowid, constants of the query: the planner sees how
      // many rows each step's range holds (and reads them in order).
      const newest = await tx.get<{ top: number | null; chatTop: number | null }>(
        'SELECT (SELECT max(seq) FROM messages) AS top, (SELECT max(rowid) FROM chats) AS chatTop',
      );
      return runSearch(tx, words.length, f, { ...params, top: Number(newest?.top ?? 0), chatTop: Number(newest?.chatTop ?? 0) });
    });
  }
  return runSearch(db, words.length, f, params);
}

async function runSearch(db: Sql, words: number, f: SearchFilters, params: Record<string, unknown>): Promise<{ total: number; totalCapped: boolean; hits: SearchHit[] }> {
  const rows = await db.all<SearchHit & { total: number; capped: number }>(
    searchSql(
      db,
      words,
      `c.id AS chatId, c.started_at AS startedAt, c.agent_id AS agentId, c.visitor_id AS visitorId, v.name AS visitorName, v.email AS visitorEmail, b.text AS text,
        count(*) OVER () AS total, ${CAPPED} AS capped`,
      'ORDER BY b.score DESC, c.started_at DESC, c.id LIMIT @limit OFFSET @offset',
    ),
    params,
  );
  // A page past the last still reports the total.
  const counted =
    rows[0] ?? (f.offset > 0 ? await db.get<{ total: number; capped: number }>(searchSql(db, words, `count(*) AS total, ${CAPPED} AS capped`, ''), params) : undefined);
  return {
    total: Number(counted?.total ?? 0),
    totalCapped: Number(counted?.capped ?? 0) === 1,
    hits: rows.map(({ total: _, capped: __, ...hit }) => hit),
  };
}
