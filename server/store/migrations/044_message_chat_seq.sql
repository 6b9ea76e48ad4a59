-- Each message's place in its chat: 1, 2, 3… without holes, so a client that holds 1…n and gets
-- n + 2 knows it missed one (seq counts all chats together, so a hole in it says nothing).
-- Assigned with the insert, in its transaction (server/store/chats.ts insertMessage); an import
-- numbers a chat's messages in the order of its record. Existing rows are numbered in seq order.
ALTER TABLE messages ADD COLUMN chat_seq INTEGER;

UPDATE messages SET chat_seq = numbered.chat_seq
  FROM (SELECT seq, row_number() OVER (PARTITION BY chat_id ORDER BY seq) AS chat_seq FROM messages) AS numbered
  WHERE numbered.seq = messages.seq;

-- Unique per chat; it also serves every lookup of a chat's messages that messages_chat served
-- (all of them read one chat's few rows), so the table keeps two indexes besides its key.
DROP INDEX messages_chat;
CREATE UNIQUE INDEX messages_chat_seq ON messages (chat_id, chat_seq);
