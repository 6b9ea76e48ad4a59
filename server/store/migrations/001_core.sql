-- Core schema: everything METRICS.md §1 describes, plus what the live product needs
-- (visitors, sessions, settings). Times are UTC epoch milliseconds; ids are TEXT so that
-- imported ids are kept as they are.

CREATE TABLE departments (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE agents (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  email         TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('agent', 'admin', 'owner')),
  max_chats     INTEGER NOT NULL DEFAULT 3 CHECK (max_chats >= 0),
  password_hash TEXT,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX agents_email ON agents (email COLLATE NOCASE);

CREATE TABLE agent_departments (
  agent_id      TEXT NOT NULL REFERENCES agents (id),
  department_id TEXT NOT NULL REFERENCES departments (id),
  PRIMARY KEY (agent_id, department_id)
) WITHOUT ROWID;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id   TEXT NOT NULL REFERENCES agents (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE canned_replies (
  id             TEXT PRIMARY KEY,
  shortcut       TEXT NOT NULL,
  text           TEXT NOT NULL,
  department_id  TEXT REFERENCES departments (id),
  owner_agent_id TEXT REFERENCES agents (id)
);

CREATE TABLE sla_policies (
  id                 TEXT PRIMARY KEY,
  department_id      TEXT REFERENCES departments (id),
  priority           TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  first_response_sec REAL,
  resolution_sec     REAL
);
CREATE UNIQUE INDEX sla_policies_scope ON sla_policies (coalesce(department_id, ''), priority);

CREATE TABLE agent_status_changes (
  id       TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents (id),
  status   TEXT NOT NULL CHECK (status IN ('online', 'away', 'offline')),
  at       INTEGER NOT NULL,
  UNIQUE (agent_id, at)
);

-- A visitor of a customer's site. Imported histories name visitors only by id, so other
-- tables refer to visitor ids without a foreign key.
CREATE TABLE visitors (
  id         TEXT PRIMARY KEY,
  token_hash TEXT UNIQUE,
  name       TEXT,
  email      TEXT,
  verified   INTEGER NOT NULL DEFAULT 0,
  locale     TEXT,
  time_zone  TEXT,
  user_agent TEXT,
  attributes TEXT,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER
);

CREATE TABLE page_views (
  id         TEXT PRIMARY KEY,
  visitor_id TEXT NOT NULL,
  url        TEXT NOT NULL,
  title      TEXT,
  at         INTEGER NOT NULL
);
CREATE INDEX page_views_at ON page_views (at);
CREATE INDEX page_views_visitor ON page_views (visitor_id, at);

CREATE TABLE conversions (
  id         TEXT PRIMARY KEY,
  visitor_id TEXT NOT NULL,
  at         INTEGER NOT NULL,
  value      REAL NOT NULL,
  currency   TEXT
);
CREATE INDEX conversions_visitor ON conversions (visitor_id, at);

CREATE TABLE chats (
  id            TEXT PRIMARY KEY,
  visitor_id    TEXT NOT NULL,
  department_id TEXT REFERENCES departments (id),
  priority      TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  channel       TEXT NOT NULL CHECK (channel IN ('widget', 'offline')),
  started_at    INTEGER NOT NULL,
  closed_at     INTEGER,
  closed_by     TEXT CHECK (closed_by IN ('visitor', 'agent', 'system')),
  -- Live routing state. agent_id is the last assignment (the chat's agent in METRICS.md);
  -- queued_at orders the queue (a chat handed back by an agent keeps its original place).
  agent_id      TEXT REFERENCES agents (id),
  queued_at     INTEGER,
  CHECK ((closed_at IS NULL) = (closed_by IS NULL))
);
CREATE INDEX chats_started ON chats (started_at);
CREATE INDEX chats_visitor ON chats (visitor_id, started_at);
CREATE INDEX chats_open ON chats (closed_at) WHERE closed_at IS NULL;

CREATE TABLE chat_tags (
  chat_id TEXT NOT NULL REFERENCES chats (id),
  tag     TEXT NOT NULL,
  PRIMARY KEY (chat_id, tag)
) WITHOUT ROWID;
CREATE INDEX chat_tags_tag ON chat_tags (tag);

-- The first assignment of a chat is its pick-up, each later one a transfer.
CREATE TABLE assignments (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id  TEXT NOT NULL REFERENCES chats (id),
  agent_id TEXT NOT NULL REFERENCES agents (id),
  at       INTEGER NOT NULL
);
CREATE INDEX assignments_chat ON assignments (chat_id, at);
CREATE INDEX assignments_agent ON assignments (agent_id, at);

-- seq is the global insertion order: it orders messages with equal times as they stand in
-- the record, and it is the cursor a reconnecting client replays from.
CREATE TABLE messages (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  id        TEXT NOT NULL UNIQUE,
  chat_id   TEXT NOT NULL REFERENCES chats (id),
  author    TEXT NOT NULL CHECK (author IN ('visitor', 'agent', 'system')),
  agent_id  TEXT REFERENCES agents (id),
  at        INTEGER NOT NULL,
  text      TEXT NOT NULL,
  canned_id TEXT REFERENCES canned_replies (id)
);
CREATE INDEX messages_chat ON messages (chat_id, at, seq);

-- Audit trail of a chat's state changes (queued, assigned, transferred, requeued, closed, ...).
CREATE TABLE chat_events (
  seq      INTEGER PRIMARY KEY AUTOINCREMENT,
  chat_id  TEXT NOT NULL REFERENCES chats (id),
  kind     TEXT NOT NULL,
  at       INTEGER NOT NULL,
  agent_id TEXT,
  data     TEXT
);
CREATE INDEX chat_events_chat ON chat_events (chat_id, seq);

CREATE TABLE surveys (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('csat', 'ces', 'nps')),
  chat_id     TEXT NOT NULL REFERENCES chats (id),
  visitor_id  TEXT NOT NULL,
  scale       INTEGER NOT NULL CHECK (scale IN (5, 7, 10)),
  sent_at     INTEGER,
  answered_at INTEGER,
  score       INTEGER,
  comment     TEXT,
  CHECK ((answered_at IS NULL) = (score IS NULL))
);
CREATE INDEX surveys_sent ON surveys (sent_at);
CREATE INDEX surveys_answered ON surveys (answered_at);
CREATE INDEX surveys_chat ON surveys (chat_id);

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
