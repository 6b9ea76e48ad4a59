-- Signed webhooks (issue 12). An endpoint, the event types it hears (one row each, so the
-- writes that raise an event find their subscribers by index), and the outbox: one delivery
-- per event and endpoint, written in the transaction of the change that caused it.
CREATE TABLE webhook_endpoints (
  id              TEXT PRIMARY KEY,
  url             TEXT NOT NULL,
  secret          TEXT NOT NULL,
  events          TEXT NOT NULL,
  created_by      TEXT,
  created_at      BIGINT NOT NULL,
  -- The first failed attempt since the last success; null while it answers.
  failing_since   BIGINT,
  disabled_at     BIGINT,
  disabled_reason TEXT
);

CREATE TABLE webhook_subscriptions (
  event_type  TEXT NOT NULL,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  PRIMARY KEY (event_type, endpoint_id)
);

-- `next_attempt_at` is also the lease: a node that claims a delivery moves it past the
-- attempt's end, so no other node takes it meanwhile, and a node that dies leaves it due again.
CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,
  endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_type      TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  body            TEXT NOT NULL,
  state           TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_attempt_at BIGINT,
  last_status     INTEGER,
  last_error      TEXT,
  last_response   TEXT,
  delivered_at    BIGINT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_of_endpoint ON webhook_deliveries (endpoint_id, created_at);
