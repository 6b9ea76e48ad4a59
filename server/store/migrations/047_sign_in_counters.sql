-- Sign-in counters shared by the nodes live in Postgres (rate-limiter-flexible's table, made
-- here rather than by each node at start). One node on SQLite counts in its memory: nothing here.
SELECT 1;
