#!/usr/bin/env bash
# A bounded fuzzing campaign: each target named (all of them by default) runs
# for SECONDS_PER_TARGET seconds on the sanitizer-free build, JOBS fuzzers at
# once, new inputs going to a scratch folder so that the committed corpus
# stays the seed set. Each run's log (with libFuzzer's final stats) goes to
# $OUT/<target>.log, and one summary line per target to $OUT/summary.tsv:
# target, seconds, executions, exec/s, edges (cov), features (ft), corpus
# size, crash files.
#
#   fuzz/campaign.sh                          # every target, 120 s each, 2 at once
#   SECONDS_PER_TARGET=600 JOBS=1 fuzz/campaign.sh local_server package
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); runs on stable.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

SECONDS_PER_TARGET="${SECONDS_PER_TARGET:-120}"
JOBS="${JOBS:-2}"
OUT="${OUT:-/tmp/chalice-fuzz-campaign}"
mkdir -p "$OUT"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi

cargo fuzz build -s none

run_one() {
  local target="$1"
  local scratch="$OUT/corpus/$target"
  local artifacts="$OUT/artifacts/$target/"
  mkdir -p "$scratch" "$artifacts"
  cargo fuzz run -s none "$target" "$scratch" "corpus/$target" -- \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts" \
    >"$OUT/$target.log" 2>&1 || true
  local log="$OUT/$target.log"
  local execs rate cov ft corpus crashes
  execs="$(awk '/stat::number_of_executed_units/ {print $2}' "$log")"
  rate="$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")"
  cov="$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}')"
  ft="$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | awk '{print $2}')"
  corpus="$(grep -oE 'corp: [0-9]+' "$log" | tail -1 | awk '{print $2}')"
  crashes="$(find "$artifacts" -type f | wc -l)"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$SECONDS_PER_TARGET" "${execs:-?}" \
    "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$crashes" >>"$OUT/summary.tsv"
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
