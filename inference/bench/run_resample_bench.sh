#!/usr/bin/env bash
# Resampling figures for docs/inference.md "Resampling: exact and fast": bench_resample (C++ exact and fast,
# agreement of fast with exact) on a 300x512x512 case resampled along all axes (1.5 x 0.7 x 0.7 mm) and a
# 60x512x512 case through the separate-z path (5 x 0.7 x 0.7 mm), both to nnU-Net's liver target
# 1.0 x 0.78 x 0.78 mm, then the same resampling done by nnU-Net's own library calls (skimage/scipy through
# tests/inference/resampling_reference.py, single-threaded as in nnU-Net) for scale.
#   inference/bench/run_resample_bench.sh BUILD_DIR [--threads N] [--no-python]
# PYTHON: a Python with numpy, scipy and scikit-image (default /usr/bin/python3, Debian's).
set -euo pipefail
build=${1:?usage: run_resample_bench.sh BUILD_DIR [--threads N] [--no-python]}
shift
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-/usr/bin/python3}
threads=0; withPython=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --threads) threads=$2; shift 2 ;;
    --no-python) withPython=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done
bench=
for b in "$build/bench/bench_resample" "$build/inference/bench/bench_resample"; do
  [[ -x $b ]] && bench=$b && break
done
[[ -n $bench ]] || { echo "bench_resample not found under $build" >&2; exit 1; }
"$bench" --threads "$threads" --size 300 512 512 --spacing 1.5 0.7 0.7 --target 1.0 0.78 0.78
"$bench" --threads "$threads" --size 60 512 512 --spacing 5 0.7 0.7 --target 1.0 0.78 0.78
[[ $withPython == 1 ]] || exit 0
"$python" - "$here/../../tests/inference" <<'PY'
import sys, time, resource
sys.path.insert(0, sys.argv[1])
import numpy as np
import resampling_reference as ref
rng = np.random.default_rng(1)
print(f"# nnU-Net's calls: numpy {np.__version__}, scipy {ref.scipy.__version__}, scikit-image {ref.skimage.__version__}")
for shape, new, order, axis, stage in [((300, 512, 512), [450, 459, 459], 3, None, "data_order3"),
                                       ((450, 459, 459), [300, 512, 512], 1, None, "export_order1"),
                                       ((60, 512, 512), [300, 459, 459], 3, 0, "data_order3"),
                                       ((300, 459, 459), [60, 512, 512], 1, 0, "export_order1")]:
    x = rng.standard_normal(shape).astype(np.float32).astype(float)
    t = time.time()
    ref.resample_channel(x, new, order, axis)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f'{{"impl": "nnunet-scipy", "stage": "{stage}", "shape": "{shape} -> {tuple(new)}", '
          f'"separate_axis": {-1 if axis is None else axis}, "seconds_per_channel": {time.time() - t:.2f}, '
          f'"peak_rss_mib": {rss:.0f}}}', flush=True)
PY
