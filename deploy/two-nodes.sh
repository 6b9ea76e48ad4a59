#!/usr/bin/env bash
# Two Parley nodes on one Postgres database behind HAProxy (deploy/haproxy.cfg), to try the
# cluster on one machine. Ctrl-C stops all three.
#
#   deploy/two-nodes.sh                 # balancer on http://localhost:3100, nodes on 3101 and 3102
#   DATABASE_URL=postgres://me@db/parley LB_PORT=8080 deploy/two-nodes.sh
#
# DATABASE_URL defaults to the database parley_demo on the local Postgres (created if missing).
# Both nodes keep uploaded files in one directory, FILES_DIR (default ./data/cluster-files).
# Kill one node (kill -9 on the pid printed below) and chat on: the balancer moves its visitors
# and agents to the other node within about two seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

LB_PORT=${LB_PORT:-3100}
NODE_A_PORT=${NODE_A_PORT:-3101}
NODE_B_PORT=${NODE_B_PORT:-3102}
DEMO_PORT=${DEMO_PORT:-3103}
export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/parley_demo}
export FILES_DIR=${FILES_DIR:-$PWD/data/cluster-files}
export PUBLIC_URL=${PUBLIC_URL:-http://localhost:$LB_PORT}

command -v haproxy >/dev/null || { echo "haproxy is not installed (Debian: apt-get install haproxy)" >&2; exit 1; }
mkdir -p "$FILES_DIR"

# The database, when it does not exist yet (asked of the server's postgres database).
node --input-type=module -e '
  import pg from "pg";
  const url = new URL(process.env.DATABASE_URL);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  if (found.rowCount === 0) {
    await client.query(`CREATE DATABASE "${name.replaceAll("\"", "\"\"")}"`);
    console.log(`Created the database ${name}`);
  }
  await client.end();
'

[ -f dist/widget/loader.js ] && [ -f dist/console/index.html ] || npm run build

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  exit 0
}
trap stop INT TERM EXIT

wait_ready() {
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the node on port $1 did not get ready" >&2
  exit 1
}

# node-a first: it applies the migrations and creates the owner (printing a generated password
# once, unless ADMIN_PASSWORD is set); node-b then finds both done.
PORT=$NODE_A_PORT NODE_ID=node-a DEMO_PORT=$DEMO_PORT node --import tsx server/main.ts &
pids+=($!)
echo "node-a: pid $! on port $NODE_A_PORT"
wait_ready "$NODE_A_PORT"
PORT=$NODE_B_PORT NODE_ID=node-b DEMO_PORT=0 node --import tsx server/main.ts &
pids+=($!)
echo "node-b: pid $! on port $NODE_B_PORT"
wait_ready "$NODE_B_PORT"

PARLEY_LB_BIND=":$LB_PORT" PARLEY_NODE_A="127.0.0.1:$NODE_A_PORT" PARLEY_NODE_B="127.0.0.1:$NODE_B_PORT" \
  haproxy -W -db -f deploy/haproxy.cfg &
pids+=($!)

cat <<EOF

Parley on two nodes, database $DATABASE_URL
  Balancer:      $PUBLIC_URL  (console: $PUBLIC_URL/console/)
  Demo site:     http://localhost:$DEMO_PORT/
  Nodes:         http://127.0.0.1:$NODE_A_PORT (node-a), http://127.0.0.1:$NODE_B_PORT (node-b)
  Shared files:  $FILES_DIR
Ctrl-C stops all.
EOF
# Until Ctrl-C: a node killed to try the failover does not stop the rest.
wait
