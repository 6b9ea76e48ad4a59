-- Internal notes: agents only, never sent to the visitor and never counted as messages.
CREATE TABLE chat_notes (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  id       TEXT NOT NULL UNIQUE,
  chat_id  TEXT NOT NULL REFERENCES chats (id),
  agent_id TEXT NOT NULL REFERENCES agents (id),
  text     TEXT NOT NULL,
  at       INTEGER NOT NULL
);
CREATE INDEX chat_notes_chat ON chat_notes (chat_id, seq);
CREATE INDEX canned_replies_owner ON canned_replies (owner_agent_id);
