#!/usr/bin/env bash
# chalice-rs against Python Chalice 1.34, side by side on the same machine in
# one run: the reference app (testdata/conformance/refapp.py) and its Rust
# twin (tests/src/refapp.rs) on the events of testdata/bench/. Per event,
# Python: json.loads of the bytes, the app's handler, json.dumps of the
# result; Rust: `Chalice::invoke_reply` on the bytes, its future polled in
# place as a running task polls it (no `block_on` per event), `serde_json::to_vec`
# of the result, in a process that keeps its heap as `run` does on Lambda
# (`chalice_app::retain_heap`). Prints a markdown table of median times and speed-ups. Figures
# and the machine they came from are in BENCHMARKS.md.
#
#   scripts/bench-vs-python.sh                     # 5 rounds of 1000 iterations per event
#   ROUNDS=5 ITERATIONS=2000 scripts/bench-vs-python.sh
#   PROFILE=debug ROUNDS=1 ITERATIONS=1 WARMUP=0 scripts/bench-vs-python.sh   # a check of the script itself
#
# Before timing, both stacks answer every event once and the answers are
# compared by the conformance suite's rule (testdata/conformance/compare.py);
# any difference stops the script. Each round times Rust then Python, so a
# change of load between rounds reaches both. Per event, the table gives the
# speed-up two ways, each from the rounds' median iterations: the fastest
# round of each stack, and the median of the ratios of rounds run back to
# back; the verdict takes the lower. For an event with a JSON body, a second
# table gives Python's time over the serde floor's (`chalice-conformance
# floor`, a process of its own in each round): serde_json alone parsing the
# body into a `Value` and writing it back, the most any stack on serde_json
# whose views read the body as a `Value` could reach. Another table gives the twin's time in its
# typed forms (`chalice-conformance bench --typed`: the `index` and `order` views answering
# structs, the `echo` view answering a struct, a JSON
# body read as a `DumpedJson`, the form chalice-app's docs give for a body handed back unread,
# its two headers read with `Request::header`, and the SQS handler answering structs, its records taken), in a process of its own in each round, its answers checked against
# Python's as the others are. A last table gives every round. Every
# iteration's output is checked against the first's. Python Chalice is installed in a virtual
# environment at VENV (default target/bench-venv), created when missing.
#
# AS_LAMBDA=1 times the Rust side as an invocation on Lambda runs, short of
# the Runtime API's HTTP (`chalice-conformance bench --as-lambda`): the bytes
# first read into the payload type by serde_json, as `lambda_runtime` reads
# every invocation's body, then the service `run` serves. Python's side is
# the same either way: its runtime's `json.loads` is already in its time.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-5}"
ITERATIONS="${ITERATIONS:-1000}"
WARMUP="${WARMUP:-100}"
PROFILE="${PROFILE:-release}"
VENV="${VENV:-target/bench-venv}"
CHALICE_VERSION=1.34.0
lambda_flag=()
if [ -n "${AS_LAMBDA:-}" ]; then
  lambda_flag=(--as-lambda)
fi

if [ "$#" -gt 0 ]; then
  cases=("$@")
else
  # Cheapest first; testdata/bench/make_events.py writes these.
  cases=(testdata/bench/index_get.json testdata/bench/order_params.json
    testdata/bench/echo_query_multi.json testdata/bench/echo_post_14kb.json
    testdata/bench/sqs_batch_10.json)
fi

echo "== building chalice-conformance ($PROFILE)" >&2
if [ "$PROFILE" = release ]; then
  cargo build --quiet --release -p chalice-tests --bin chalice-conformance
else
  cargo build --quiet -p chalice-tests --bin chalice-conformance
fi
rust_bin="${CARGO_TARGET_DIR:-target}/${PROFILE}/chalice-conformance"

if ! "$VENV/bin/python" -c "import chalice, sys; sys.exit(chalice.__version__ != '$CHALICE_VERSION')" 2>/dev/null; then
  echo "== installing chalice==$CHALICE_VERSION in $VENV" >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "chalice==$CHALICE_VERSION"
fi
python_bin="$VENV/bin/python"

run="$(mktemp -d -t chalice-bench-vs-python.XXXXXX)"
trap 'rm -rf "$run"' EXIT

echo "== checking that both stacks give the same answers" >&2
mkdir "$run/check"
"$rust_bin" bench "${lambda_flag[@]}" --iterations 1 --warmup 0 "${cases[@]}" >"$run/check/rust.1.json"
"$rust_bin" bench "${lambda_flag[@]}" --typed --iterations 1 --warmup 0 "${cases[@]}" >"$run/check/rust_typed.1.json"
"$python_bin" scripts/bench_vs_python.py time --iterations 1 --warmup 0 "${cases[@]}" >"$run/check/python.1.json"
if ! python3 scripts/bench_vs_python.py report "$run/check" "${cases[@]}" >"$run/check/report.txt"; then
  echo "the stacks answer differently:" >&2
  cat "$run/check/report.txt" >&2
  exit 1
fi

echo "== Rust side: ${AS_LAMBDA:+as on Lambda, }chalice-conformance bench ${lambda_flag[*]:-}" >&2
echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start" >&2
for round in $(seq 1 "$ROUNDS"); do
  echo "== round $round of $ROUNDS: $ITERATIONS iterations per event after $WARMUP" >&2
  "$rust_bin" bench "${lambda_flag[@]}" --iterations "$ITERATIONS" --warmup "$WARMUP" "${cases[@]}" >"$run/rust.$round.json"
  "$rust_bin" floor --iterations "$ITERATIONS" --warmup "$WARMUP" "${cases[@]}" >"$run/floor.$round.json"
  "$rust_bin" bench "${lambda_flag[@]}" --typed --iterations "$ITERATIONS" --warmup "$WARMUP" \
    "${cases[@]}" >"$run/rust_typed.$round.json"
  "$python_bin" scripts/bench_vs_python.py time --iterations "$ITERATIONS" --warmup "$WARMUP" \
    "${cases[@]}" >"$run/python.$round.json"
done
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
python3 scripts/bench_vs_python.py report "$run" "${cases[@]}"
