-- Precomputed facts for the metrics of METRICS.md §2 (server/metrics/). Everything here is
-- derived from the core rows and can be rebuilt from them; nothing here is a source of truth.

-- One row per chat: what its own rows say (first reply, response intervals, assignments, ...).
-- Written by recomputeChatFacts (server/metrics/facts.ts) and by the import.
CREATE TABLE chat_facts (
  chat_id            TEXT PRIMARY KEY,
  started_at         INTEGER NOT NULL,
  closed_at          INTEGER,
  visitor_id         TEXT NOT NULL,
  department_id      TEXT,
  channel            TEXT NOT NULL,
  priority           TEXT NOT NULL,
  -- The chat's agent: its last assignment.
  agent_id           TEXT,
  first_assigned_at  INTEGER,
  assignment_count   INTEGER NOT NULL,
  first_reply_at     INTEGER,
  reply_count        INTEGER NOT NULL,
  canned_reply_count INTEGER NOT NULL,
  -- Visitor + agent messages (greetings included).
  message_count      INTEGER NOT NULL,
  -- JSON: tags (sorted), {cannedId: replies}, response intervals in ms, [[agentId, at], ...].
  tags               TEXT NOT NULL,
  canned             TEXT NOT NULL,
  intervals          TEXT NOT NULL,
  assignments        TEXT NOT NULL
);
CREATE INDEX chat_facts_started ON chat_facts (started_at);
-- Chats whose agents' holding time can reach more than a day past their start: the utilization
-- reads them here instead of from the hour blocks (see server/metrics/agent-time.ts).
CREATE INDEX chat_facts_long ON chat_facts (started_at)
  WHERE closed_at IS NULL OR closed_at - started_at > 86400000;

-- Chats whose rows changed since their facts were computed. Triggers below fill it; the
-- metrics engine recomputes them before answering, so no write path can be missed.
CREATE TABLE metric_dirty_chats (
  chat_id TEXT PRIMARY KEY
) WITHOUT ROWID;

-- The facts of the chats started in one UTC hour (hour = started_at / 3600000), packed for a
-- fast scan (server/metrics/blocks.ts). data NULL = stale, rebuilt on the next query. Every hour
-- that has chats has a row.
CREATE TABLE metric_blocks (
  hour INTEGER PRIMARY KEY,
  data BLOB
);
CREATE INDEX metric_blocks_stale ON metric_blocks (hour) WHERE data IS NULL;

-- Sent surveys with the attributes of their chat that the filters use, so that survey metrics
-- are one index range scan. Kept by the triggers below.
CREATE TABLE survey_facts (
  survey_id     TEXT PRIMARY KEY,
  chat_id       TEXT NOT NULL,
  kind          TEXT NOT NULL,
  scale         INTEGER NOT NULL,
  score         INTEGER,
  sent_at       INTEGER NOT NULL,
  answered_at   INTEGER,
  agent_id      TEXT,
  department_id TEXT,
  channel       TEXT NOT NULL,
  priority      TEXT NOT NULL
);
CREATE INDEX survey_facts_answered ON survey_facts
  (answered_at, kind, scale, score, agent_id, department_id, channel, priority, chat_id);
CREATE INDEX survey_facts_sent ON survey_facts
  (sent_at, kind, answered_at, agent_id, department_id, channel, priority, chat_id);
CREATE INDEX survey_facts_chat ON survey_facts (chat_id);

-- Each page view with the time of the same visitor's previous one (order: at, rowid). A range
-- then counts its distinct visitors as the views whose previous view is before the range.
CREATE TABLE page_view_gaps (
  page_view_rowid INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  prev_at         INTEGER
);
CREATE INDEX page_view_gaps_at ON page_view_gaps (at, prev_at);

CREATE INDEX metrics_conversions_at ON conversions (at);

-- Triggers. The import drops every trigger named metrics_* inside its transaction, fills the
-- same tables in bulk, and creates them again before it commits.

CREATE TRIGGER metrics_chat_added AFTER INSERT ON chats BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (NEW.id);
  -- A new chat is a repeat contact (FCR) for the visitor's earlier chats.
  UPDATE metric_blocks SET data = NULL
  WHERE hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id = NEW.visitor_id AND id <> NEW.id);
END;

CREATE TRIGGER metrics_chat_changed
AFTER UPDATE OF visitor_id, department_id, priority, channel, started_at, closed_at ON chats BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (NEW.id);
  UPDATE survey_facts SET department_id = NEW.department_id, channel = NEW.channel, priority = NEW.priority
  WHERE chat_id = NEW.id;
END;

CREATE TRIGGER metrics_chat_moved AFTER UPDATE OF visitor_id, started_at ON chats BEGIN
  UPDATE metric_blocks SET data = NULL
  WHERE hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id IN (OLD.visitor_id, NEW.visitor_id));
END;

CREATE TRIGGER metrics_chat_removed AFTER DELETE ON chats BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (OLD.id);
END;

CREATE TRIGGER metrics_message_added AFTER INSERT ON messages BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (NEW.chat_id);
END;

CREATE TRIGGER metrics_message_changed AFTER UPDATE OF chat_id, author, agent_id, at, canned_id ON messages BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (OLD.chat_id), (NEW.chat_id);
END;

CREATE TRIGGER metrics_message_removed AFTER DELETE ON messages BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (OLD.chat_id);
END;

