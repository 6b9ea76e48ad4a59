-- Who did what (issue 11): sign-ins, team and settings changes, exports, erasures, blocks, keys.
-- Append only: nothing in the product updates or deletes a row, and retention does not reach it.
CREATE TABLE audit_log (
  id      BIGSERIAL PRIMARY KEY,
  at      BIGINT NOT NULL,
  actor   TEXT,
  action  TEXT NOT NULL,
  target  TEXT,
  ip      TEXT,
  details TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor_at ON audit_log (actor, at);
CREATE INDEX audit_log_action_at ON audit_log (action, at);
