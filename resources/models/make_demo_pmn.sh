#!/usr/bin/env bash
# Rebuilds the shipped demo PMN bundle (resources/models/demo_pmn) and its evaluation, exactly as shipped:
#   1. a synthetic training cohort of 400 phantoms (seeds 10000-10399) and a test cohort of 200 (seeds
#      20000-20199, never used in training), `hccws phantom --cohort`;
#   2. `hccws train pmn` on the training cohort (320 training / 80 validation, stratified, seed 1);
#   3. `hccws pmn --cohort` on the test cohort: evaluation.json (AUC with DeLong CI, Brier, calibration,
#      confusion), copied to resources/models/demo_pmn/evaluation_test200.json and summarised in docs/pmn.md.
# SYNTHETIC: the phantoms' subtypes are drawn features (docs/pmn.md "Phantom subtypes"), not pathology.
# Usage: resources/models/make_demo_pmn.sh [WORK_DIR]   (about 45 min on 2 cores; build first)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-/tmp/hccws-demo-pmn}
hccws=${HCCWS:-$root/build/app/hccws}
mkdir -p "$work"
[ -f "$work/train/cohort.csv" ] || "$hccws" -q phantom --cohort 400 --seed 10000 --out "$work/train"
[ -f "$work/test/cohort.csv" ] || "$hccws" -q phantom --cohort 200 --seed 20000 --out "$work/test"
rm -rf "$work/demo_pmn"
OMP_WAIT_POLICY=PASSIVE "$hccws" train pmn --cohort "$work/train/cohort.csv" --out "$work/demo_pmn" --name demo_pmn \
  --synthetic --epochs 40 --batch 16 --lr 1e-3 --patience 12 --seed 1 --roi 36 --spacing 3 --embed-dim 16 \
  --d-state 8 --proto-dim 16 --prototypes 3 --threads 2 \
  --data-description "400 synthetic phantom cases (hccws phantom --cohort 400 --seed 10000): 320 training, 80 validation (stratified, seed 1); phantom seeds 10000-10399"
"$hccws" pmn --model "$work/demo_pmn" --cohort "$work/test/cohort.csv" --out "$work/eval_test200"
dest=$root/resources/models/demo_pmn
mkdir -p "$dest"
cp "$work/demo_pmn/manifest.json" "$work/demo_pmn/weights.safetensors" "$dest/"
python3 - "$work/eval_test200/evaluation.json" "$dest/evaluation_test200.json" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
e.pop("cases", None)  # per-case rows stay in the work folder
e["cohort"]["file"] = "hccws phantom --cohort 200 --seed 20000 (cohort.csv)"
e["model"]["directory"] = "resources/models/demo_pmn"
json.dump(e, open(sys.argv[2], "w"), indent=2)
PY
echo "demo PMN written to $dest; evaluation in $dest/evaluation_test200.json"
