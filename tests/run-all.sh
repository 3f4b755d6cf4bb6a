#!/usr/bin/env bash
# The test command: installs what is missing, builds everything and runs every test suite (GUI suites
# in a real X server under Xvfb). Exits non-zero when any test fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${HCCWS_BUILD_DIR:-$root/build}
t0=$(date +%s)
bash "$root/.ci/install-deps.sh"
t1=$(date +%s); echo "== phase: dependencies $((t1 - t0)) s"
bash "$root/.ci/build.sh"
t2=$(date +%s); echo "== phase: build $((t2 - t1)) s"
cd "$build"
log="$build/ctest-last.log"
rc=0
xvfb-run -a -s "-screen 0 1920x1080x24" ctest --output-on-failure -j "${HCCWS_TEST_JOBS:-2}" --timeout 1500 2>&1 |
  tee "$log" || rc=$?
t3=$(date +%s); echo "== phase: tests $((t3 - t2)) s"
# A test that could not run (missing data or tool) exits 77 and is reported as skipped, never as passed
# (tests/skip.h); with CI=true it fails instead.
skipped=$(grep -c '\*\*\*Skipped' "$log" || true)
echo "== skipped tests: $skipped"
grep '\*\*\*Skipped' "$log" || true
exit "$rc"
