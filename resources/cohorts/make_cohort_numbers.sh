#!/usr/bin/env bash
# The real-cohort numbers of docs/cohorts.md from one command: the shipped TACE nomogram validated on TCIA
# HCC-TACE-Seg and on SYSUCC DTSDHCC's patients with TACE at their first visit, its clinical variables refit on
# DTSDHCC (resources/models/refit/nomogram_tace_refit_dtsdhcc.json, 200 bootstrap resamples for the optimism of C),
# and that refit validated externally on HCC-TACE-Seg. JSON into docs/cohorts/; a summary on stdout.
# Usage: bash resources/cohorts/make_cohort_numbers.sh [SHARED_DATA_DIR] [HCCWS_EXE]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${1:-$root/../shared/data}/clinical
hccws=${2:-$root/build/app/hccws}
tcia="--mapping $root/resources/cohorts/hcc_tace_seg.json --csv $data/hcc_tace_seg/HCC-TACE-Seg_clinical_data-V2.csv"
dts="--mapping $root/resources/cohorts/dtsdhcc_tace.json --csv $data/survivalpath_dtsdhcc/SurvivalPath_DTSDHCC_timeseries.csv"
out=$root/docs/cohorts
tace=$root/resources/models/nomogram_tace.json
refit=$root/resources/models/refit/nomogram_tace_refit_dtsdhcc.json
mkdir -p "$out" "$(dirname "$refit")"
"$hccws" cohort validate --model "$tace" $tcia --json "$out/validate_tace_on_hcc_tace_seg.json"
"$hccws" cohort validate --model "$tace" $dts --json "$out/validate_tace_on_dtsdhcc_tace.json"
"$hccws" cohort refit --model "$tace" $dts --bootstrap 200 --out "$refit" --json "$out/refit_tace_on_dtsdhcc_tace.json"
"$hccws" cohort validate --model "$refit" $tcia --json "$out/validate_refit_on_hcc_tace_seg.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
rows = [("reconstructed TACE nomogram", "HCC-TACE-Seg", "validate_tace_on_hcc_tace_seg.json"),
        ("reconstructed TACE nomogram", "DTSDHCC, TACE at first visit", "validate_tace_on_dtsdhcc_tace.json"),
        ("TACE clinical refit on DTSDHCC", "HCC-TACE-Seg (external)", "validate_refit_on_hcc_tace_seg.json")]
print("| model | cohort | n (deaths) | Harrell's C (SE) | Uno's C (SE) | td-AUC 12 / 24 / 36 months | Brier 12 / 24 / 36 | IBS (36) | calibration slope (SE) | log-rank by risk group |")
print("|---|---|---|---|---|---|---|---|---|---|")
for model, cohort, f in rows:
    j = json.load(open(f"{out}/{f}"))
    h = j["horizons"]
    lr = j["by_risk_group"]["logrank"]
    print(f"| {model} | {cohort} | {j['n']} ({j['deaths']}) | {j['harrell_c']:.3f} ({j['harrell_c_se']:.3f}) | "
          f"{j['uno_c']:.3f} ({j['uno_c_se']:.3f}) | " + " / ".join(f"{x['td_auc']:.3f} ({x['td_auc_se']:.3f})" for x in h) +
          " | " + " / ".join(f"{x['brier']:.3f}" for x in h) + f" | {j['ibs']['value']:.3f} | "
          f"{j['calibration_slope']:.2f} ({j['calibration_slope_se']:.2f}) | " +
          (f"chi2 {lr['chisq']:.1f}, p {lr['p']:.2g}" if lr else "one group") + " |")
r = json.load(open(f"{out}/refit_tace_on_dtsdhcc_tace.json"))
print()
print(f"refit: n {r['n']}, deaths {r['deaths']}; " + ", ".join(f"{c['name']} {c['beta']:.4f} (SE {c['se']:.4f})" for c in r["coefficients"]) +
      f"; C {r['c_apparent']:.4f} apparent, optimism {r['c_optimism']:.4f}, corrected {r['c_corrected']:.4f}; left out: " + "; ".join(r["dropped"]))
PY
