#!/usr/bin/env bash
# Benchmark of the portal path: release `hermine serve` (SQLite, durable) and `hermine portal-sim` as separate
# processes on this machine.
#   (a) drain: BACKLOG accepted invoices wait in the outbox (deposited with the delivery workers off), then a hub
#       with its workers on sends them all to a healthy simulator: deliveries per second, start to last.
#   (b) delay: deposits arrive over HTTP at RATE a second for SECONDS; for each, the delay from its acceptance to
#       its deposit at the portal (the delivered attempt's end): p50, p90, p99, max.
# Usage: scripts/bench-route.sh [BACKLOG] [RATE] [SECONDS]   (default 20000 500 30; needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
backlog=${1:-20000}
rate=${2:-500}
seconds=${3:-30}

swift build -c release --product hermine >/dev/null
hermine=.build/release/hermine
source scripts/processes.sh

start "$work/portal.log" $hermine portal-sim --port 0 --database "$work/portal.sqlite" \
  --processing-delay-ms 200 --no-status-progression --log-level warning
portal=$url
echo "portal simulator: $portal"
echo "demo invoice: fixtures/invoices/atelier-kerbrat-FA-2026-0142.xml, a fresh number each time"
echo fixtures/invoices/atelier-kerbrat-FA-2026-0142.xml > "$work/invoices.txt"

# (a) The backlog: deposited with no delivery worker, then drained.
start "$work/hub-a.log" $hermine serve --demo --port 0 --database "$work/a.sqlite" --portal-url "$portal" \
  --delivery-workers 0 --log-level warning
hub=$url
echo "== (a) depositing $backlog invoices into the outbox (workers off)"
python3 scripts/bench_route.py deposit "$hub" "$backlog" 16
stop
python3 scripts/bench_route.py count "$work/a.sqlite"
start "$work/hub-a2.log" $hermine serve --port 0 --database "$work/a.sqlite" --portal-url "$portal" --log-level warning
python3 scripts/bench_route.py drain "$work/a.sqlite" "$backlog"
stop

[ "$rate" -gt 0 ] || exit 0
# (b) Deposits at a steady rate; the delay from acceptance to deposit at the portal.
echo "== (b) $rate deposits a second for $seconds s, workers on"
start "$work/hub-b.log" $hermine serve --demo --port 0 --database "$work/b.sqlite" --portal-url "$portal" --log-level warning
hub=$url
python3 scripts/bench_route.py steady "$hub" "$rate" "$seconds"
sleep 3
stop
python3 scripts/bench_route.py delays "$work/b.sqlite"
echo "hub memory (max resident) and simulator: see the logs in $work (removed at exit)"
