#!/usr/bin/env bash
# Load benchmark of the portal simulator's deposit path: wrk (in a process of its own) posts deposer/flux calls,
# each a flow of the demo's valid UBL invoice with a fresh number, to `hermine portal-sim` (release build), and
# prints deposits per second and latency; then it waits for the simulator to judge every flow recorded (its
# processing runs beside the deposits, in the background) and prints how long that took and the simulator's stats.
#   with-processing     flows judged 1 s after their deposit, as by default, while deposits go on
#   deposits-only       processing held back for the length of the run (the deposit path alone), then let go
# Usage: scripts/bench-portal.sh [SECONDS] [CONNECTIONS] [CONFIGURATION...]   (default: 20 s, 16, both)
# Do not run it while another benchmark runs on the machine (it checks for wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-16}
shift $(( $# > 2 ? 2 : $# ))
configurations=("${@:-with-processing deposits-only}")
read -r -a configurations <<<"${configurations[*]}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if pgrep -x wrk >/dev/null; then echo "wrk is already running: another benchmark is under way; try later" >&2; exit 1; fi

swift build -c release --product hermine >/dev/null
hermine=.build/release/hermine
work=$(mktemp -d)
simulator=""
cleanup() {
  [ -n "$simulator" ] && kill "$simulator" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The invoice split around its number; the part before padded (spaces after the XML declaration) to 3n bytes.
python3 - "$work" <<'PY'
import base64, sys
work = sys.argv[1]
text = open("fixtures/invoices/atelier-kerbrat-FA-2026-0142.xml", encoding="utf-8").read()
marker = "<cbc:ID>FA-2026-0142</cbc:ID>"
at = text.index(marker) + len("<cbc:ID>")
before, after = text[:at], text[at + len("FA-2026-0142"):]
declaration = before.index("?>") + 2
while len(before.encode()) % 3:
    before = before[:declaration] + " " + before[declaration:]
open(f"{work}/before.b64", "w").write(base64.b64encode(before.encode()).decode())
open(f"{work}/after.b64", "w").write(base64.b64encode(after.encode()).decode())
PY

stat() { curl -s "$url/simulator/stats"; }
# CPU seconds a process has used (user and system).
cpu() { awk -v tick="$(getconf CLK_TCK)" '{ print ($14 + $15) / tick }' "/proc/$1/stat"; }
field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

for configuration in "${configurations[@]}"; do
  case $configuration in
  with-processing) delay=1000 ;;
  deposits-only) delay=$(( (seconds + 10) * 1000 )) ;;
  *) echo "unknown configuration $configuration (with-processing, deposits-only)" >&2; exit 2 ;;
  esac
  rm -f "$work"/portal.sqlite*
  $hermine portal-sim --port 0 --database "$work/portal.sqlite" --processing-delay-ms "$delay" --log-level warning \
    > "$work/simulator.log" 2>&1 &
  simulator=$!
  for _ in $(seq 200); do grep -q "listening on" "$work/simulator.log" 2>/dev/null && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*' "$work/simulator.log" | head -1)
  token=$(curl -s -X POST "$url/api/oauth/token" -d grant_type=client_credentials -d client_id=hermine-demo \
    -d client_secret=hermine-demo-secret -d scope=openid | field access_token)
  account=$(printf 'hermine-demo:hermine-demo-password' | base64)
  echo
  echo "== $configuration: $connections connections, $seconds s (processing delay $delay ms)"
  wrk -t 1 -c "$connections" -d 2s -s scripts/bench-portal.lua "$url" -- "$work/before.b64" "$work/after.b64" "$token" \
    "$account" WU >/dev/null
  cpu_before=$(cpu "$simulator")
  wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s scripts/bench-portal.lua "$url" -- "$work/before.b64" \
    "$work/after.b64" "$token" "$account" BR > "$work/wrk.txt"
  cpu_after=$(cpu "$simulator")
  grep -E '^(deposits|latency|errors)' "$work/wrk.txt"
  deposits=$(awk '/^deposits:/ { print $2 }' "$work/wrk.txt")
  echo "simulator CPU during the run: $(python3 -c "import sys; b, a, n, s = map(float, sys.argv[1:]); print(f'{a - b:.1f} s of {s:.0f} s, {(a - b) * 1000 / n:.3f} ms per deposit')" "$cpu_before" "$cpu_after" "$deposits" "$seconds")"
  # Every flow recorded is judged: how long after the last deposit the processor catches up.
  start=$(date +%s.%N)
  flows=$(stat | field flows)
  while :; do
    stats=$(stat)
    done_count=$(( $(echo "$stats" | field invoices) + $(echo "$stats" | field rejectedFlows) ))
    [ "$done_count" -ge "$flows" ] && break
    sleep 0.2
  done
  echo "every flow judged $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)") s after the last deposit; stats: $stats"
  echo "simulator memory (max resident): $(awk '/VmHWM/ { print $2 / 1024 " MB" }' /proc/$simulator/status)"
  kill "$simulator"; wait "$simulator" 2>/dev/null || true
  simulator=""
done
