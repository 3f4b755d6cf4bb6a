#!/usr/bin/env bash
# Fuzzing the workstation's readers with libFuzzer + ASan + UBSan (docs/reliability.md).
#
#   tests/fuzz/run.sh [SECONDS] [TARGET...]   build build-fuzz, then fuzz each target (all by default) for
#                                             SECONDS (default 60), one at a time on one core; prints a table
#                                             (target, executions, edges covered, findings)
#   tests/fuzz/run.sh --build                 only configure and build build-fuzz (clang, HCCWS_FUZZ=ON)
#   tests/fuzz/run.sh --replay [TARGET...]    CI mode: every seed and regression input through each harness
#                                             once, with the NORMAL build's hccws_fuzz_replay (= ctest fuzz_replay)
#   tests/fuzz/run.sh --table                 every run so far (from the logs): executions summed, largest
#                                             cov, corpus size, findings kept (both modes)
#   tests/fuzz/run.sh --sort [TARGET...]      move findings that do not reproduce to not-reproduced/ (done
#                                             after each fuzzing run too)
#   tests/fuzz/run.sh --triage [TARGET...]    rerun each finding once, minimise crashes (-minimize_crash) and
#                                             print: target, input, size, whose code (ours / third-party,
#                                             contained or not), what the normal build does with it
#                                             (shipped: ok / CRASH / TIMEOUT / HUGE ALLOCATION), the
#                                             sanitizer summary and the first frames
#
# Environment: HCCWS_FUZZ_BUILD (build-fuzz), HCCWS_BUILD_DIR (normal build, for --replay), HCCWS_FUZZ_JOBS
# (compile jobs, 2), HCCWS_FUZZ_NO_BUILD=1 (fuzz what is built), HCCWS_FUZZ_ISOLATION (below). Compiles take /tmp/hccws-build.lock (one compile at a time on a shared machine).
# Findings land in $HCCWS_FUZZ_BUILD/findings/<target>/ (crash-*, leak-*, timeout-*, oom-*; with
# HCCWS_FUZZ_ISOLATION=0 in findings-inprocess/); the corpus
# grown by fuzzing in $HCCWS_FUZZ_BUILD/corpus/<target>/ (the repo's seeds stay as they are: copy an input
# worth keeping to tests/fuzz/corpus/<target>/ by hand). Fuzzing runs in fork mode (-fork=1
# -ignore_crashes/ooms/timeouts) so one finding does not end the run; limits: -rss_limit_mb=4096,
# -malloc_limit_mb=4096 (one allocation over 4 GB is a finding; 1 GB for the image targets, see malloc_limit)
# and -timeout=10 (an input over 10 s is a hang).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${HCCWS_FUZZ_BUILD:-$root/build-fuzz}
lock=/tmp/hccws-build.lock

max_len() {
  case $1 in
    dicom_series) echo 4096 ;;
    dicom_header) echo 32768 ;;
    dicom_folder | dicom_image | dicom_seg) echo 131072 ;;
    nifti | nrrd | mha | safetensors) echo 65536 ;;
    *) echo 32768 ;;
  esac
}
# One allocation above this is a finding (libFuzzer's -malloc_limit_mb). Image targets: 1 GB, because
# GDCM allocates (and zero-fills) whatever length a DICOM element claims: without a lower limit most of
# the fuzzing time goes into memset of gigabytes; a reader of our own allocating over 1 GB for an input of
# at most 128 KB is itself worth a look. In a forked isolated parse the child dies instead (contained).
malloc_limit() {
  case $1 in
    dicom_* | nifti | nrrd | mha) echo 1024 ;;
    *) echo 4096 ;;
  esac
}
dict_of() {
  case $1 in
    dicom_*) echo dicom ;;
    bundle_manifest | plans | pmn_manifest) echo bundle ;;
    *) echo "$1" ;;
  esac
}

# The core runs GDCM/DCMTK parses in a forked child (viewer/core isolated_parse.h), which contains their
# assertion failures, crashes and allocations. Fuzzing runs that shipped configuration by default: a finding
# is then something the workstation itself suffers. HCCWS_FUZZ_ISOLATION=0 runs the parses in-process
# (HCCWS_NO_ISOLATION=1): the child's coverage becomes visible to libFuzzer and crashes inside the
# third-party parsers (contained when shipped) and in our own code that runs in the child are reported;
# --triage marks findings whose stack is third-party code under an isolated call as "contained".
if [ "${HCCWS_FUZZ_ISOLATION:-1}" = 0 ]; then
  export HCCWS_NO_ISOLATION=1
  mode=-inprocess  # findings-inprocess/, fuzz-table-inprocess.txt
