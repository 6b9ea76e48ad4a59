-- Search (issue 12, README "Search"), Postgres only: each message's and note's search document
-- stored beside its text, a generated column the GIN index is built on, in place of migration
-- 058's expression indexes. With the index on an expression, every row Postgres reads back from
-- the table to check (the whole table's pages when a common word's bitmap outgrows work_mem)
-- recomputed to_tsvector(regexp_replace(text)), and so did ts_rank and the newest-first walk of
-- server/store/search.ts: 23-27 s for a common word at 1M chats (BENCHMARKS.md "Search"). Stored,
-- a check is a tsvector match. The expression is migration 058's: the same words in the index.
-- Numbered before 058 (the number was free): a new database runs this first and 058 finds the
-- two indexes made (IF NOT EXISTS there); one that has 058 runs this after it, which drops them
-- and makes them anew. Both end the same.
--
-- Writing the column rewrites both tables once, with them locked: an upgrade of a large database
-- pays it (11.7M messages: 170 s, and the table 1.1 GB larger; BENCHMARKS.md "Search"). The index
-- builds get more memory than the 64 MB default, for this transaction only.

SET LOCAL maintenance_work_mem = '256MB';

DROP INDEX IF EXISTS messages_search;
ALTER TABLE messages ADD COLUMN search_doc tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(text, '[[:punct:]]', ' ', 'g'))) STORED;
CREATE INDEX IF NOT EXISTS messages_search ON messages USING gin (search_doc) WHERE author <> 'system';

DROP INDEX IF EXISTS chat_notes_search;
ALTER TABLE chat_notes ADD COLUMN search_doc tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(text, '[[:punct:]]', ' ', 'g'))) STORED;
CREATE INDEX IF NOT EXISTS chat_notes_search ON chat_notes USING gin (search_doc);

-- The planner's statistics of the new columns (how common each word is), without waiting for
-- autovacuum: a rewrite does not count as changes.
ANALYZE messages (search_doc);
ANALYZE chat_notes (search_doc);
