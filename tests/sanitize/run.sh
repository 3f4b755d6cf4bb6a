#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer (docs/reliability.md).
#
#   tests/sanitize/run.sh [--no-gui] [--build-only] [CTEST ARGS...]
#
# Configures a separate build folder (HCCWS_ASAN_BUILD, default build-asan) with -DHCCWS_SANITIZE=ON (gcc or
# clang: CC/CXX), Ninja and ccache; builds it one object file at a time, each under /tmp/hccws-build.lock
# (a shared machine: other builds get the lock between files), then links; then runs ctest under Xvfb with the runtime
# options below and the suppressions of this folder (third-party code only, each with its reason).
# --no-gui configures without Qt/VTK (HCCWS_WITH_GUI=OFF: viewer core, nomogram, inference, app CLI, fuzz
# replay, damaged inputs). Extra arguments go to ctest (e.g. -R core_ or -L viewer). HCCWS_SANITIZE_TARGETS: a
# regular expression: build only the matching targets (and what they need), e.g. '^test_(surv|core)_'.
#
# A sanitizer report fails the test that triggered it (halt_on_error, exit code 1 or a signal). Expect about 3x
# the normal run time and twice the memory; this is not part of the default test command (tests/run-all.sh).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${HCCWS_ASAN_BUILD:-$root/build-asan}
lock=/tmp/hccws-build.lock
gui=ON
build_only=0
ctest_args=()
for a in "$@"; do
  case $a in
    --no-gui) gui=OFF ;;
    --build-only) build_only=1 ;;
    *) ctest_args+=("$a") ;;
  esac
done

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHCCWS_SANITIZE=ON \
    -DHCCWS_WITH_GUI=$gui >/dev/null || exit 2
else
  cmake -S "$root" -B "$build" -DHCCWS_WITH_GUI=$gui >/dev/null || exit 2
fi

# One target at a time, libraries first (so the lock is released between targets); what the tests run
# (test executables, the hccws executables, the fuzz replay), not the benchmarks.
mapfile -t targets < <(ninja -C "$build" -t targets all 2>/dev/null |
  sed -nE 's/^([A-Za-z0-9_.+-]+): phony$/\1/p' |
  grep -E '^(hccws_[a-z_]+|hccws(-[a-z]+)?|test_[A-Za-z0-9_]+)$' | grep -v -E '^hccws_fuzz_inference_io$' |
  awk '{ print (/^hccws_/ ? 0 : /^hccws/ ? 1 : 2) "\t" $0 }' | sort | cut -f2 |
  grep -E "${HCCWS_SANITIZE_TARGETS:-.}")
t0=$(date +%s)
# Each object file under the lock on its own (an ASan build of the suite is hours of CPU on 2 cores: other
# builds get the lock between files), then each target's link.
# (Objects not built yet; stale ones are rebuilt by the target builds after the loop.)
flock "$lock" ninja -C "$build" build.ninja >/dev/null 2>&1
mapfile -t objects < <(ninja -C "$build" -t commands "${targets[@]}" 2>/dev/null | grep -E ' -c ' |
  sed -nE 's/.* -o ([^ ]+\.o) .*/\1/p' | awk '!seen[$0]++' | while read -r o; do [ -f "$build/$o" ] || echo "$o"; done)
n=0
for o in "${objects[@]}"; do
  n=$((n + 1))
  flock "$lock" ninja -C "$build" -j 1 "$o" >>"$build/build-objects.log" 2>&1 ||
    { echo "sanitize: compiling $o failed (log: $build/build-objects.log)"; tail -20 "$build/build-objects.log"; exit 2; }
  ((n % 20 == 0)) && echo "== sanitize: $n/${#objects[@]} objects, $(($(date +%s) - t0)) s"
done
for t in "${targets[@]}"; do
  flock "$lock" cmake --build "$build" --target "$t" -j "${HCCWS_JOBS:-2}" >"$build/build-$t.log" 2>&1 ||
    { echo "sanitize: building $t failed (log: $build/build-$t.log)"; tail -20 "$build/build-$t.log"; exit 2; }
done
echo "== sanitize: built ${#targets[@]} targets in $(($(date +%s) - t0)) s"
((build_only)) && exit 0

# halt_on_error: the first report ends the process (the test fails). detect_leaks: LeakSanitizer at exit.
# max_allocation_size_mb=2048: one allocation over 2 GB is a report, not a silent success (the isolated
# parse children lose their address-space cap under ASan, which reserves terabytes: this stands in for it).
# detect_stack_use_after_return stays off (LibTorch's and Qt's stack switching confuse it).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=0:check_initialization_order=1:strict_init_order=0:detect_odr_violation=1:allocator_may_return_null=0:max_allocation_size_mb=2048:print_suppressions=0:suppressions=$here/asan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$here/ubsan.supp}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}
# Tests that assert memory budgets (peak RSS) read HCCWS_SANITIZER=1: ASan's shadow memory and quarantine
# add hundreds of MB, so such checks cannot hold here.
export HCCWS_SANITIZER=1
export HCCWS_DAMAGED_AS_LIMIT_MB=0 HCCWS_DAMAGED_TIMEOUT_S=${HCCWS_DAMAGED_TIMEOUT_S:-30}
cd "$build" || exit 2
log="$build/ctest-asan.log"
t1=$(date +%s)
xvfb-run -a -s "-screen 0 1920x1080x24" ctest --output-on-failure -j "${HCCWS_TEST_JOBS:-2}" --timeout 4500 \
  "${ctest_args[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
echo "== sanitize: tests $(($(date +%s) - t1)) s; reports:"
grep -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$log" | sort | uniq -c | sort -rn | head -40
exit "$rc"
