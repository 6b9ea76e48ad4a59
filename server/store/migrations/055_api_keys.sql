-- API keys (issue 12): only the SHA-256 of a key is kept; the key acts as the agent who made it.
-- Revoking deletes the row, so a revoked key is refused by its very next call.
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  key_hash     TEXT NOT NULL,
  -- JSON array of scopes (metrics:read, chats:read, ...).
  scopes       TEXT NOT NULL,
  created_by   TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  created_at   INTEGER NOT NULL,
  -- Written at most once a minute per key: a busy integration does not write on every call.
  last_used_at INTEGER
);
