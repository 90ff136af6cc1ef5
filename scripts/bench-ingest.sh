#!/usr/bin/env bash
# Load benchmark of deposits over HTTP, against each store: wrk (in processes of its own) posts the corpus
# instances, each with a fresh invoice number, to `hermine serve` (release build) and prints deposits per second
# and latency, then counts by status what the store holds from the measured run.
#   sqlite           one hub node over a durable SQLite file (synchronous = FULL)
#   postgres         one hub node over a durable PostgreSQL server (fsync, synchronous_commit on)
#   postgres-2nodes  two hub nodes over that server, the connections split between them
# Usage: scripts/bench-ingest.sh [SECONDS] [CONNECTIONS] [CONFIGURATION...]   (default: 30 s, 16, all three)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-16}
shift $(( $# > 2 ? 2 : $# ))
configurations=("${@:-sqlite postgres postgres-2nodes}")
read -r -a configurations <<<"${configurations[*]}"
corpus=../shared/corpus/en16931
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

swift build -c release --product hermine >/dev/null
hermine=.build/release/hermine
work=""
postgres=""
servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "$postgres" ] && { scripts/postgres.sh stop "$postgres" || true; rm -rf "$postgres"; }
  [ -n "$work" ] && rm -rf "$work"
}
trap cleanup EXIT

# The 63 complete instances the validation benchmark reads (UBL and CII examples, test files).
list=$(mktemp)
find "$corpus/ubl/examples" "$corpus/test/testfiles" "$corpus/cii/examples" -iname '*.xml' | sort > "$list"
echo "corpus: $(wc -l < "$list") invoices, $(tr '\n' '\0' < "$list" | xargs -0 cat | wc -c) bytes; $connections connections, $seconds s"

for configuration in "${configurations[@]}"; do
  work=$(mktemp -d)
  nodes=1
  case $configuration in
  sqlite) database="$work/hub.sqlite" ;;
  postgres | postgres-2nodes)
    # A cluster of its own, durable (fsync, synchronous_commit on), in a folder its server's user may enter.
    postgres=$(mktemp -d /tmp/hermine-bench-postgres.XXXXXX)
    database=$(scripts/postgres.sh start "$postgres")
    [ "$configuration" = postgres-2nodes ] && nodes=2
    ;;
  *) echo "unknown configuration $configuration (sqlite, postgres, postgres-2nodes)" >&2; exit 2 ;;
  esac
  echo
  echo "== $configuration: $nodes hub node(s), database $database"
  # Foreign sellers and buyers: EN 16931 judges them, and any supplier may deposit for any seller.
  $hermine tenants import fixtures/tenants.json --database "$database" >/dev/null
  token=$($hermine token issue --org atelier-kerbrat --role supplier --database "$database" 2>/dev/null)
  urls=()
  servers=()
  for node in $(seq "$nodes"); do
    $hermine serve --port 0 --database "$database" --no-chorus-pro --any-seller --log-level warning \
      ${HERMINE_BENCH_SERVE_FLAGS:-} > "$work/serve-$node.log" 2>&1 &
    servers+=($!)
    for _ in $(seq 200); do grep -q "^hermine listening on" "$work/serve-$node.log" 2>/dev/null && break; sleep 0.1; done
    urls+=("$(grep -o 'http://[0-9.:]*' "$work/serve-$node.log" | head -1)")
  done
  # Warm up (page cache, file growth, connection pools), then measure, the connections split between the nodes.
  for url in "${urls[@]}"; do
    wrk -t 1 -c "$connections" -d 3s -s scripts/bench-ingest.lua "$url" -- "$list" "$token" warmup >/dev/null
  done
  per_node=$(( connections / nodes ))
  loads=()
  for node in $(seq "$nodes"); do
    wrk -t "$(( 2 / nodes ))" -c "$per_node" -d "${seconds}s" --latency -s scripts/bench-ingest.lua "${urls[$((node - 1))]}" \
      -- "$list" "$token" "measured$node" > "$work/wrk-$node.txt" &
    loads+=($!)
  done
  wait "${loads[@]}"
  total=0
  for node in $(seq "$nodes"); do
    [ "$nodes" -gt 1 ] && echo "node $node:"
    grep -E '^(deposits|latency|errors)' "$work/wrk-$node.txt"
    total=$(( total + $(awk '/^deposits\/s/ { print $2 }' "$work/wrk-$node.txt") ))
  done
  [ "$nodes" -gt 1 ] && echo "deposits/s, both nodes: $total"
  for pid in "${servers[@]}"; do echo "server $pid memory (max resident): $(awk '/VmHWM/ { print $2 / 1024 " MB" }' /proc/$pid/status)"; done
  for pid in "${servers[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
  servers=()
  # What the store holds, by status: every deposit answered 201 or 422 is there.
  query="SELECT status, count(*) FROM invoices WHERE number LIKE 'BENCH-measured%' GROUP BY status ORDER BY status"
  if [ "$configuration" = sqlite ]; then
    rows=$(python3 -c 'import sqlite3, sys; print("\n".join(f"{s}|{n}" for s, n in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' \
      "$database" "$query")
  else
    rows=$("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" "$database" -tA -c "$query")
  fi
  echo "stored by the measured run: $(echo "$rows" | awk -F'|' '{ printf "%s%d with status %d", sep, $2, $1; sep = ", " }')"
  [ -n "$postgres" ] && { scripts/postgres.sh stop "$postgres"; rm -rf "$postgres"; postgres=""; }
  rm -rf "$work"
  work=""
done
