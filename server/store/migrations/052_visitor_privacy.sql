-- Erasure, retention, message deletion and blocking (issue 11). Erasing keeps every row and
-- time the metrics read; only texts change (to "Erased"), and these flags say what was removed
-- so that the console words it in the reader's language.
ALTER TABLE messages ADD COLUMN removed TEXT CHECK (removed IN ('erased', 'deleted'));
ALTER TABLE chat_notes ADD COLUMN erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE surveys ADD COLUMN comment_erased INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chats ADD COLUMN erased_at INTEGER;
ALTER TABLE visitors ADD COLUMN erased_at INTEGER;
-- The address (as the abuse limits count it) the visitor last came from, for a block by address.
ALTER TABLE visitors ADD COLUMN last_ip TEXT;
CREATE INDEX chats_retention ON chats (closed_at) WHERE erased_at IS NULL AND closed_at IS NOT NULL;

CREATE TABLE visitor_blocks (
  id         TEXT PRIMARY KEY,
  visitor_id TEXT NOT NULL,
  ip         TEXT,
  reason     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  lifted_at  INTEGER,
  lifted_by  TEXT,
  attempts   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX visitor_blocks_visitor ON visitor_blocks (visitor_id) WHERE lifted_at IS NULL;
CREATE INDEX visitor_blocks_ip ON visitor_blocks (ip) WHERE lifted_at IS NULL AND ip IS NOT NULL;
