#!/usr/bin/env bash
# A bounded fuzzing campaign: each target named (all of them by default) runs
# for SECONDS_PER_TARGET seconds or MAX_EXECS executions, whichever comes
# first, JOBS fuzzers at once, new inputs going to a scratch folder so that
# the committed corpus stays the seed set. Each run's log (with libFuzzer's
# final stats) goes to $OUT/<target>.log, and one summary line per target to
# $OUT/summary.tsv: target, build, seconds, executions, exec/s, edges (cov)
# and features (ft) after loading the seeds and at the end, corpus size,
# crash files.
#
#   fuzz/campaign.sh                          # every target, 120 s each, 2 at once
#   SECONDS_PER_TARGET=1800 MAX_EXECS=10000000 JOBS=1 fuzz/campaign.sh parse_s3
#   BUILD=full fuzz/campaign.sh request       # full instrumentation for everything
#
# BUILD picks the instrumentation (FUZZING.md, "build flags", says what each
# costs in fuzzing power):
#   full  cargo-fuzz's default: debug assertions and overflow checks, and
#         comparison tracing (libFuzzer learns the operands of comparisons).
#   fast  `-O --no-trace-compares`: release without debug assertions, no
#         comparison tracing; two to three times the executions a second of
#         the slow targets.
#   auto  (the default) `fast` for the targets in FAST_TARGETS, which do not
#         reach 5,000 executions a second with `full`, `full` for the others,
#         which do.
# Each build has its own target folder ($CARGO_TARGET_DIR or fuzz/target,
# then full/ or fast/): the two differ in RUSTFLAGS, and sharing one folder
# would rebuild every crate whenever the campaign switches between them.
#
# New inputs go to SCRATCH/<target>: a tmpfs (/dev/shm) when there is one,
# since libFuzzer writes every new input to its own file at once, and on the
# ext4 /tmp of the test machine creating those files (the inode allocator)
# took a fifth of the CPU time of a run that finds an input in thirty.
#
# MAX_LEN, when set, is passed as -max_len (libFuzzer otherwise takes the
# largest seed, at least 4096 bytes).
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on stable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

SECONDS_PER_TARGET="${SECONDS_PER_TARGET:-120}"
MAX_EXECS="${MAX_EXECS:-0}"
MAX_LEN="${MAX_LEN:-}"
JOBS="${JOBS:-2}"
BUILD="${BUILD:-auto}"
FAST_TARGETS="${FAST_TARGETS:-request arbitrary_events package local_server dispatch}"
OUT="${OUT:-/tmp/chalice-fuzz-campaign}"
if [ -z "${SCRATCH:-}" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    SCRATCH="/dev/shm/chalice-fuzz-corpus"
  else
    SCRATCH="$OUT/corpus"
  fi
fi
target_base="${CARGO_TARGET_DIR:-$here/target}"
mkdir -p "$OUT"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi

build_of() {
  case "$BUILD" in
    full | fast) echo "$BUILD" ;;
    auto)
      if [[ " $FAST_TARGETS " == *" $1 "* ]]; then echo fast; else echo full; fi
      ;;
    *)
      echo "BUILD must be full, fast or auto, not $BUILD" >&2
      exit 2
      ;;
  esac
}

flags_of() {
  case "$1" in
    full) echo "-s none" ;;
    fast) echo "-s none -O --no-trace-compares" ;;
  esac
}

# Build every target once per build the chosen targets need, before any
# fuzzer starts, so that no run pays for (or races) a build.
needed=()
for target in "${targets[@]}"; do
  build="$(build_of "$target")"
  [[ " ${needed[*]-} " == *" $build "* ]] || needed+=("$build")
done
for build in "${needed[@]}"; do
  # shellcheck disable=SC2046 # the flags are words
  cargo fuzz build $(flags_of "$build") --target-dir "$target_base/$build"
done

run_one() {
  local target="$1"
  local build scratch artifacts log start end
  build="$(build_of "$target")"
  scratch="$SCRATCH/$target"
  artifacts="$OUT/artifacts/$target/"
  log="$OUT/$target.log"
  mkdir -p "$scratch" "$artifacts"
  local extra=()
  # -runs=0 would mean "none": only a positive cap is passed.
  if [ "$MAX_EXECS" -gt 0 ]; then extra+=(-runs="$MAX_EXECS"); fi
  if [ -n "$MAX_LEN" ]; then extra+=(-max_len="$MAX_LEN"); fi
  start="$(date +%s)"
  # shellcheck disable=SC2046
  cargo fuzz run $(flags_of "$build") --target-dir "$target_base/$build" \
    "$target" "$scratch" "corpus/$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts" "${extra[@]}" \
    >"$log" 2>&1 || true
  end="$(date +%s)"
  local execs rate cov0 ft0 cov ft corpus crashes
  execs="$(awk '/stat::number_of_executed_units/ {print $2}' "$log")"
  rate="$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")"
  cov0="$(grep -m1 INITED "$log" | grep -oE 'cov: [0-9]+' | awk '{print $2}')" || true
  ft0="$(grep -m1 INITED "$log" | grep -oE 'ft: [0-9]+' | awk '{print $2}')" || true
  cov="$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')" || true
  ft="$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | awk '{print $2}')" || true
  corpus="$(grep -oE 'corp: [0-9]+' "$log" | tail -1 | awk '{print $2}')" || true
  crashes="$(find "$artifacts" -type f | wc -l)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$build" "$((end - start))" \
    "${execs:-?}" "${rate:-?}" "${cov0:-?}" "${cov:-?}" "${ft0:-?}" "${ft:-?}" "${corpus:-?}" \
    "$crashes" >>"$OUT/summary.tsv"
}

running=0
for target in "${targets[@]}"; do
  run_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait
cat "$OUT/summary.tsv"
