-- Agents invited by email. The agent row exists from the invitation on (role, departments and
-- max chats as the admin chose them) but has no password: like an imported agent (013) it cannot
-- sign in and does not count as the owner, until its invitee sets a password through the link.
-- Only a hash of the link's token is kept. A new invitation for the same agent ends the last one
-- ('replaced'); revoking ends it and deletes the agent row, so `agent_id` has no foreign key:
-- the ended invitation stays, and its link can still say what became of it.
CREATE TABLE agent_invitations (
  id          TEXT PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,
  agent_id    TEXT NOT NULL,
  invited_by  TEXT NOT NULL REFERENCES agents (id),
  -- The language of the email, reused when the invitation is sent again.
  language    TEXT NOT NULL CHECK (language IN ('en', 'ru', 'bg')),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  -- NULL: not emailed (no SMTP_URL, or the send failed); the admin handed the link over.
  emailed_at  INTEGER,
  ended_at    INTEGER,
  ended_as    TEXT CHECK (ended_as IN ('accepted', 'replaced', 'revoked')),
  CHECK ((ended_at IS NULL) = (ended_as IS NULL))
);
CREATE INDEX agent_invitations_agent ON agent_invitations (agent_id, created_at);
