-- Chat transcripts a visitor asked to get by email (issue 6): one row per email sent, so the
-- number per chat can be held down and an owner can see what left the system.
CREATE TABLE transcript_emails (
  id      TEXT PRIMARY KEY,
  chat_id TEXT NOT NULL REFERENCES chats (id),
  email   TEXT NOT NULL,
  sent_at INTEGER NOT NULL
);
CREATE INDEX transcript_emails_chat ON transcript_emails (chat_id, sent_at);
