#!/usr/bin/env bash
# Cold-start bench: what a Lambda user pays first, for four binaries started
# against a fake Lambda Runtime API (tests/src/bin/cold-start.rs):
#
#   chalice-rs   the items example (chalice-app/examples/items.rs), serving `api`,
#                with chalice-app's default features (the local server and the
#                command line in the binary too)
#   chalice-rs-lean  the same, built for Lambda only: `--no-default-features
#                --features runtime`
#   hello        a bare lambda_runtime function (tests/examples/cold_hello.rs), the floor
#   axum         the items example's routes with lambda_http + axum (tests/examples/cold_axum.rs)
#
# Each cold start sends two invocations of `GET /items/1` (an API Gateway REST
# event, testdata/bench/items_get_item.json) and measures spawn → first
# `/next`, spawn → first response, both invocations' latency and the child's
# peak RSS; binary sizes are measured once, stripped and not. Prints markdown
# tables of the medians, with ratios and the targets of BENCHMARKS.md.
#
#   scripts/cold-start.sh                    # 20 cold starts of each
#   RUNS=50 scripts/cold-start.sh
#   PROFILE=debug RUNS=1 scripts/cold-start.sh   # a check of the script itself
#
# The binaries are built with the workspace's release profile (fat LTO, one
# codegen unit, symbols kept, which is why the stripped size is given too).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-20}"
PROFILE="${PROFILE:-release}"
EVENT="${EVENT:-testdata/bench/items_get_item.json}"

release=()
if [ "$PROFILE" = release ]; then
  release=(--release)
fi
echo "== building the four binaries and the harness ($PROFILE)" >&2
target="${CARGO_TARGET_DIR:-target}/${PROFILE}"
# The items example on its own, as its users build it: built together with
# the tests crate, it would get that crate's features of shared dependencies.
# Both builds write the same file, so each is copied out first.
builds="$(mktemp -d)"
trap 'rm -rf "$builds"' EXIT
cargo build --quiet "${release[@]}" -p chalice-app --example items
cp "$target/examples/items" "$builds/items"
cargo build --quiet "${release[@]}" -p chalice-app --example items --no-default-features --features runtime
cp "$target/examples/items" "$builds/items-lean"
cargo build --quiet "${release[@]}" -p chalice-tests --bin cold-start --example cold_hello --example cold_axum
# The harness puts each binary in one state of the page cache before every
# start (written out, dropped, read back: `settle` in tests/src/bin/cold-start.rs),
# whichever way its file was written: that state changes peak RSS and init.
command -v dd >/dev/null || { echo "dd is needed (GNU coreutils)" >&2; exit 2; }

command -v strip >/dev/null || { echo "strip is needed (apt-get install binutils)" >&2; exit 2; }
echo "== machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg) at the start" >&2
"$target/cold-start" --runs "$RUNS" --event "$EVENT" \
  --app "chalice-rs=$builds/items" \
  --app "chalice-rs-lean=$builds/items-lean" \
  --floor "hello=$target/examples/cold_hello" \
  --peer "axum=$target/examples/cold_axum"
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg) at the end" >&2
