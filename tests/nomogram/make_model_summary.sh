#!/usr/bin/env bash
# Regenerates docs/model-summary-synthetic.png from a real run: the combined model fitted on the synthetic
# P53-like training cohort (tests/nomogram/data/binary_cohort_train.csv, drawn by reference/make_logistic_reference.R,
# with its own folds), a clinical-only model (afp_log) fitted the same way, both evaluated on the unseen test set
# and drawn by `hccws model-summary`. Nothing is typed but the page title.
# Usage: bash tests/nomogram/make_model_summary.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
hccws="$build/app/hccws"
data="$root/tests/nomogram/data"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$hccws" model fit --csv "$data/binary_cohort_train.csv" --outcome p53 --features 'age,afp_log,tumour_cm,rad_*,dl_*' \
  --fold-column fold --out "$tmp/combined.json"
"$hccws" model fit --csv "$data/binary_cohort_train.csv" --outcome p53 --features afp_log --fold-column fold \
  --out "$tmp/clinical.json"
"$hccws" model-summary --model "$tmp/combined.json" --csv "$data/binary_cohort_test.csv" --compare "$tmp/clinical.json" \
  --title "Synthetic P53-like cohort (not patient data): clinical + radiomics + DL model" \
  --out "$root/docs/model-summary-synthetic.png"
