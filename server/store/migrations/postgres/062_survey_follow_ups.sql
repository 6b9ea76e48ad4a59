-- Follow-ups of bad survey answers (issue 13): a detractor NPS or a CSAT of 1–2 asks a person
-- to get back to the visitor. Not a chat: no metric reads this table. One per survey, made in
-- the transaction that records the answer. agent_id NULL: the department's queue (the chat's
-- agent is gone), department_id NULL with it: anyone who sees the chat.
CREATE TABLE survey_follow_ups (
  id            TEXT PRIMARY KEY,
  survey_id     TEXT NOT NULL UNIQUE REFERENCES surveys (id),
  chat_id       TEXT NOT NULL REFERENCES chats (id),
  agent_id      TEXT REFERENCES agents (id),
  department_id TEXT,
  created_at    BIGINT NOT NULL,
  done_at       BIGINT,
  done_by       TEXT REFERENCES agents (id),
  note          TEXT
);
CREATE INDEX survey_follow_ups_created ON survey_follow_ups (created_at);
CREATE INDEX survey_follow_ups_done ON survey_follow_ups (done_at);

-- Chats an agent closed "without survey" (spam, tests): no survey is scheduled for them.
CREATE TABLE chats_without_survey (
  chat_id  TEXT PRIMARY KEY REFERENCES chats (id),
  agent_id TEXT REFERENCES agents (id),
  at       BIGINT NOT NULL
);
