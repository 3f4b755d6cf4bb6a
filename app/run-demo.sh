#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the workstation on DATA (a DICOM folder or a
# NIfTI/NRRD file), or on the built-in demo case (a synthetic two-phase HCC phantom) when none is given.
# Without a display it runs the Qt-free steps only (inspect, measure) and prints their results.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${HCCWS_BUILD_DIR:-$root/build}
bash "$root/.ci/install-deps.sh"
bash "$root/.ci/build.sh"
hccws="$build/app/hccws"
data=${1:-}
if [ -z "$data" ]; then
  data="$build/demo-case"
  echo "== generating the demo case (synthetic phantom, not patient data) in $data"
  "$hccws" phantom --out "$data" --seed 7
fi
echo "== inspect $data"
# Exit code 4 = loaded, with data warnings (printed above): still worth opening in the workstation.
"$hccws" inspect "$data" || { rc=$?; [ "$rc" -eq 4 ] || exit "$rc"; }
if [ -f "$data/truth_labels.nii.gz" ]; then
  echo "== measure (ground-truth labels of the phantom)"
  "$hccws" measure "$data/truth_labels.nii.gz"
fi
if [ -n "${DISPLAY:-}" ]; then
  exec "$hccws" view "$data"
else
  echo "== no DISPLAY: skipping the workstation window (run '$hccws view $data' on a desktop)"
fi
