-- Web Push (issue 14): each device an agent turned notifications on for, and what they want.
-- The VAPID keys are a setting made once (settings table), the same for every node.

CREATE TABLE push_subscriptions (
  endpoint   TEXT PRIMARY KEY,
  agent_id   TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  p256dh     TEXT NOT NULL,
  auth       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX push_subscriptions_agent ON push_subscriptions (agent_id);

-- Which events, whether the text is shown, quiet hours ("HH:MM", local to time_zone).
CREATE TABLE push_preferences (
  agent_id   TEXT PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  queued     INTEGER NOT NULL,
  message    INTEGER NOT NULL,
  transfer   INTEGER NOT NULL,
  show_text  INTEGER NOT NULL,
  quiet_from TEXT,
  quiet_to   TEXT,
  time_zone  TEXT NOT NULL
);
