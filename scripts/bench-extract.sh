#!/usr/bin/env bash
# Times the extraction of the invoice from every corpus PDF: Hermine (release build, in process) beside
# pikepdf (qpdf inside) doing the same work in the same run, then prints both per file, side by side.
# Usage: scripts/bench-extract.sh [PATH…]   (default: ../shared/corpus/facturx; needs `pip install pikepdf`)
set -euo pipefail
cd "$(dirname "$0")/.."
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(../shared/corpus/facturx)
python3 -c "import pikepdf" 2>/dev/null || pip install -q pikepdf

swift build -c release --product hermine >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== Hermine"
.build/release/hermine bench extract --tsv "$work/hermine.tsv" "${paths[@]}" | tail -n 2
echo "== pikepdf"
python3 scripts/bench_pikepdf.py --tsv "$work/pikepdf.tsv" "${paths[@]}" | tail -n 2
echo "== per file (median ms of one extraction)"
python3 - "$work/hermine.tsv" "$work/pikepdf.tsv" <<'PY'
import sys
def load(path):
    return {line.split("\t")[0]: line.rstrip("\n").split("\t") for line in open(path)}
hermine, pike = load(sys.argv[1]), load(sys.argv[2])
print(f"{'file':<58}{'bytes':>9} {'Hermine':>9} {'pikepdf':>9} {'×':>6}  Hermine's outcome")
faster = 0
for path in sorted(hermine):
    h, p = hermine[path], pike.get(path)
    if p is None:
        continue
    ht, pt = float(h[2]), float(p[2])
    faster += ht < pt
    name = "/".join(path.split("/")[-2:])[-58:]
    print(f"{name:<58}{int(h[1]):9d} {ht:9.4f} {pt:9.4f} {pt / ht:6.1f}  {h[3]}")
print(f"Hermine faster on {faster} of {len(hermine)} files")
PY
