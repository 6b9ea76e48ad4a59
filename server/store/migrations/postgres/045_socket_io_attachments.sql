-- The table of @socket.io/postgres-adapter (server/cluster/socket-adapter.ts): a broadcast over
-- NOTIFY's 8000-byte limit, or with binary data, is written here and its id notified; the
-- adapter deletes rows older than its cleanup interval (30 s). Schema as the package documents it.
CREATE TABLE IF NOT EXISTS socket_io_attachments (
  id BIGSERIAL UNIQUE,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  payload BYTEA
);
