#!/usr/bin/env python3
"""Reference for test_resampling.cpp: nnU-Net v2's resample_data_or_seg (is_seg=False) computed with the library
calls nnU-Net makes (nnunetv2/preprocessing/resampling/default_resampling.py): skimage.transform.resize(...,
order, mode='edge', anti_aliasing=False) of each channel, or of each 2-D slice across the low-resolution axis
followed by scipy.ndimage.map_coordinates(order=0, mode='nearest') on the pixel-centre map along that axis;
the separate-z decision as nnU-Net's determine_do_sep_z_and_axis(force_separate_z=None, threshold 3).

Usage: resampling_reference.py CASES_FILE DIR
CASES_FILE: one line per case, "name order channels z y x nz ny nx cur0 cur1 cur2 new0 new1 new2".
Reads DIR/name.in.f64 (float64, C order, (channels, z, y, x)); writes DIR/name.ref.f64 (float64: the values
nnU-Net computes before storing them in the input's dtype) and DIR/decisions.txt ("name axis", -1 for none).
If DIR/float16.in.f64 exists, writes DIR/float16.ref.f64: those values cast to float16 by numpy, as float64.
Exit 3 when numpy/scipy/skimage cannot be imported (the C++ test reports that as skipped or, in CI, failed).
"""
import sys

try:
    import numpy as np
    import scipy
    import skimage
    from scipy.ndimage import map_coordinates
    from skimage.transform import resize
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"missing Python package: {e}", file=sys.stderr)
    sys.exit(3)

ANISO_THRESHOLD = 3


def separate_axis(current, new):
    """None or the low-resolution axis, following nnU-Net's decision rule."""
    def anisotropic(spacing):
        return np.max(spacing) / np.min(spacing) > ANISO_THRESHOLD

    def lowres_axes(spacing):
        return np.where(max(spacing) / np.array(spacing) == 1)[0]

    if anisotropic(current):
        axes = lowres_axes(current)
    elif anisotropic(new):
        axes = lowres_axes(new)
    else:
        return None
    return int(axes[0]) if len(axes) == 1 else None


def resample_channel(x, new_shape, order, axis):
    kwargs = {"mode": "edge", "anti_aliasing": False}
    if axis is None:
        return resize(x, new_shape, order, **kwargs)
    in_plane = [n for a, n in enumerate(new_shape) if a != axis]
    mid = list(new_shape)
    mid[axis] = x.shape[axis]
    slices = np.zeros(mid)
    for s in range(x.shape[axis]):
        index = [slice(None)] * 3
        index[axis] = s
        slices[tuple(index)] = resize(x[tuple(index)], in_plane, order, **kwargs)
    if mid[axis] == new_shape[axis]:
        return slices
    grid = np.mgrid[:new_shape[0], :new_shape[1], :new_shape[2]].astype(float)
    coords = np.array([float(m) / n * (g + 0.5) - 0.5 for m, n, g in zip(mid, new_shape, grid)])
    return map_coordinates(slices, coords, order=0, mode="nearest")


def main():
    cases_file, folder = sys.argv[1], sys.argv[2]
    decisions = []
    for line in open(cases_file):
        f = line.split()
        if not f:
            continue
        name, order, channels = f[0], int(f[1]), int(f[2])
        shape = [int(v) for v in f[3:6]]
        new_shape = [int(v) for v in f[6:9]]
        current = [float(v) for v in f[9:12]]
        new = [float(v) for v in f[12:15]]
        data = np.fromfile(f"{folder}/{name}.in.f64", dtype=np.float64).reshape(channels, *shape)
        axis = separate_axis(current, new)
        out = np.stack([resample_channel(data[c], new_shape, order, axis) for c in range(channels)])
        out.astype(np.float64).tofile(f"{folder}/{name}.ref.f64")
        decisions.append(f"{name} {-1 if axis is None else axis}")
    # numpy's float64 -> float16 cast (nnU-Net's float16 logits array), for roundToFloat16.
    try:
        values = np.fromfile(f"{folder}/float16.in.f64", dtype=np.float64)
    except FileNotFoundError:
        values = None
    if values is not None:
        with np.errstate(over="ignore"):
            values.astype(np.float16).astype(np.float64).tofile(f"{folder}/float16.ref.f64")
    with open(f"{folder}/decisions.txt", "w") as fh:
        fh.write("\n".join(decisions) + "\n")
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, scikit-image {skimage.__version__}")


if __name__ == "__main__":
    main()
