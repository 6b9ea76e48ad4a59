-- Live traffic marks fewer chat hour blocks stale: only the blocks whose chats a new chat, page
-- view or conversion can change (their FCR repeat, the page views around their start, the
-- conversions in their window), instead of every chat of the visitor.

DROP TRIGGER metrics_chat_added;
CREATE TRIGGER metrics_chat_added AFTER INSERT ON chats BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (NEW.id);
  -- A repeat contact (FCR) only for the visitor's chats that closed before it started.
  UPDATE metric_hour_blocks SET data = NULL WHERE kind = 0 AND hour IN (
    SELECT started_at / 3600000 FROM chats
    WHERE visitor_id = NEW.visitor_id AND id <> NEW.id AND closed_at < NEW.started_at);
END;

DROP TRIGGER metrics_page_view_added;
CREATE TRIGGER metrics_page_view_added AFTER INSERT ON page_views BEGIN
  INSERT INTO metric_hour_blocks (kind, hour, data) VALUES (3, NEW.at / 3600000, NULL)
    ON CONFLICT (kind, hour) DO UPDATE SET data = NULL;
  UPDATE metric_hour_blocks SET data = NULL WHERE kind = 3 AND hour = (
    SELECT at / 3600000 FROM page_views WHERE visitor_id = NEW.visitor_id AND (at, rowid) > (NEW.at, NEW.rowid)
    ORDER BY at, rowid LIMIT 1);
  -- A chat's last page view at or before its start can only change for chats starting at or
  -- after this one; its first page view after the start only when none came in between.
  UPDATE metric_hour_blocks SET data = NULL WHERE kind = 0 AND hour IN (
    SELECT c.started_at / 3600000 FROM chats c
    WHERE c.visitor_id = NEW.visitor_id AND (c.started_at >= NEW.at OR NOT EXISTS (
      SELECT 1 FROM page_views p
      WHERE p.visitor_id = NEW.visitor_id AND p.at > c.started_at AND p.at < NEW.at)));
END;

DROP TRIGGER metrics_conversion_added;
CREATE TRIGGER metrics_conversion_added AFTER INSERT ON conversions BEGIN
  -- Only chats whose window [start, start + window) holds it.
  UPDATE metric_hour_blocks SET data = NULL WHERE kind = 0 AND hour IN (
    SELECT started_at / 3600000 FROM chats
    WHERE visitor_id = NEW.visitor_id AND started_at <= NEW.at
      AND started_at > NEW.at - (SELECT conversion_window_ms FROM metric_blocks_built_with));
END;
