-- Internal quality reviews (IQS, issue 13; METRICS.md §1 `review`): an admin's or owner's
-- judgement of a chat on the scorecard. `score` in [0, 1] is what the metrics read; `answers`
-- keeps the scorecard as it was answered (criterion, label, weight, kind, answer), so a later
-- change of the scorecard never moves an old score. Imported reviews have no answers (NULL).
CREATE TABLE reviews (
  id          TEXT PRIMARY KEY,
  chat_id     TEXT NOT NULL REFERENCES chats (id),
  reviewer_id TEXT NOT NULL REFERENCES agents (id),
  at          BIGINT NOT NULL,
  score       DOUBLE PRECISION NOT NULL CHECK (score >= 0 AND score <= 1),
  comment     TEXT,
  answers     TEXT,
  UNIQUE (chat_id, reviewer_id)
);
CREATE INDEX reviews_at ON reviews (at);
