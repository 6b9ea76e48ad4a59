-- Finding stale hour blocks without reading the blocks: a partial index of the stale ones, and
-- the conversion window the chat blocks were built with kept once instead of per block (when
-- the setting changes, every chat block is marked stale).
ALTER TABLE metric_hour_blocks DROP COLUMN conversion_window_ms;
CREATE INDEX metric_hour_blocks_stale ON metric_hour_blocks (kind, hour) WHERE data IS NULL;
CREATE TABLE metric_blocks_built_with (
  id                   INTEGER PRIMARY KEY CHECK (id = 1),
  conversion_window_ms INTEGER NOT NULL
);
