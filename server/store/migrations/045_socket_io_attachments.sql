-- Nothing to do on SQLite: one node, Socket.IO's in-memory adapter. The Postgres migration of
-- the same number creates the cross-node adapter's table; the numbers stay alike on both.
SELECT 1;
