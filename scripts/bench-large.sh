#!/usr/bin/env bash
# Times large invoices: generates UBL and CII invoices of 1,000 to 100,000 lines (scripts/generate-large-invoice.py,
# repeating the lines of a CEN example with the totals recomputed: valid under EN 16931) into a temporary folder,
# builds release, and runs `hermine bench large` on each in a fresh process (so that each size's peak memory is its
# own), then prints the table: file size, parse + validate and parse + bind + validate (Intake.take) in seconds and
# µs per line, peak resident memory and its ratio to the file size.
# Usage: scripts/bench-large.sh [LINES…]   (default: 1000 10000 50000 100000; PASSES=3 timed runs per stage)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 50000 100000)
passes=${PASSES:-3}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build -c release --product hermine >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

for syntax in ubl cii; do
    for lines in "${sizes[@]}"; do
        python3 scripts/generate-large-invoice.py "$syntax" "$lines" "$work/$syntax-$lines.xml"
    done
done
header=--header
for syntax in ubl cii; do
    for lines in "${sizes[@]}"; do
        .build/release/hermine bench large --passes "$passes" "$header" "$work/$syntax-$lines.xml"
        header=--no-header
    done
done
