-- Full-text search over chats (issue 12, README "Search"): FTS5 indexes of what a chat says
-- and who it is with. Triggers keep them in step with every write, live or imported (the
-- history import turns off only the metrics_* triggers). The tokenizer keeps diacritics and
-- splits on anything but letters and digits, as the Postgres index of migration 058 does, so
-- both stores find the same chats.

-- Visitor and agent messages (system notices are the product talking: not searched).
CREATE VIRTUAL TABLE search_messages USING fts5 (
  text, content = 'messages', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO search_messages (rowid, text) SELECT seq, text FROM messages WHERE author <> 'system';
CREATE TRIGGER search_message_added AFTER INSERT ON messages WHEN new.author <> 'system' BEGIN
  INSERT INTO search_messages (rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER search_message_removed AFTER DELETE ON messages WHEN old.author <> 'system' BEGIN
  INSERT INTO search_messages (search_messages, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER search_message_old_text AFTER UPDATE OF text, author ON messages WHEN old.author <> 'system' BEGIN
  INSERT INTO search_messages (search_messages, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER search_message_new_text AFTER UPDATE OF text, author ON messages WHEN new.author <> 'system' BEGIN
  INSERT INTO search_messages (rowid, text) VALUES (new.seq, new.text);
END;

-- Internal notes.
CREATE VIRTUAL TABLE search_notes USING fts5 (
  text, content = 'chat_notes', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO search_notes (rowid, text) SELECT seq, text FROM chat_notes;
CREATE TRIGGER search_note_added AFTER INSERT ON chat_notes BEGIN
  INSERT INTO search_notes (rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER search_note_removed AFTER DELETE ON chat_notes BEGIN
  INSERT INTO search_notes (search_notes, rowid, text) VALUES ('delete', old.seq, old.text);
END;
CREATE TRIGGER search_note_changed AFTER UPDATE OF text ON chat_notes BEGIN
  INSERT INTO search_notes (search_notes, rowid, text) VALUES ('delete', old.seq, old.text);
  INSERT INTO search_notes (rowid, text) VALUES (new.seq, new.text);
END;

-- A visitor's name and email: they find every chat of that visitor.
CREATE VIRTUAL TABLE search_visitors USING fts5 (
  name, email, content = 'visitors', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO search_visitors (rowid, name, email) SELECT rowid, name, email FROM visitors;
CREATE TRIGGER search_visitor_added AFTER INSERT ON visitors BEGIN
  INSERT INTO search_visitors (rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;
CREATE TRIGGER search_visitor_removed AFTER DELETE ON visitors BEGIN
  INSERT INTO search_visitors (search_visitors, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email);
END;
CREATE TRIGGER search_visitor_changed AFTER UPDATE OF name, email ON visitors BEGIN
  INSERT INTO search_visitors (search_visitors, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email);
  INSERT INTO search_visitors (rowid, name, email) VALUES (new.rowid, new.name, new.email);
END;

-- A chat's tags, one document per chat (its rowid is the chat's). The import may write a tag
-- before its chat (each table goes in its own batches), so a new chat picks up its tags too.
CREATE VIRTUAL TABLE search_tags USING fts5 (tags, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO search_tags (rowid, tags)
  SELECT c.rowid, group_concat(t.tag, ' ') FROM chats c JOIN chat_tags t ON t.chat_id = c.id GROUP BY c.rowid;
CREATE TRIGGER search_tags_of_new_chat AFTER INSERT ON chats BEGIN
  INSERT INTO search_tags (rowid, tags)
    SELECT new.rowid, group_concat(tag, ' ') FROM chat_tags WHERE chat_id = new.id HAVING count(*) > 0;
END;
CREATE TRIGGER search_tags_of_removed_chat AFTER DELETE ON chats BEGIN
  DELETE FROM search_tags WHERE rowid = old.rowid;
END;
CREATE TRIGGER search_tag_added AFTER INSERT ON chat_tags BEGIN
  DELETE FROM search_tags WHERE rowid = (SELECT rowid FROM chats WHERE id = new.chat_id);
  INSERT INTO search_tags (rowid, tags)
    SELECT c.rowid, group_concat(t.tag, ' ') FROM chats c JOIN chat_tags t ON t.chat_id = c.id WHERE c.id = new.chat_id GROUP BY c.rowid;
END;
CREATE TRIGGER search_tag_removed AFTER DELETE ON chat_tags BEGIN
  DELETE FROM search_tags WHERE rowid = (SELECT rowid FROM chats WHERE id = old.chat_id);
  INSERT INTO search_tags (rowid, tags)
    SELECT c.rowid, group_concat(t.tag, ' ') FROM chats c JOIN chat_tags t ON t.chat_id = c.id WHERE c.id = old.chat_id GROUP BY c.rowid;
END;
CREATE TRIGGER search_tag_changed AFTER UPDATE ON chat_tags BEGIN
  DELETE FROM search_tags WHERE rowid IN (SELECT rowid FROM chats WHERE id IN (old.chat_id, new.chat_id));
  INSERT INTO search_tags (rowid, tags)
    SELECT c.rowid, group_concat(t.tag, ' ') FROM chats c JOIN chat_tags t ON t.chat_id = c.id
    WHERE c.id IN (old.chat_id, new.chat_id) GROUP BY c.rowid;
END;
