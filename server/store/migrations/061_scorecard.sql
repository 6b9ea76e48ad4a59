-- The scorecard reviews are answered on (IQS, issue 13): criteria in order, each with a weight
-- and a kind of answer (`yes_no`: yes / no / n.a.; `scale`: 1–5 / n.a.). A removed criterion
-- is archived, not deleted: old reviews name it in their answers.
CREATE TABLE review_criteria (
  id       TEXT PRIMARY KEY,
  position INTEGER NOT NULL,
  label    TEXT NOT NULL,
  weight   REAL NOT NULL CHECK (weight > 0),
  kind     TEXT NOT NULL CHECK (kind IN ('yes_no', 'scale')),
  archived INTEGER NOT NULL DEFAULT 0
);
