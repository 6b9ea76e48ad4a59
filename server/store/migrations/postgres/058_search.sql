-- Full-text search over chats (issue 12, README "Search"): GIN indexes of tsvectors, so every
-- write (live, or the history import's multi-row INSERTs) updates them with its row; there is
-- nothing to keep in step by hand. The 'simple' configuration (no stemming: chats come in every
-- language) on the text with ASCII punctuation made spaces, so that "ann@example.com" and
-- "order-42" split into words as SQLite's FTS5 tokenizer splits them (migration 058 there).
-- server/store/search.ts queries these exact expressions. Messages and notes: migration 057 stores
-- their documents in a column and indexes that instead; on a new database it runs first, so the
-- two indexes below exist already (IF NOT EXISTS) and are those of the column.

CREATE INDEX IF NOT EXISTS messages_search ON messages
  USING gin (to_tsvector('simple', regexp_replace(text, '[[:punct:]]', ' ', 'g')))
  WHERE author <> 'system';
CREATE INDEX IF NOT EXISTS chat_notes_search ON chat_notes
  USING gin (to_tsvector('simple', regexp_replace(text, '[[:punct:]]', ' ', 'g')));
CREATE INDEX visitors_search ON visitors
  USING gin (to_tsvector('simple', regexp_replace(coalesce(name, '') || ' ' || coalesce(email, ''), '[[:punct:]]', ' ', 'g')));
CREATE INDEX chat_tags_search ON chat_tags
  USING gin (to_tsvector('simple', regexp_replace(tag, '[[:punct:]]', ' ', 'g')));
