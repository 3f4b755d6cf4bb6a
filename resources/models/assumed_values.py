#!/usr/bin/env python3
"""The `assumed` values of the shipped nomogram models: what "Fill missing with cohort medians" puts in.

Each value comes from a real cohort or a published figure, and its source text says which; the workstation
shows every such input as ASSUMED (never measured or typed). Inputs for which no cohort value exists (AST:
neither real cohort has it) get none, so they stay missing until the user types them.

Usage: python3 resources/models/assumed_values.py [--shared ../shared/data] [--write]
Prints the values; --write stores them in resources/models/nomogram_{tace,haic}.json ("assumed" per variable).
"""
import argparse
import csv
import json
import os
import statistics

HERE = os.path.dirname(os.path.abspath(__file__))


def dtsdhcc_baseline(shared):
    """First visit per patient (date order, file order breaking ties) of SYSUCC's DTSDHCC."""
    path = os.path.join(shared, "clinical/survivalpath_dtsdhcc/SurvivalPath_DTSDHCC_timeseries.csv")
    first = {}
    with open(path, newline="") as f:
        for n, row in enumerate(csv.DictReader(f)):
            key = (row["Date"], n)
            if row["ID"] not in first or key < first[row["ID"]][0]:
                first[row["ID"]] = (key, row)
    return [r for _, r in first.values()]


def tcia_rows(shared):
    path = os.path.join(shared, "clinical/hcc_tace_seg/HCC-TACE-Seg_clinical_data-V2.csv")
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def values(shared):
    base = dtsdhcc_baseline(shared)
    n = len(base)
    lesions = statistics.median(float(r["Amount.of.Hepatic.Lesions"]) for r in base)
    diam_cm = statistics.median(float(r["Largest.Diameter.of.Hepatic.Lesions"]) for r in base) / 10.0
    vi = statistics.median(float(r["Vascular.Invasion"]) for r in base)
    tcia = tcia_rows(shared)
    sexes = [int(r["Sex"]) for r in tcia if r["Sex"].strip()]
    male = sum(1 for s in sexes if s == 1)
    dtsdhcc = f"median of the first visits of SYSUCC DTSDHCC (n={n}, intermediate-stage HCC)"
    return {
        "lesion_number": {"value": lesions, "source": f"{dtsdhcc}; lesion count capped at 4 in that table"},
        "diameter": {"value": round(diam_cm, 2), "source": f"{dtsdhcc}, largest lesion diameter in cm"},
        "pvtt": {"value": vi, "source": f"{dtsdhcc}, vascular invasion (not PVTT specifically)"},
        "hbv": {"value": 1.0, "source": "study cohort 2: HBV in 90.2% (published), so the median patient has HBV"},
        "sex": {"value": 0.0 if male * 2 > len(sexes) else 1.0,
                "source": f"median of TCIA HCC-TACE-Seg (n={len(sexes)}, {male} male), coded 0 = male"},
        "proliferative": {"value": 0.0, "source": "study cohort 1: 187/398 (47.0%) proliferative (published), "
                                                  "so the median patient is non-proliferative"},
        "dl_risk_score": {"value": round(0.47 * 0.65 + 0.53 * 0.43, 3),
                          "source": "mean of the published group means (0.65 proliferative, 0.43 not) weighted "
                                    "by the 47.0% proliferative share; no per-patient scores are published"},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(HERE, "../../../shared/data"))
    ap.add_argument("--write", action="store_true")
    a = ap.parse_args()
    v = values(a.shared)
    print(json.dumps(v, indent=2))
    if not a.write:
        return
    for arm in ("tace", "haic"):
        path = os.path.join(HERE, f"nomogram_{arm}.json")
        with open(path) as f:
            model = json.load(f)
        for var in model["variables"]:
            if var["name"] in v:
                var["assumed"] = v[var["name"]]
            elif var["name"].startswith("dl_risk_score_"):  # one PMN score per arm, the same assumption
                var["assumed"] = v["dl_risk_score"]
            else:
                var.pop("assumed", None)
        with open(path + ".tmp", "w") as f:
            json.dump(model, f, indent=2)
            f.write("\n")
        os.replace(path + ".tmp", path)
        print("wrote", path)


if __name__ == "__main__":
    main()
