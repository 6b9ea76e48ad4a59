-- Metric hour blocks for surveys and page views too (server/metrics/blocks.ts): a query reads
-- packed hours instead of scanning index rows. They replace survey_facts and page_view_gaps
-- of migration 010 and the triggers that kept those.

DROP TRIGGER metrics_page_view_added;
DROP TRIGGER metrics_page_view_removed;
DROP TRIGGER metrics_survey_added;
DROP TRIGGER metrics_survey_changed;
DROP TRIGGER metrics_survey_removed;
DROP TRIGGER metrics_chat_added;
DROP TRIGGER metrics_chat_changed;
DROP TRIGGER metrics_chat_moved;
DROP TRIGGER metrics_assignment_added;
DROP TRIGGER metrics_assignment_changed;
DROP TRIGGER metrics_assignment_removed;
DROP TABLE survey_facts;
DROP TABLE page_view_gaps;
DROP TABLE metric_blocks;

-- kind: 0 = chats started in the hour, 1 = surveys sent in it, 2 = surveys answered in it,
-- 3 = page views in it. hour = time / 3600000 (UTC). data NULL = stale, rebuilt on the next
-- query. Every hour that has such rows has a block row. conversion_window_ms: the setting a
-- chat block was built with (its conversions depend on it).
CREATE TABLE metric_hour_blocks (
  kind                 INTEGER NOT NULL,
  hour                 INTEGER NOT NULL,
  data                 BLOB,
  conversion_window_ms INTEGER,
  PRIMARY KEY (kind, hour)
) WITHOUT ROWID;

CREATE TRIGGER metrics_chat_added AFTER INSERT ON chats BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (NEW.id);
  -- A new chat is a repeat contact (FCR) for the visitor's earlier chats.
  UPDATE metric_hour_blocks SET data = NULL
  WHERE kind = 0 AND hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id = NEW.visitor_id AND id <> NEW.id);
END;

CREATE TRIGGER metrics_chat_changed
AFTER UPDATE OF visitor_id, department_id, priority, channel, started_at, closed_at ON chats BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (NEW.id);
END;

CREATE TRIGGER metrics_chat_moved AFTER UPDATE OF visitor_id, started_at ON chats BEGIN
  UPDATE metric_hour_blocks SET data = NULL
  WHERE kind = 0 AND hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id IN (OLD.visitor_id, NEW.visitor_id));
END;

CREATE TRIGGER metrics_assignment_added AFTER INSERT ON assignments BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (NEW.chat_id);
END;

CREATE TRIGGER metrics_assignment_changed AFTER UPDATE ON assignments BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (OLD.chat_id), (NEW.chat_id);
END;

CREATE TRIGGER metrics_assignment_removed AFTER DELETE ON assignments BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (OLD.chat_id);
END;

-- A page view changes its own hour, the previous-view time of the visitor's next one, and the
-- page views around the visitor's chats (visitors.chatRate).
CREATE TRIGGER metrics_page_view_added AFTER INSERT ON page_views BEGIN
  INSERT INTO metric_hour_blocks (kind, hour, data) VALUES (3, NEW.at / 3600000, NULL)
    ON CONFLICT (kind, hour) DO UPDATE SET data = NULL;
  UPDATE metric_hour_blocks SET data = NULL WHERE kind = 3 AND hour = (
    SELECT at / 3600000 FROM page_views WHERE visitor_id = NEW.visitor_id AND (at, rowid) > (NEW.at, NEW.rowid)
    ORDER BY at, rowid LIMIT 1);
  UPDATE metric_hour_blocks SET data = NULL
  WHERE kind = 0 AND hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id = NEW.visitor_id);
END;

CREATE TRIGGER metrics_page_view_removed AFTER DELETE ON page_views BEGIN
  UPDATE metric_hour_blocks SET data = NULL WHERE kind = 3 AND hour = OLD.at / 3600000;
  UPDATE metric_hour_blocks SET data = NULL WHERE kind = 3 AND hour = (
    SELECT at / 3600000 FROM page_views WHERE visitor_id = OLD.visitor_id AND (at, rowid) > (OLD.at, OLD.rowid)
    ORDER BY at, rowid LIMIT 1);
  UPDATE metric_hour_blocks SET data = NULL
  WHERE kind = 0 AND hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id = OLD.visitor_id);
END;

-- Conversions are packed with the chats whose window they fall in.
CREATE TRIGGER metrics_conversion_added AFTER INSERT ON conversions BEGIN
  UPDATE metric_hour_blocks SET data = NULL
  WHERE kind = 0 AND hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id = NEW.visitor_id);
END;

CREATE TRIGGER metrics_conversion_changed AFTER UPDATE ON conversions BEGIN
  UPDATE metric_hour_blocks SET data = NULL
  WHERE kind = 0 AND hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id IN (OLD.visitor_id, NEW.visitor_id));
END;

CREATE TRIGGER metrics_conversion_removed AFTER DELETE ON conversions BEGIN
  UPDATE metric_hour_blocks SET data = NULL
  WHERE kind = 0 AND hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id = OLD.visitor_id);
END;

-- A survey counts once it is sent (METRICS.md §1: a scheduled survey is no record yet).
CREATE TRIGGER metrics_survey_added AFTER INSERT ON surveys WHEN NEW.sent_at IS NOT NULL BEGIN
  INSERT INTO metric_hour_blocks (kind, hour, data) VALUES (1, NEW.sent_at / 3600000, NULL)
    ON CONFLICT (kind, hour) DO UPDATE SET data = NULL;
  INSERT INTO metric_hour_blocks (kind, hour, data)
    SELECT 2, NEW.answered_at / 3600000, NULL WHERE NEW.answered_at IS NOT NULL
    ON CONFLICT (kind, hour) DO UPDATE SET data = NULL;
END;

CREATE TRIGGER metrics_survey_changed
AFTER UPDATE OF chat_id, kind, scale, score, sent_at, answered_at ON surveys BEGIN
  UPDATE metric_hour_blocks SET data = NULL
  WHERE (kind = 1 AND hour = OLD.sent_at / 3600000) OR (kind = 2 AND hour = OLD.answered_at / 3600000);
  INSERT INTO metric_hour_blocks (kind, hour, data)
    SELECT 1, NEW.sent_at / 3600000, NULL WHERE NEW.sent_at IS NOT NULL
    ON CONFLICT (kind, hour) DO UPDATE SET data = NULL;
  INSERT INTO metric_hour_blocks (kind, hour, data)
    SELECT 2, NEW.answered_at / 3600000, NULL WHERE NEW.sent_at IS NOT NULL AND NEW.answered_at IS NOT NULL
    ON CONFLICT (kind, hour) DO UPDATE SET data = NULL;
END;

CREATE TRIGGER metrics_survey_removed AFTER DELETE ON surveys BEGIN
  UPDATE metric_hour_blocks SET data = NULL
  WHERE (kind = 1 AND hour = OLD.sent_at / 3600000) OR (kind = 2 AND hour = OLD.answered_at / 3600000);
END;

-- Conversions are found per chat through conversions_visitor now.
DROP INDEX metrics_conversions_at;
