-- Email digests (issue 13): owners and admins subscribe, daily or weekly, in their time zone
-- and language.
CREATE TABLE digest_subscriptions (
  agent_id   TEXT PRIMARY KEY REFERENCES agents (id),
  frequency  TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly')),
  time_zone  TEXT NOT NULL,
  language   TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- One row per subscriber and period, claimed before the digest is made: the node whose INSERT
-- (or whose take-over of a lapsed lease) wins sends it. sending_at is set just before SMTP is
-- called: a row with sending_at and no sent_at nor error (a crash mid-send) is never sent again.
CREATE TABLE digest_sends (
  agent_id     TEXT NOT NULL REFERENCES agents (id),
  frequency    TEXT NOT NULL,
  period_start INTEGER NOT NULL,
  period_end   INTEGER NOT NULL,
  claimed_by   TEXT NOT NULL,
  lease_until  INTEGER NOT NULL,
  sending_at   INTEGER,
  sent_at      INTEGER,
  attempts     INTEGER NOT NULL DEFAULT 0,
  error        TEXT,
  PRIMARY KEY (agent_id, frequency, period_start)
);
CREATE INDEX digest_sends_retry ON digest_sends (lease_until) WHERE sent_at IS NULL AND sending_at IS NULL;
