#!/usr/bin/env bash
# Start-up time and peak memory of hccws per command, and the memory of a Cox fit on a large CSV.
#   app/bench/startup.sh [BIN_DIR]            (default: build/app; also: cmake --build build --target bench_startup)
# Environment:
#   HCCWS_BENCH_REPS=5        runs per command (the median wall time and the largest peak RSS are printed)
#   HCCWS_BENCH_BIG_MB=200    size of the generated cohort CSV for the large fit (0: skip it)
#   HCCWS_BENCH_OLD=path      another hccws executable (e.g. a build of an older commit) timed the same way
#   HCCWS_BENCH_TMP=dir       where the generated CSVs go (default: a temporary folder, removed at the end)
# Wall time: date +%s%N around the command (includes fork/exec). Peak RSS: /usr/bin/time -v "Maximum resident
# set size". Cohorts: app/bench/make_cohort.awk (synthetic, seeded).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/build/app}
reps=${HCCWS_BENCH_REPS:-5}
big_mb=${HCCWS_BENCH_BIG_MB:-200}
old=${HCCWS_BENCH_OLD:-}
[ -x "$bin/hccws" ] || { echo "startup.sh: no $bin/hccws (build it first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "startup.sh: needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
if [ -n "${HCCWS_BENCH_TMP:-}" ]; then
  tmp=$HCCWS_BENCH_TMP
  mkdir -p "$tmp"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
fi

awk -v rows=1000 -v seed=1 -f "$here/make_cohort.awk" >"$tmp/cohort1000.csv"
model=$root/resources/models/nomogram_haic.json

# measure LABEL EXE ARGS...: median wall time (ms) and largest peak RSS (MB) over $reps runs
measure() {
  local label=$1 exe=$2
  shift 2
  local times=() rss=0 t0 t1 kb
  for ((i = 0; i < reps; i++)); do
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tmp/time.txt" "$exe" "$@" >/dev/null 2>"$tmp/stderr.txt" || true
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000)))
    kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.txt")
    ((kb > rss)) && rss=$kb
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
  awk -v l="$label" -v us="$median" -v kb="$rss" 'BEGIN {printf "%-44s %10.1f ms %9.1f MiB\n", l, us / 1000, kb / 1024}'
}

commands() {
  local exe=$1 tag=$2
  measure "$tag --help" "$exe" --help
  measure "$tag --version" "$exe" --version
  measure "$tag survival km (1,000 rows, 3 groups)" "$exe" survival km --csv "$tmp/cohort1000.csv" --time time \
    --event event --group group --json "$tmp/km.json"
  measure "$tag survival fit (1,000 rows, 4 covariates)" "$exe" survival fit --csv "$tmp/cohort1000.csv" --time time \
    --event event --covariates age,log_bili,log_albumin,edema --json "$tmp/fit.json"
  measure "$tag survival evaluate (1,000 rows, marker)" "$exe" survival evaluate --csv "$tmp/cohort1000.csv" \
    --time time --event event --marker log_bili --times 500,1000 --json "$tmp/eval.json"
  measure "$tag survival predict (shipped model)" "$exe" survival predict --model "$model" \
    --values sex=1,ast=80,lesion_number=2,pvtt=0,dl_risk_score_haic=0.5,proliferative=0 --json "$tmp/pred.json"
  measure "$tag inspect --help (imaging)" "$exe" inspect --help
  measure "$tag segment --help (inference)" "$exe" segment --help
  measure "$tag view --help (GUI)" "$exe" view --help
}

echo "== hccws start-up: median wall time of $reps runs, largest peak RSS ($(nproc) cores, $(uname -m))"
printf '%-44s %13s %12s\n' "command" "wall" "peak RSS"
commands "$bin/hccws" "hccws"
[ -n "$old" ] && commands "$old" "old"

if [ "$big_mb" != 0 ]; then
  rows=$((big_mb * 1000000 / 85))  # make_cohort.awk writes about 85 bytes per row
  echo "== Cox fit on a generated ${big_mb} MB CSV ($rows rows, 11 columns, 4 covariates used)"
  awk -v rows="$rows" -v seed=1 -f "$here/make_cohort.awk" >"$tmp/big.csv"
  size=$(stat -c %s "$tmp/big.csv")
  fit_big() {
    local tag=$1 exe=$2 t0 t1 kb
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tmp/time.txt" "$exe" -q survival fit --csv "$tmp/big.csv" --time time --event event \
      --covariates age,log_bili,log_albumin,edema --json "$tmp/bigfit.json" 2>/dev/null
    t1=$(date +%s%N)
    kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.txt")
    awk -v tag="$tag" -v size="$size" -v ns="$((t1 - t0))" -v kb="$kb" 'BEGIN {
      printf "%-8s file %.1f MiB, wall %.2f s, peak RSS %.1f MiB = %.2f x the file\n", tag, size / 1048576,
             ns / 1e9, kb / 1024, kb * 1024 / size}'
  }
  fit_big hccws "$bin/hccws"
  [ -n "$old" ] && fit_big old "$old"
fi
