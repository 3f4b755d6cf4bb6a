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
labels=()
if [ -z "$data" ]; then
  demo="$build/demo-case"
  echo "== generating the demo case (synthetic phantom, not patient data) in $demo"
  # Seed 101: a phantom neither demo model was trained on (segmentation: seeds 1-16; PMN: 10000-10399).
  "$hccws" phantom --out "$demo" --seed 101 --phases arterial,portal_venous
  echo "== segmenting it with the demo model (trained on synthetic phantoms; the portal venous phase registered first)"
  "$hccws" segment --model "$root/resources/models/demo_liver_tumour" --register \
    --phase arterial="$demo/arterial.nii.gz" --phase portal_venous="$demo/portal_venous.nii.gz" \
    --out "$demo/segmentation.nii.gz"
  echo "== measure (the demo model's segmentation; the phantom's truth is in $demo/truth.json)"
  "$hccws" measure "$demo/segmentation.nii.gz"
  echo "== PMN (the demo PMN, synthetic) on the largest lesion"
  "$hccws" pmn --model "$root/resources/models/demo_pmn" --phase arterial="$demo/arterial.nii.gz" \
    --phase portal_venous="$demo/portal_venous.nii.gz" --labels "$demo/segmentation.nii.gz" --out "$demo/pmn" --register
  data="$demo/dicom"  # the DICOM series only (the folder also holds the NIfTI copies)
  labels=(--labels "$demo/segmentation.nii.gz")
fi
echo "== inspect $data"
# Exit code 4 = loaded, with data warnings (printed above): still worth opening in the workstation.
"$hccws" inspect "$data" || { rc=$?; [ "$rc" -eq 4 ] || exit "$rc"; }
if [ -n "${DISPLAY:-}" ]; then
  exec "$hccws" view "$data" "${labels[@]}"
else
  echo "== no DISPLAY: skipping the workstation window (run '$hccws view $data ${labels[*]}' on a desktop)"
fi
