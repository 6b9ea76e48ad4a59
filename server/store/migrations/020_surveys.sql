-- Survey lifecycle (issue 3). A row is created when its chat closes, before it is shown:
-- sent_at stays NULL until the visitor sees it (widget) or it is emailed, so a scheduled or
-- expired row is never a survey record in METRICS.md terms. Imported surveys leave these
-- columns NULL (due_at NULL = history, never offered).

-- The chat's agent at close, for per-agent CSAT.
ALTER TABLE surveys ADD COLUMN agent_id TEXT REFERENCES agents (id);
-- From when it may be shown: the close for CSAT/CES, close + npsDelayHours for NPS.
ALTER TABLE surveys ADD COLUMN due_at INTEGER;
-- Until when it may be shown (while unsent) or answered (once sent); moved on when sent.
ALTER TABLE surveys ADD COLUMN expires_at INTEGER;
-- First time the widget showed it (sent_at is the first of this and the email).
ALTER TABLE surveys ADD COLUMN shown_at INTEGER;
ALTER TABLE surveys ADD COLUMN skipped_at INTEGER;
ALTER TABLE surveys ADD COLUMN answered_via TEXT CHECK (answered_via IN ('widget', 'email'));
-- The language the question was put in (the visitor's locale when sent).
ALTER TABLE surveys ADD COLUMN language TEXT;

CREATE INDEX surveys_visitor ON surveys (visitor_id, kind, due_at);
CREATE INDEX surveys_due ON surveys (kind, due_at) WHERE due_at IS NOT NULL AND answered_at IS NULL;

-- The email channel of an NPS: claimed before sending so that a crash or a restart never
-- sends it twice; token_hash is the hash of the signed link, which works once.
CREATE TABLE survey_emails (
  survey_id  TEXT PRIMARY KEY REFERENCES surveys (id),
  address    TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  sent_at    INTEGER,
  token_hash TEXT UNIQUE,
  attempts   INTEGER NOT NULL DEFAULT 0,
  error      TEXT
) WITHOUT ROWID;
