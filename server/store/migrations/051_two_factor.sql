-- Two-factor sign-in (issue 11). `two_factor_since` on the agent, so that every read of an
-- agent knows it without another query; the secret and the recovery codes in tables of their own.
ALTER TABLE agents ADD COLUMN two_factor_since INTEGER;

-- One row per agent who started enrolling (until confirmed, `two_factor_since` stays NULL).
-- `secret` is encrypted with the key kept in FILES_DIR (server/team/two-factor-key.ts), not in
-- the database; `last_step` is the newest TOTP step used, so a code is never accepted twice.
CREATE TABLE two_factor_secrets (
  agent_id  TEXT PRIMARY KEY REFERENCES agents (id),
  secret    TEXT NOT NULL,
  last_step INTEGER NOT NULL DEFAULT 0
);

-- Single-use codes for a lost phone, kept only as SHA-256 hashes.
CREATE TABLE two_factor_recovery_codes (
  agent_id  TEXT NOT NULL REFERENCES agents (id),
  code_hash TEXT NOT NULL,
  used_at   INTEGER,
  PRIMARY KEY (agent_id, code_hash)
);
