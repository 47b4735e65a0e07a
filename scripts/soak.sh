#!/usr/bin/env bash
# Soak test of the local server: the example app (`chalice-app/examples/items.rs`)
# under wrk for DURATION, with the server's resident memory (VmRSS) and open
# file descriptors sampled before, every INTERVAL seconds during, and after
# the load; then, optionally, CONNECTIONS_BURST connections at once for
# BURST_DURATION (the 500-connection run).
#
#   scripts/soak.sh                                   # 10 min, 64 connections
#   DURATION=2m CONNECTIONS=64 CONNECTIONS_BURST=500 scripts/soak.sh
#   PROFILE=debug DURATION=20s scripts/soak.sh       # a check of the script itself
#
# Prints one line per sample (seconds, RSS in KiB, open fds) and a summary:
# requests/s, RSS growth from the first sample under load to the last, and
# whether the fd count came back to its baseline. Local only (127.0.0.1);
# the server is stopped at the end, also on failure or interruption.
set -euo pipefail
cd "$(dirname "$0")/.."

ADDR="${CHALICE_LOCAL_ADDR:-127.0.0.1:8000}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-10m}"
INTERVAL="${INTERVAL:-10}"
CONNECTIONS_BURST="${CONNECTIONS_BURST:-0}"
BURST_DURATION="${BURST_DURATION:-30s}"
URL="http://${ADDR}/items/1"

case "$ADDR" in
  127.*) ;;
  *) echo "soak.sh only targets a loopback address, not ${ADDR}" >&2; exit 2 ;;
esac
if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk" >&2
  apt-get update -qq
  apt-get install -y -qq wrk >/dev/null
fi

PROFILE="${PROFILE:-release}"
if [ "$PROFILE" = release ]; then
  cargo build --quiet --release --example items
else
  cargo build --quiet --example items
fi
bin="${CARGO_TARGET_DIR:-target}/${PROFILE}/examples/items"
log="$(mktemp -t chalice-soak.XXXXXX.log)"
# The file descriptor limit must allow the burst: each connection is one fd.
ulimit -n 4096 2>/dev/null || true
CHALICE_LOCAL_ADDR="$ADDR" RUST_LOG=warn "$bin" >"$log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  rm -f "$log"
}
trap stop EXIT INT TERM

for _ in $(seq 1 60); do
  curl -sf -o /dev/null --max-time 1 "$URL" && break
  sleep 0.5
done

rss() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
fds() { ls "/proc/$server/fd" | wc -l; }

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
base_fds="$(fds)"
echo "== before load: rss ${rss_before:=$(rss)} KiB, fds ${base_fds}"

wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL" >"$log.wrk" 2>&1 &
load=$!
start=$(date +%s)
first_rss=""
while kill -0 "$load" 2>/dev/null; do
  sleep "$INTERVAL"
  kill -0 "$load" 2>/dev/null || break
  now=$(($(date +%s) - start))
  r="$(rss)"
  first_rss="${first_rss:-$r}"
  last_rss="$r"
  echo "t=${now}s rss=${r}KiB fds=$(fds)"
done
wait "$load" || true
cat "$log.wrk"
sleep 2
after_fds="$(fds)"
echo "== after load: rss $(rss) KiB, fds ${after_fds} (baseline ${base_fds})"
echo "== summary"
echo "requests/s: $(awk '/Requests\/sec/ {print $2}' "$log.wrk")"
echo "errors: $(grep -E 'Socket errors|Non-2xx' "$log.wrk" || echo none)"
if [ -n "$first_rss" ]; then
  echo "rss growth under load: ${first_rss} -> ${last_rss} KiB ($(awk -v a="$first_rss" -v b="$last_rss" 'BEGIN {printf "%+.1f%%", (b - a) * 100 / a}'))"
fi
echo "fds back to baseline: $([ "$after_fds" -le "$base_fds" ] && echo yes || echo "no (${after_fds} > ${base_fds})")"
rm -f "$log.wrk"

if [ "$CONNECTIONS_BURST" -gt 0 ]; then
  echo "== burst: wrk -t${THREADS} -c${CONNECTIONS_BURST} -d${BURST_DURATION} --latency ${URL}"
  wrk -t"$THREADS" -c"$CONNECTIONS_BURST" -d"$BURST_DURATION" --latency "$URL"
  sleep 2
  echo "== after the burst: rss $(rss) KiB, fds $(fds) (baseline ${base_fds})"
fi
