#!/usr/bin/env bash
# Benchmark of the buyer channels and supplier webhooks: release `hermine serve` (SQLite, durable), `hermine
# portal-sim` and two `hermine receiver`s (the buyers' push endpoint, the supplier's webhook) as separate processes.
#   (a) drain: a push channel on every buyer of the directory and a supplier subscription; BACKLOG accepted
#       invoices wait in the outbox (deposited with the workers off), then a hub with its workers on sends them:
#       deliveries per second, pushes and webhooks counted, first attempt to last delivery.
#   (b) delay: deposits arrive over HTTP at RATE a second for SECONDS while the portal moves the invoices along;
#       for each status change, the delay from the event to its webhook's arrival: p50, p90, p99, max.
# Usage: scripts/bench-channels.sh [BACKLOG] [RATE] [SECONDS] [FORMAT]   (default 20000 200 30 ubl; needs python3)
# FORMAT is the push channels' (original, ubl, cii, json, csv): ubl rewrites each invoice from its model.
set -euo pipefail
cd "$(dirname "$0")/.."
backlog=${1:-20000}
rate=${2:-200}
seconds=${3:-30}
format=${4:-ubl}

swift build -c release --product hermine >/dev/null
hermine=.build/release/hermine
source scripts/processes.sh

start "$work/push.log" $hermine receiver --port 0 --no-bodies
push=$url
start "$work/hook.log" $hermine receiver --port 0 --no-bodies
hook=$url
start "$work/portal.log" $hermine portal-sim --port 0 --database "$work/portal.sqlite" --processing-delay-ms 200 --log-level warning
portal=$url
echo "receivers: $push (push), $hook (webhooks); portal simulator: $portal"

# (a) The backlog: channels and subscription set, invoices deposited with every worker off, then drained.
export HERMINE_DELIVERY_WORKERS=0 HERMINE_CHANNELS_WORKERS=0
start "$work/hub-a.log" $hermine serve --demo --port 0 --database "$work/a.sqlite" --portal-url "$portal" --log-level warning
hub=$url
python3 scripts/bench_channels.py setup "$hub" "$push/invoices" "$hook/events" "$format"
echo "== (a) depositing $backlog invoices into the outbox (workers off)"
python3 scripts/bench_route.py deposit "$hub" "$backlog" 16
stop
python3 scripts/bench_route.py count "$work/a.sqlite"
# Only the channels' worker drains: the portal's stays off, so the deliveries counted are pushes and webhooks.
export HERMINE_CHANNELS_WORKERS=64
start "$work/hub-a2.log" $hermine serve --port 0 --database "$work/a.sqlite" --portal-url "$portal" --log-level warning
[ -n "${BENCH_PROFILE:-}" ] && (sleep 5; perf record -F 999 -g -p "${pids[-1]}" -o "$BENCH_PROFILE" -- sleep 10 >/dev/null 2>&1) &
python3 scripts/bench_channels.py drain "$work/a.sqlite" $((backlog * 2))
stop

[ "$rate" -gt 0 ] || exit 0
# (b) Deposits at a steady rate, the portal moving each invoice along (DEPOSEE, MISE_A_DISPOSITION, …).
echo "== (b) $rate deposits a second for $seconds s, every worker on"
start "$work/hook-b.log" $hermine receiver --port 0 --log "$work/hooks-b.jsonl"
hook=$url
unset HERMINE_DELIVERY_WORKERS
start "$work/hub-b.log" $hermine serve --demo --port 0 --database "$work/b.sqlite" --portal-url "$portal" --log-level warning
hub=$url
python3 scripts/bench_channels.py setup "$hub" "$push/invoices" "$hook/events" "$format"
[ -n "${BENCH_PROFILE_B:-}" ] && (sleep 10; perf record -F 999 -g -p "${pids[-1]}" -o "$BENCH_PROFILE_B" -- sleep 10 >/dev/null 2>&1) &
python3 scripts/bench_route.py steady "$hub" "$rate" "$seconds"
sleep 5
stop
[ -n "${BENCH_KEEP:-}" ] && cp "$work/hooks-b.jsonl" "$BENCH_KEEP"
python3 scripts/bench_channels.py delays "$work/hooks-b.jsonl"
