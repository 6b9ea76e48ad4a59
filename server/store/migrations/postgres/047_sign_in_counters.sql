-- The table rate-limiter-flexible's RateLimiterPostgres keeps its counters in (its own layout),
-- shared by every node: an attacker gets the sign-in limits once, not once per node.
CREATE TABLE sign_in_counters (
  key    VARCHAR(255) PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire BIGINT
);
