-- A signature of Parley('identify') is used by one visitor only (issue 10, item 4): a captured
-- one cannot verify anybody else in its 10 minutes. Kept by hash; rows older than that go.
CREATE TABLE identity_signatures (
  signature_hash TEXT PRIMARY KEY,
  visitor_id     TEXT NOT NULL,
  used_at        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX identity_signatures_used ON identity_signatures (used_at);
