# Sourced by the benchmark scripts that run hermine's processes side by side (bench-route.sh, bench-channels.sh):
# a work folder, and processes started in the background, each waited for until it says where it listens, all
# stopped (by process id) and the folder removed when the script exits.
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Starts a process in the background, waits for its "listening on" line and sets `url` to its address.
start() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do grep -q "listening on http://" "$log" 2>/dev/null && break; sleep 0.1; done
  url=$(grep -o 'listening on http://[0-9.:]*' "$log" | head -1 | sed 's/listening on //')
  [ -n "$url" ] || { cat "$log"; echo "did not start: $*" >&2; exit 1; }
}

# Stops the process started last, and waits for it.
stop() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }
