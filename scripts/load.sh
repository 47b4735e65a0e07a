#!/usr/bin/env bash
# Load test of the example app (`chalice-app/examples/items.rs`) on the local
# dev server, with wrk: requests/s, latency percentiles and errors for
# `GET /items/{id}`. Figures and the machine they came from are in
# BENCHMARKS.md.
#
#   scripts/load.sh                  # 2 threads, 32 connections, 15 s
#   DURATION=30s CONNECTIONS=64 scripts/load.sh
#
# Bounded and local only: one wrk run of DURATION against 127.0.0.1, then the
# server is stopped, also when the script fails or is interrupted. The
# server's own log (one line per request, as `cargo run --example items`
# prints) goes to a temporary file, not the terminal; it is removed at the end
# unless KEEP_LOG=1.
set -euo pipefail
cd "$(dirname "$0")/.."

ADDR="${CHALICE_LOCAL_ADDR:-127.0.0.1:8000}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
DURATION="${DURATION:-15s}"
URL="http://${ADDR}/items/1"

case "$ADDR" in
  127.*|localhost:*) ;;
  *) echo "load.sh only targets the loopback address, not ${ADDR}" >&2; exit 2 ;;
esac

if ! command -v wrk >/dev/null 2>&1; then
  echo "== installing wrk"
  apt-get update -qq
  apt-get install -y -qq wrk >/dev/null
fi

if curl -s -o /dev/null --max-time 1 "http://${ADDR}/" 2>/dev/null; then
  echo "something already answers on ${ADDR}; stop it or set CHALICE_LOCAL_ADDR" >&2
  exit 1
fi

echo "== building the example (release)"
cargo build --release --example items

log="$(mktemp -t chalice-load.XXXXXX.log)"
echo "== starting the example on ${ADDR} (log: ${log})"
# `cargo run` replaces itself with the example's process, so $! is the server.
CHALICE_LOCAL_ADDR="$ADDR" cargo run --quiet --release --example items >"$log" 2>&1 &
server=$!
stop_server() {
  if kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  if [ "${KEEP_LOG:-0}" != 1 ]; then
    rm -f "$log"
  fi
}
trap stop_server EXIT INT TERM

# Wait (at most 60 s) until the server answers the URL under test.
ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$server" 2>/dev/null; then
    echo "the example exited before answering; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  if curl -sf -o /dev/null --max-time 1 "$URL"; then
    ready=1
    break
  fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "the example did not answer ${URL} within 60 s" >&2
  exit 1
fi
echo "== GET ${URL}: $(curl -s "$URL")"

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== wrk -t${THREADS} -c${CONNECTIONS} -d${DURATION} --latency ${URL}"
out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL")"
echo "$out"

# wrk prints error lines only when there are errors; say so either way.
errors="$(echo "$out" | grep -E 'Socket errors|Non-2xx' || true)"
echo "== summary"
echo "requests/s: $(echo "$out" | awk '/Requests\/sec/ {print $2}')"
echo "latency p50/p75/p90/p99: $(echo "$out" | awk '/^ +(50|75|90|99)%/ {printf "%s ", $2}')"
echo "errors: ${errors:-none}"
echo "server log lines (one per request): $(wc -l <"$log")"
