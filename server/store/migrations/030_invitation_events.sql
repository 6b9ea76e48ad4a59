-- Proactive invitations on the customer's site (issue 6): each bubble shown, clicked, and the
-- chat it led to. id is the widget's client id, so a report sent twice is stored once.
CREATE TABLE invitation_events (
  id            TEXT PRIMARY KEY,
  visitor_id    TEXT NOT NULL,
  -- The owner's invitation (settings `invitations`); NULL for Parley('invite', text).
  invitation_id TEXT,
  kind          TEXT NOT NULL CHECK (kind IN ('shown', 'clicked', 'chat_started')),
  chat_id       TEXT REFERENCES chats (id),
  url           TEXT,
  at            INTEGER NOT NULL
);
CREATE INDEX invitation_events_invitation ON invitation_events (invitation_id, kind, at);
CREATE INDEX invitation_events_visitor ON invitation_events (visitor_id, at);
