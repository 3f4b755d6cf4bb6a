#!/usr/bin/env bash
# The ctest fuzz_replay: every file of corpus/<target> and regressions/<target> through its harness once with
# hccws_fuzz_replay (built without libFuzzer). A target without seeds fails (it would otherwise pass untested).
# known-crashes/ is not replayed: inputs there crash today (FINDINGS.md); once fixed they move to regressions/.
#   tests/fuzz/replay.sh BUILD/tests/fuzz/hccws_fuzz_replay [TARGET...]
set -uo pipefail
exe=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
if ((${#targets[@]} == 0)); then mapfile -t targets < <("$exe" --list); fi
export TMPDIR=${HCCWS_TEST_TMP:-${TMPDIR:-/tmp}}
failed=()
total=0
for t in "${targets[@]}"; do
  dirs=()
  for d in "$here/corpus/$t" "$here/regressions/$t"; do [ -d "$d" ] && dirs+=("$d"); done
  n=0
  for d in "${dirs[@]}"; do n=$((n + $(find "$d" -type f ! -name '.*' | wc -l))); done
  if ((n == 0)); then
    echo "FAIL $t: no seed in corpus/$t"
    failed+=("$t")
    continue
  fi
  start=$(date +%s%N)
  if out=$("$exe" "$t" "${dirs[@]}" 2>&1); then
    ms=$((($(date +%s%N) - start) / 1000000))
    printf 'ok   %-16s %5d inputs %6d ms\n' "$t" "$n" "$ms"
  else
    rc=$?
    echo "FAIL $t (exit $rc):"
    echo "$out" | tail -40
    failed+=("$t")
  fi
  total=$((total + n))
done
echo "fuzz_replay: $total inputs, ${#targets[@]} targets, ${#failed[@]} failed ${failed[*]}"
((${#failed[@]} == 0))