CREATE TRIGGER metrics_assignment_added AFTER INSERT ON assignments BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (NEW.chat_id);
  UPDATE survey_facts SET agent_id = (
    SELECT agent_id FROM assignments WHERE chat_id = NEW.chat_id ORDER BY at DESC, seq DESC LIMIT 1
  ) WHERE chat_id = NEW.chat_id;
END;

CREATE TRIGGER metrics_assignment_changed AFTER UPDATE ON assignments BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (OLD.chat_id), (NEW.chat_id);
  UPDATE survey_facts SET agent_id = (
    SELECT agent_id FROM assignments a WHERE a.chat_id = survey_facts.chat_id ORDER BY at DESC, seq DESC LIMIT 1
  ) WHERE chat_id IN (OLD.chat_id, NEW.chat_id);
END;

CREATE TRIGGER metrics_assignment_removed AFTER DELETE ON assignments BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (OLD.chat_id);
  UPDATE survey_facts SET agent_id = (
    SELECT agent_id FROM assignments WHERE chat_id = OLD.chat_id ORDER BY at DESC, seq DESC LIMIT 1
  ) WHERE chat_id = OLD.chat_id;
END;

CREATE TRIGGER metrics_tag_added AFTER INSERT ON chat_tags BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (NEW.chat_id);
END;

CREATE TRIGGER metrics_tag_changed AFTER UPDATE ON chat_tags BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (OLD.chat_id), (NEW.chat_id);
END;

CREATE TRIGGER metrics_tag_removed AFTER DELETE ON chat_tags BEGIN
  INSERT OR IGNORE INTO metric_dirty_chats (chat_id) VALUES (OLD.chat_id);
END;

CREATE TRIGGER metrics_page_view_added AFTER INSERT ON page_views BEGIN
  INSERT INTO page_view_gaps (page_view_rowid, at, prev_at) VALUES (NEW.rowid, NEW.at, (
    SELECT at FROM page_views WHERE visitor_id = NEW.visitor_id AND (at, rowid) < (NEW.at, NEW.rowid)
    ORDER BY at DESC, rowid DESC LIMIT 1
  ));
  UPDATE page_view_gaps SET prev_at = NEW.at WHERE page_view_rowid = (
    SELECT rowid FROM page_views WHERE visitor_id = NEW.visitor_id AND (at, rowid) > (NEW.at, NEW.rowid)
    ORDER BY at, rowid LIMIT 1
  );
  -- The visitor's chats may now have a page view in a range (visitors.chatRate).
  UPDATE metric_blocks SET data = NULL
  WHERE hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id = NEW.visitor_id);
END;

CREATE TRIGGER metrics_page_view_removed AFTER DELETE ON page_views BEGIN
  DELETE FROM page_view_gaps WHERE page_view_rowid = OLD.rowid;
  UPDATE page_view_gaps SET prev_at = (
    SELECT at FROM page_views WHERE visitor_id = OLD.visitor_id AND (at, rowid) < (OLD.at, OLD.rowid)
    ORDER BY at DESC, rowid DESC LIMIT 1
  ) WHERE page_view_rowid = (
    SELECT rowid FROM page_views WHERE visitor_id = OLD.visitor_id AND (at, rowid) > (OLD.at, OLD.rowid)
    ORDER BY at, rowid LIMIT 1
  );
  UPDATE metric_blocks SET data = NULL
  WHERE hour IN (SELECT started_at / 3600000 FROM chats WHERE visitor_id = OLD.visitor_id);
END;

-- A survey row counts once it is sent (METRICS.md §1: a scheduled survey is no record yet).
CREATE TRIGGER metrics_survey_added AFTER INSERT ON surveys WHEN NEW.sent_at IS NOT NULL BEGIN
  INSERT INTO survey_facts
    (survey_id, chat_id, kind, scale, score, sent_at, answered_at, agent_id, department_id, channel, priority)
  SELECT NEW.id, NEW.chat_id, NEW.kind, NEW.scale, NEW.score, NEW.sent_at, NEW.answered_at,
    (SELECT agent_id FROM assignments WHERE chat_id = NEW.chat_id ORDER BY at DESC, seq DESC LIMIT 1),
    c.department_id, c.channel, c.priority
  FROM chats c WHERE c.id = NEW.chat_id;
END;

CREATE TRIGGER metrics_survey_changed
AFTER UPDATE OF id, chat_id, kind, scale, score, sent_at, answered_at ON surveys BEGIN
  DELETE FROM survey_facts WHERE survey_id = OLD.id;
  INSERT INTO survey_facts
    (survey_id, chat_id, kind, scale, score, sent_at, answered_at, agent_id, department_id, channel, priority)
  SELECT NEW.id, NEW.chat_id, NEW.kind, NEW.scale, NEW.score, NEW.sent_at, NEW.answered_at,
    (SELECT agent_id FROM assignments WHERE chat_id = NEW.chat_id ORDER BY at DESC, seq DESC LIMIT 1),
    c.department_id, c.channel, c.priority
  FROM chats c WHERE c.id = NEW.chat_id AND NEW.sent_at IS NOT NULL;
END;

CREATE TRIGGER metrics_survey_removed AFTER DELETE ON surveys BEGIN
  DELETE FROM survey_facts WHERE survey_id = OLD.id;
END;
