-- Several nodes on one database (issue 9): who is connected where, and deadlines as rows.

-- Each running node and when it last said it was alive; a node silent too long is gone, and
-- the others take over what it held.
CREATE TABLE nodes (
  id         TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  seen_at    INTEGER NOT NULL
) WITHOUT ROWID;

-- Open sockets per principal (a visitor or an agent) per node: someone is connected while any
-- live node holds a row for them.
CREATE TABLE connections (
  kind         TEXT NOT NULL CHECK (kind IN ('visitor', 'agent')),
  principal_id TEXT NOT NULL,
  node_id      TEXT NOT NULL,
  sockets      INTEGER NOT NULL CHECK (sockets > 0),
  PRIMARY KEY (kind, principal_id, node_id)
) WITHOUT ROWID;
CREATE INDEX connections_node ON connections (node_id);

-- Something to do at `due_at` (a grace period's end), run by exactly one node: the node that
-- claims it pushes `due_at` past a lease, runs it, and deletes the row; a node that dies
-- mid-run leaves the row for another to claim when the lease ends.
CREATE TABLE deadlines (
  kind       TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  due_at     INTEGER NOT NULL,
  PRIMARY KEY (kind, subject_id)
) WITHOUT ROWID;
CREATE INDEX deadlines_due ON deadlines (due_at);
