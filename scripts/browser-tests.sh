#!/usr/bin/env bash
# The web console in a real browser: starts `hermine serve --demo` on a fresh database (its built-in portal
# simulator keeps an accepted invoice at 203 "made available" for the buyer to act on), drives the pages with
# Chromium through Selenium (Tests/Browser/console_test.py), then stops the hub by its process id.
# Screenshots of every page visited go to .build/console-screenshots/ (or the folder given as argument).
set -euo pipefail
cd "$(dirname "$0")/.."
shots=${1:-.build/console-screenshots}
for tool in chromium chromedriver; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install chromium chromium-driver" >&2; exit 1; }
done
python3 -c 'import selenium' 2>/dev/null || PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install -q selenium==4.*
hermine=$(swift build --show-bin-path)/hermine
[ -x "$hermine" ] || swift build --product hermine
source scripts/processes.sh
rm -rf "$shots"
# Port 0: the system chooses free ports, for the hub and for its simulator.
start "$work/hub.log" "$hermine" serve --demo --port 0 --portal-sim-port 0 --database "$work/hub.sqlite" \
  --portal-sim-database "$work/sim.sqlite" --portal-sim-status-schedule 1,3600,3600,3600
for _ in $(seq 300); do grep -q "^hermine listening on" "$work/hub.log" && break; sleep 0.1; done
url=$(grep -o '^hermine listening on http://[0-9.:]*' "$work/hub.log" | sed 's/hermine listening on //')
[ -n "$url" ] || { cat "$work/hub.log"; echo "the hub did not start" >&2; exit 1; }
status=0
python3 Tests/Browser/console_test.py "$url" "$shots" || status=$?
[ $status -eq 0 ] || { echo "--- hub log"; tail -50 "$work/hub.log"; }
echo "screenshots: $shots"
exit $status
