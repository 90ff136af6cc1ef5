#!/usr/bin/env bash
# Load benchmark of deposits over HTTP: wrk (a second process) posts the corpus instances, each with a
# fresh invoice number, from 16 concurrent connections to `hermine serve` (release build) over a durable
# SQLite store (synchronous = FULL) in a fresh folder; prints deposits per second and latency.
# Usage: scripts/bench-ingest.sh [SECONDS] [CONNECTIONS]   (default: 30 s, 16 connections; needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-16}
corpus=../shared/corpus/en16931
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

swift build -c release --product hermine >/dev/null
work=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT

# The 63 complete instances the validation benchmark reads (UBL and CII examples, test files).
find "$corpus/ubl/examples" "$corpus/test/testfiles" "$corpus/cii/examples" -iname '*.xml' | sort > "$work/invoices.txt"
echo "corpus: $(wc -l < "$work/invoices.txt") invoices, $(tr '\n' '\0' < "$work/invoices.txt" | xargs -0 cat | wc -c) bytes"

# Foreign sellers and buyers: EN 16931 judges them, and any supplier may deposit for any seller.
.build/release/hermine tenants import fixtures/tenants.json --database "$work/hub.sqlite" >/dev/null
token=$(.build/release/hermine token issue --org atelier-kerbrat --role supplier --database "$work/hub.sqlite" 2>/dev/null)
.build/release/hermine serve --port 0 --database "$work/hub.sqlite" --no-chorus-pro --any-seller --log-level warning ${HERMINE_BENCH_SERVE_FLAGS:-} \
    > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -1)
echo "server: $url, database $work/hub.sqlite (durability full)"

# Warm up (page cache, SQLite file growth), then measure.
wrk -t 2 -c "$connections" -d 3s -s scripts/bench-ingest.lua "$url" -- "$work/invoices.txt" "$token" warmup >/dev/null
echo "== wrk: 2 threads, $connections connections, ${seconds} s"
wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s scripts/bench-ingest.lua "$url" -- "$work/invoices.txt" "$token" measured \
    | grep -E '^(deposits|latency|errors)'
echo "server memory (max resident): $(grep VmHWM /proc/$server/status | awk '{print $2 / 1024 " MB"}')"
kill "$server"; wait "$server" 2>/dev/null || true; server=""
# What the store holds, by status: every deposit answered 201 or 422 is there.
python3 - "$work/hub.sqlite" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT status, count(*) FROM invoices WHERE number LIKE 'BENCH-measured-%' GROUP BY status").fetchall()
print("stored by the measured run:", ", ".join(f"{count} with status {status}" for status, count in rows) or "none")
PY
