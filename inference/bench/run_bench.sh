#!/usr/bin/env bash
# Runs bench_segment (C++/LibTorch) and the PyTorch reference (inference/python/nnunet_reference.py bench) on
# the same random weights, case size, patch and device, and prints the time ratio (reference / C++).
#   inference/bench/run_bench.sh BUILD_DIR [--size Z Y X] [--patch Z Y X] [--device cpu|cuda] [--threads N]
# Default: the full 300x512x512 two-phase case, patch 128^3, the best device. On a small CPU scale it down
# (e.g. --size 80 80 80 --patch 64 64 64); the JSON lines say what ran.
# PYTHON: a Python with torch (default /usr/bin/python3; on the GPU machine the one of the PyTorch install).
set -euo pipefail
build=${1:?usage: run_bench.sh BUILD_DIR [--size Z Y X] [--patch Z Y X] [--device D] [--threads N]}
shift
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-/usr/bin/python3}
size=(300 512 512); patch=(128 128 128); device=auto; threads=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --size) size=("$2" "$3" "$4"); shift 4 ;;
    --patch) patch=("$2" "$3" "$4"); shift 4 ;;
    --device) device=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done
if [[ $device == auto ]]; then
  device=$("$python" -c 'import torch; print("cuda" if torch.cuda.is_available() else "cpu")')
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/plans.json" <<JSON
{"configurations": {"3d_fullres": {"patch_size": [${patch[0]}, ${patch[1]}, ${patch[2]}], "spacing": [1, 1, 1],
 "normalization_schemes": ["CTNormalization", "CTNormalization"],
 "architecture": {"network_class_name": "PlainConvUNet", "arch_kwargs": {"n_stages": 6,
  "features_per_stage": [32, 64, 128, 256, 320, 320], "kernel_sizes": [[3,3,3],[3,3,3],[3,3,3],[3,3,3],[3,3,3],[3,3,3]],
  "strides": [[1,1,1],[2,2,2],[2,2,2],[2,2,2],[2,2,2],[2,2,2]], "n_conv_per_stage": [2,2,2,2,2,2],
  "n_conv_per_stage_decoder": [2,2,2,2,2], "conv_bias": true}}}},
 "foreground_intensity_properties_per_channel": {"0": {"mean": 0, "std": 1, "percentile_00_5": -5, "percentile_99_5": 5},
  "1": {"mean": 0, "std": 1, "percentile_00_5": -5, "percentile_99_5": 5}}}
JSON
out="$work/results.jsonl"
bench=
for b in "$build/bench/bench_segment" "$build/inference/bench/bench_segment"; do
  [[ -x $b ]] && bench=$b && break
done
[[ -n $bench ]] || { echo "bench_segment not found under $build" >&2; exit 1; }
"$bench" --plans "$work/plans.json" --save-weights "$work/w.safetensors" --size "${size[@]}" \
  --device "$device" --threads "$threads" --mirroring both --mode fast | tee -a "$out"
"$bench" --plans "$work/plans.json" --weights "$work/w.safetensors" --size "${size[@]}" \
  --device "$device" --threads "$threads" --mirroring both --mode exact | tee -a "$out"
for m in "--no-mirroring" ""; do
  "$python" "$here/../python/nnunet_reference.py" bench --weights "$work/w.safetensors" --plans "$work/plans.json" \
    --size "${size[@]}" --device "$device" --threads "$threads" $m | tee -a "$out"
done
"$python" - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
ref = {r["mirroring"]: r for r in rows if r["impl"] == "pytorch-reference"}
print("\nimpl            mode   mirroring  seconds  ratio(ref/C++)  peak RSS MiB  peak GPU MiB")
for r in rows:
    base = ref.get(r["mirroring"])
    ratio = base["seconds"] / r["seconds"] if base and r["impl"] != "pytorch-reference" else float("nan")
    print(f'{r["impl"]:15s} {r.get("mode", "fp16acc"):6s} {str(r["mirroring"]):9s} {r["seconds"]:8.2f} '
          f'{ratio:14.2f} {r.get("peak_rss_mib", float("nan")):13.0f} {r.get("peak_gpu_mib", float("nan")):13.0f}')
PY
