-- Files a visitor sends in the widget (issue 6): images and PDFs up to 10 MB, stored on disk
-- under the data directory as `attachments/<id>`; the row says what they are. The id is
-- unguessable: the chat carries the file's address, which is all it takes to open it.
CREATE TABLE attachments (
  id         TEXT PRIMARY KEY,
  visitor_id TEXT NOT NULL,
  name       TEXT NOT NULL,
  type       TEXT NOT NULL CHECK (type IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf')),
  size       INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX attachments_visitor ON attachments (visitor_id, created_at);
