-- Transcripts go only to the visitor's own address, within limits per visitor, per recipient
-- and per hour (issue 10). Each row says whose chat it was and which mailbox it went to, so
-- the limits are counted from this table, alike on every node that shares the database.
ALTER TABLE transcript_emails ADD COLUMN visitor_id TEXT REFERENCES visitors (id);
-- The mailbox as the limits count it (lower case, no "+tag"): server/chat/transcript-rules.ts.
ALTER TABLE transcript_emails ADD COLUMN recipient TEXT;
UPDATE transcript_emails SET
  visitor_id = (SELECT visitor_id FROM chats WHERE chats.id = transcript_emails.chat_id),
  recipient = lower(email);
CREATE INDEX transcript_emails_visitor ON transcript_emails (visitor_id, sent_at);
CREATE INDEX transcript_emails_recipient ON transcript_emails (recipient, sent_at);
CREATE INDEX transcript_emails_sent ON transcript_emails (sent_at);