else
  unset HCCWS_NO_ISOLATION
  mode=
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0:handle_abort=1:detect_stack_use_after_return=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$root/tests/sanitize/ubsan.supp}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/sanitize/lsan.supp:print_suppressions=0}

do_build() {
  command -v clang++ >/dev/null || { echo "run.sh: clang++ not found (Debian: clang libclang-rt-14-dev)"; exit 2; }
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DHCCWS_FUZZ=ON \
      -DHCCWS_WITH_GUI=OFF -DHCCWS_WITH_INFERENCE=OFF -DHCCWS_BUILD_TESTS=OFF >/dev/null || exit 2
  fi
  flock "$lock" cmake --build "$build" --target fuzz_all -j "${HCCWS_FUZZ_JOBS:-2}" || exit 2
}

sort_findings() {
  local t=$1 out=$2 f n=0
  mkdir -p "$out/not-reproduced"
  for f in "$out"/crash-* "$out"/oom-* "$out"/timeout-* "$out"/leak-*; do
    [ -f "$f" ] || continue
    [ -s "$f" ] || { mv "$f" "$out/not-reproduced/"; continue; }  # fork mode could not attribute it
    [ -f "$f.checked" ] && continue
    n=$((n + 1))
    ((n > ${HCCWS_FUZZ_SORT_MAX:-60})) && break
    if timeout 120 "$build/tests/fuzz/fuzz_$t" -rss_limit_mb=4096 -malloc_limit_mb="$(malloc_limit "$t")" \
         -timeout=10 "$f" >/dev/null 2>&1; then
      mv "$f" "$out/not-reproduced/"
    else
      touch "$f.checked"
    fi
  done
}

all_targets() {
  (cd "$build/tests/fuzz" && ls fuzz_* 2>/dev/null | sed 's/^fuzz_//' | grep -v '\.' | sort)
}

