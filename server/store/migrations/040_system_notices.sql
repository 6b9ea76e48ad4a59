-- A system message ("Anna joined the chat") keeps what happened as a kind with its names, beside
-- the English text, so the widget and the console can say it in the reader's language. NULL for
-- visitor and agent messages and for imported histories (their text is all there is).
ALTER TABLE messages ADD COLUMN notice TEXT;
