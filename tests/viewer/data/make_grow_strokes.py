#!/usr/bin/env python3
"""Makes the recorded seed strokes that tests/viewer/test_grow_from_seeds.cpp replays on the real CT
../shared/data/totalseg_example/example_ct.nii.gz (its liver mask is the reference).

What a user does in the window, written down once: on 5 axial slices, one stroke along the long axis of
the liver through its interior (and one across it where the slice is large) and a rough closed stroke of
background around it (about 12 mm outside its edge). The strokes are polylines in world LPS mm painted with
a disc brush (3 mm; 5 mm for the liver strokes); the mask is used only to place them, the way a
radiologist's eye places them. The output is kept in the repo (grow_strokes_totalseg.json);
run again only to change the strokes:  /usr/bin/python3 make_grow_strokes.py ../../../../shared/data > grow_strokes_totalseg.json
"""
import gzip, json, math, struct, sys
import numpy as np
from scipy import ndimage

SLICES = [74, 82, 90, 98, 108]
LIVER_RADIUS_MM = 5.0
RING_VOXELS = 4  # the background outline about 12 mm outside the liver's edge


def read_nifti(path):
    b = gzip.open(path).read()
    dim = struct.unpack('<8h', b[40:56])
    dtype = {2: np.uint8, 4: np.int16, 8: np.int32, 16: np.float32, 64: np.float64}[struct.unpack('<h', b[70:72])[0]]
    off = int(struct.unpack('<f', b[108:112])[0])
    srow = np.array(struct.unpack('<12f', b[280:328])).reshape(3, 4)
    n = dim[1] * dim[2] * dim[3]
    a = np.frombuffer(b[off:off + n * np.dtype(dtype).itemsize], dtype=dtype).reshape(dim[3], dim[2], dim[1])
    return a, srow


def lps(srow, i, j, k):
    ras = srow @ np.array([i, j, k, 1.0])
    return [round(-ras[0], 2), round(-ras[1], 2), round(ras[2], 2)]


def main():
    root = sys.argv[1]
    mask, srow = read_nifti(root + '/totalseg_example/example_ct_liver_ref_5de6e4d.nii.gz')
    strokes = []
    for k in SLICES:
        m = mask[k] > 0.5  # [j, i]
        # Liver: the principal axis of the eroded slice, clipped to the eroded liver.
        for it in (3, 2, 1):  # small slices near the liver's tip: a thinner margin
            inner = ndimage.binary_erosion(m, iterations=it)
            if inner.sum() >= 4:
                break
        lab, n = ndimage.label(inner)
        inner = lab == (1 + int(np.argmax(ndimage.sum(inner, lab, range(1, n + 1)))))
        jj, ii = np.nonzero(inner)
        c = np.array([ii.mean(), jj.mean()])
        cov = np.cov(np.stack([ii - c[0], jj - c[1]]))
        w, v = np.linalg.eigh(cov)
        axis = v[:, int(np.argmax(w))]
        pts = []
        for t in np.arange(-200, 200, 1.0):
            p = c + t * axis
            pi, pj = int(round(p[0])), int(round(p[1]))
            if 0 <= pj < inner.shape[0] and 0 <= pi < inner.shape[1] and inner[pj, pi]:
                pts.append((pi, pj))
        pts = pts[::4] if len(pts) > 8 else pts
        strokes.append({'label': 'liver', 'value': 1, 'radius_mm': LIVER_RADIUS_MM,
                        'points_lps': [lps(srow, i, j, k) for i, j in pts]})
        if m.sum() > 500:  # a large slice: a second stroke across, through the centre
            across = [(int(round(c[0] + t * axis[1])), int(round(c[1] - t * axis[0]))) for t in np.arange(-60, 60, 1.0)]
            across = [(i, j) for i, j in across if 0 <= j < inner.shape[0] and 0 <= i < inner.shape[1] and inner[j, i]]
            if len(across) > 3:
                strokes.append({'label': 'liver', 'value': 1, 'radius_mm': LIVER_RADIUS_MM,
                                'points_lps': [lps(srow, i, j, k) for i, j in across[::4] + [across[-1]]]})
        # Background: a closed rough outline RING_VOXELS outside the liver's edge, 24 points by angle.
        ring = ndimage.binary_dilation(m, iterations=RING_VOXELS) & ~ndimage.binary_dilation(m, iterations=RING_VOXELS - 1)
        jj, ii = np.nonzero(ring)
        ang = np.arctan2(jj - c[1], ii - c[0])
        outline = []
        for a in np.linspace(-math.pi, math.pi, 25)[:-1]:
            d = np.abs(np.angle(np.exp(1j * (ang - a))))
            sel = d < 0.13
            if not sel.any():
                continue
            far = np.argmax(np.where(sel, np.hypot(ii - c[0], jj - c[1]), -1))
            outline.append((int(ii[far]), int(jj[far])))
        outline.append(outline[0])
        strokes.append({'label': 'background', 'value': 255, 'points_lps': [lps(srow, i, j, k) for i, j in outline]})
    json.dump({'description': 'Recorded seed strokes on 5 axial slices of totalseg_example/example_ct.nii.gz '
               '(made by tests/viewer/data/make_grow_strokes.py)', 'ct': 'totalseg_example/example_ct.nii.gz',
               'brush': {'shape': 'disc', 'radius_mm': 3.0, 'slice_axis': 2},
               'strokes': strokes}, sys.stdout, indent=1)


main()