case ${1:-} in
  --build)
    do_build
    exit 0
    ;;
  --replay)
    shift
    normal=${HCCWS_BUILD_DIR:-$root/build}
    flock "$lock" cmake --build "$normal" --target hccws_fuzz_replay -j "${HCCWS_FUZZ_JOBS:-2}" || exit 2
    exec bash "$here/replay.sh" "$normal/tests/fuzz/hccws_fuzz_replay" "$@"
    ;;
  --sort)
    shift
    targets=("$@")
    ((${#targets[@]})) || mapfile -t targets < <(all_targets)
    for t in "${targets[@]}"; do sort_findings "$t" "$build/findings$mode/$t"; done
    exit 0
    ;;
  --table)
    # Every run so far, from the logs: runs, seconds, executions (summed), largest cov, corpus, kept findings.
    printf '%-16s %5s %7s %12s %7s %7s  %s\n' target runs seconds executions cov corpus findings
    for t in $(all_targets); do
      runs=0 secs=0 execs=0 cov=0
      for log in "$build"/logs/"$t"-*.log; do
        [ -f "$log" ] || continue
        last=$(grep -E '^#[0-9]+:? .*cov: ' "$log" | tail -1)
        [ -n "$last" ] || continue
        runs=$((runs + 1))
        execs=$((execs + $(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")))
        c=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$last")
        ((c > cov)) && cov=$c
        s=$(sed -nE 's/.*time: ([0-9]+)s.*/\1/p' <<<"$last")
        secs=$((secs + ${s:-0}))
      done
      corp=$(find "$build/corpus/$t" -type f 2>/dev/null | wc -l)
      f=$(find "$build"/findings*/"$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) ! -name '*.*' 2>/dev/null |
          sed -E 's/.*\/(crash|leak|timeout|oom)-.*/\1/' | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')
      printf '%-16s %5s %7s %12s %7s %7s  %s\n' "$t" "$runs" "$secs" "$execs" "$cov" "$corp" "${f:-none}"
    done
    exit 0
    ;;
  --triage)
    shift
    targets=("$@")
    ((${#targets[@]})) || mapfile -t targets < <(all_targets)
    for t in "${targets[@]}"; do
      for f in "$build/findings$mode/$t"/*; do
        [ -f "$f" ] || continue
        case $(basename "$f") in minimized-* | *.log | *.checked) continue ;; esac
        [ -s "$f" ] || continue  # fork mode sometimes records an OOM it cannot attribute as an empty file
        log="$f.log"
        if [[ $(basename "$f") == crash-* ]]; then
          min="$build/findings$mode/$t/minimized-$(basename "$f")"
          [ -f "$min" ] || timeout 300 "$build/tests/fuzz/fuzz_$t" -minimize_crash=1 -max_total_time=120 \
            -timeout=10 -rss_limit_mb=4096 -exact_artifact_path="$min" "$f" >/dev/null 2>&1
          [ -f "$min" ] && f=$min
        fi
        timeout 60 "$build/tests/fuzz/fuzz_$t" -timeout=10 -rss_limit_mb=4096 -malloc_limit_mb=4096 "$f" >"$log" 2>&1
        summary=$(grep -m1 -E 'SUMMARY|ERROR: libFuzzer|runtime error|Assertion|terminate called|out-of-memory|timeout' "$log")
        # The first frames below the crash machinery, and whether they are ours or a library's.
        frames=$(grep -E '^ +#[0-9]+ ' "$log" |
                 grep -v -E '__sanitizer|fuzzer::|libc\.so|/nptl/|/stdlib/|/assert/|/signal/|asan_|ubsan_|__interceptor|operator new|libstdc|c\+\+/12/' |
                 head -4 | sed -E 's/^ +#[0-9]+ 0x[0-9a-f]+ in //; s/ \(BuildId: [0-9a-f]+\)//' | cut -c1-160 | tr '\n' ';')
        first=${frames%%;*}
        if [[ $first == *"/work/"* ]]; then where=ours
        elif grep -q 'runIsolated' "$log"; then where="third-party, contained (isolated parse)"
        else where="third-party, NOT isolated"; fi
        # The same input through the normal build (no sanitizers, isolation as shipped): what a user sees.
        shipped="-"
        replay=${HCCWS_BUILD_DIR:-$root/build}/tests/fuzz/hccws_fuzz_replay
        if [ -x "$replay" ]; then
          (cd "$build" && env -u HCCWS_NO_ISOLATION timeout 60 "$replay" "$t" "$f" >"$f.shipped.log" 2>&1)
          case $? in
            0) shipped="shipped: ok" ;;
            70 | 124) shipped="shipped: TIMEOUT" ;;
            *) shipped="shipped: $(grep -m1 -o -E 'CRASH|HUGE ALLOCATION|TIMEOUT' "$f.shipped.log" || echo fails)" ;;
          esac
        fi
        echo "$t	$(basename "$f")	$(stat -c %s "$f") bytes	$where	$shipped	$summary	$frames"
      done
    done
    exit 0
    ;;
esac

seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS] [TARGET...] | --build | --replay | --triage"; exit 2; }
shift || true
# HCCWS_FUZZ_NO_BUILD=1: fuzz the executables as they are (e.g. while another build holds the lock).
[ "${HCCWS_FUZZ_NO_BUILD:-0}" = 1 ] || do_build
targets=("$@")
((${#targets[@]})) || mapfile -t targets < <(all_targets)

export TMPDIR="$build/tmp"
mkdir -p "$TMPDIR"
table="$build/fuzz-table$mode.txt"
printf '%-16s %12s %8s %8s  %s\n' target executions cov corpus findings | tee "$table"
for t in "${targets[@]}"; do
  exe="$build/tests/fuzz/fuzz_$t"
  [ -x "$exe" ] || { echo "run.sh: no $exe"; continue; }
  work="$build/corpus/$t"
  out="$build/findings$mode/$t"
  mkdir -p "$work" "$out"
  dict="$here/dict/$(dict_of "$t").dict"
  dictarg=()
  [ -f "$dict" ] && dictarg=(-dict="$dict")
  log="$build/logs/$t-$(date +%Y%m%d-%H%M%S).log"
  mkdir -p "$build/logs"
  # One worker process (-fork=1): crashes, OOMs and timeouts are written to $out and fuzzing goes on.
  timeout $((seconds + 120)) "$exe" -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
    -max_total_time="$seconds" -rss_limit_mb=4096 -malloc_limit_mb="$(malloc_limit "$t")" -timeout=10 \
    -max_len="$(max_len "$t")" "${dictarg[@]}" -artifact_prefix="$out/" -print_final_stats=1 \
    "$work" "$here/corpus/$t" >"$log" 2>&1
  # Keep what reproduces in this process. An artifact that does not was written by a forked isolated parse
  # (the child inherits libFuzzer's hooks and dies there: contained when shipped) or was a one-off (a timeout
  # under load): moved to not-reproduced/ and not counted.
  sort_findings "$t" "$out"
  last=$(grep -E '^#[0-9]+:? .*cov: ' "$log" | tail -1)
  execs=$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last")
  cov=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$last")
  corp=$(sed -E 's/.*corp: ([0-9]+).*/\1/' <<<"$last")
  findings=$(find "$out" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) ! -name '*.*' |
             sed -E 's/.*\/(crash|leak|timeout|oom)-.*/\1/' | sort | uniq -c | awk '{printf "%s%s %s", sep, $1, $2; sep=", "}')
  printf '%-16s %12s %8s %8s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${corp:-?}" "${findings:-none}" | tee -a "$table"
done
echo "run.sh: table in $table; findings under $build/findings$mode (tests/fuzz/run.sh --triage for summaries)"
rm -rf "$TMPDIR"
