#!/usr/bin/env python3
"""Makes the recorded seed strokes that tests/gui/test_semi_automatic.cpp paints on the real HCC series
../shared/data/hcc048_pv (TCIA HCC-TACE-Seg, HCC_048, portal venous; no reference segmentation is available).

What a user does in the window, written down once, on 7 axial slices:
- liver: one stroke along the long axis of the liver's interior, away from the lesion;
- tumour: one stroke along the long axis of the largest lesion on 3 of those slices. The lesion is the
  hypodense region of the right lobe's dome (segments 7/8): a connected region whose local mean is >= 12 HU
  below the liver's median, deeper than 6 mm inside the liver. It is the candidate an untrained eye finds in
  this portal-venous series (about 20 HU darker and heterogeneous); a radiologist has NOT confirmed it, and
  the TCIA collection's own tumour mask is not in ../shared (docs/editor.md says so);
- background: a rough closed stroke about 12 mm outside the liver's edge, and three where a first preview
  leaked (stomach, heart).
The rough liver masks (per slice: a threshold on the smoothed CT, eroded 3.5 mm, the piece at a point picked by
eye on that slice, grown back; on the dome slice cut at the heart) and the lesion mask only place the strokes,
the way an eye places them;
the test grows the segmentation from the strokes alone. Strokes are polylines in world LPS mm painted with a
disc brush (3 mm; 5 mm for liver strokes, 4 mm for the tumour). Output kept in the repo
(grow_strokes_hcc048.json); run again only to change the strokes:
  /usr/bin/python3 make_grow_strokes_hcc048.py ../../../../shared/data > grow_strokes_hcc048.json
"""
import glob, json, sys
import numpy as np
from scipy import ndimage

# slice -> a point in the liver (column, row) picked by eye on that slice; the dome slice's heart side is cut
LIVER_SLICES = {22: (110, 190), 34: (130, 230), 46: (150, 250), 58: (150, 260), 62: (150, 250), 66: (150, 230),
                72: (200, 210)}
HEART_COLUMN = {72: 262}
TUMOUR_SLICES = [58, 62, 66]
# background strokes placed by eye where a first preview leaked: across the stomach (slices 26, 28) and the
# heart above the dome (slice 72)
EXTRA_BACKGROUND = {26: [(240, 150), (260, 125), (300, 112), (350, 120), (375, 150)],
                    28: [(245, 200), (270, 170), (300, 140)],
                    72: [(270, 170), (330, 160), (370, 190)]}
SPACING = (2.5, 0.703125, 0.703125)  # k, row, col (mm)
ORIGIN = (-180.0, -180.0, -396.0)     # LPS of voxel (col 0, row 0, k 0); axes along +x, +y, +z


def read_series(folder):
    """Uncompressed Explicit VR LE int16 slices (the series' transfer syntax); sorted by z."""
    slices = []
    for f in sorted(glob.glob(folder + '/*.dcm')):
        b = open(f, 'rb').read()
        i = b.find(b'\x20\x00\x32\x00')  # (0020,0032) Image Position (Patient)
        n = int.from_bytes(b[i + 6:i + 8], 'little')
        z = float(b[i + 8:i + 8 + n].decode().strip('\x00 ').split('\\')[2])
        px = np.frombuffer(b[-512 * 512 * 2:], dtype='<i2').reshape(512, 512).astype(np.float32) - 1024
        slices.append((z, px))
    slices.sort(key=lambda t: t[0])
    return np.stack([p for _, p in slices])


def lps(k, row, col):
    return [round(ORIGIN[0] + col * SPACING[2], 2), round(ORIGIN[1] + row * SPACING[1], 2),
            round(ORIGIN[2] + k * SPACING[0], 2)]


def largest(mask):
    lab, n = ndimage.label(mask)
    if n == 0:
        return mask
    return lab == (1 + int(np.argmax(ndimage.sum(mask, lab, range(1, n + 1)))))


def axis_stroke(region, k, label, value, radius):
    """The principal axis of a 2D region, clipped to it, thinned to a point every 4 voxels."""
    jj, ii = np.nonzero(region)
    c = np.array([ii.mean(), jj.mean()])
    w, v = np.linalg.eigh(np.cov(np.stack([ii - c[0], jj - c[1]])))
    axis = v[:, int(np.argmax(w))]
    pts = []
    for t in np.arange(-400, 400, 1.0):
        p = c + t * axis
        pi, pj = int(round(p[0])), int(round(p[1]))
        if 0 <= pj < region.shape[0] and 0 <= pi < region.shape[1] and region[pj, pi]:
            pts.append((pi, pj))
    pts = pts[::4] + ([pts[-1]] if len(pts) % 4 != 1 else [])
    return {'label': label, 'value': value, 'radius_mm': radius, 'points_lps': [lps(k, j, i) for i, j in pts]}


def ring_stroke(mask2d, k):
    """A closed outline about 12 mm outside the region, every 12th boundary voxel (a rough hand stroke)."""
    grown = ndimage.binary_dilation(mask2d, iterations=17)
    edge = grown & ~ndimage.binary_erosion(grown)
    jj, ii = np.nonzero(edge)
    c = np.array([ii.mean(), jj.mean()])
    order = np.argsort(np.arctan2(jj - c[1], ii - c[0]))
    pts = [(ii[n], jj[n]) for n in order[::12]]
    pts.append(pts[0])
    return {'label': 'background', 'value': 255, 'points_lps': [lps(k, j, i) for i, j in pts]}


def liver_on_slice(smooth2d, anchor, cut_column=None):
    yy, xx = np.mgrid[-5:6, -5:6]
    disk = (yy ** 2 + xx ** 2) <= 25
    tissue = (smooth2d > 75) & (smooth2d < 160)
    lab, _ = ndimage.label(ndimage.binary_erosion(tissue, structure=disk))
    c, r = anchor
    if lab[r, c] == 0:  # the nearest piece
        _, ind = ndimage.distance_transform_edt(lab == 0, return_indices=True)
        r, c = ind[0][r, c], ind[1][r, c]
    m = ndimage.binary_fill_holes(ndimage.binary_dilation(lab == lab[r, c], structure=disk) & tissue)
    if cut_column is not None:
        m[:, cut_column:] = False
    return largest(m)


def main():
    v = read_series(sys.argv[1] + '/hcc048_pv')
    smooth = ndimage.gaussian_filter(v, (0.6, 2, 2))
    liver = largest(ndimage.binary_opening((smooth > 70) & (smooth < 150), iterations=2))
    liver = ndimage.binary_fill_holes(ndimage.binary_closing(liver, iterations=4))
    depth = ndimage.distance_transform_edt(liver, sampling=SPACING)
    w = (0.6, 3, 3)
    mean = ndimage.gaussian_filter(np.where(liver, v, 0), w) / np.maximum(ndimage.gaussian_filter(liver * 1.0, w), 1e-6)
    core = depth > 6
    lesion = largest(core & (mean < np.median(mean[core]) - 12))
    strokes = []
    for k, anchor in LIVER_SLICES.items():
        slice_liver = liver_on_slice(smooth[k], anchor, HEART_COLUMN.get(k))
        inner = ndimage.binary_erosion(slice_liver, iterations=10) & ~ndimage.binary_dilation(lesion[k], iterations=10)
        strokes.append(axis_stroke(largest(inner), k, 'liver', 1, 5.0))
        if k in TUMOUR_SLICES:
            tumour = largest(ndimage.binary_erosion(lesion[k] & slice_liver, iterations=4))
            strokes.append(axis_stroke(tumour, k, 'tumour', 2, 4.0))
        strokes.append(ring_stroke(slice_liver, k))
    for k, pts in EXTRA_BACKGROUND.items():
        strokes.append({'label': 'background', 'value': 255, 'points_lps': [lps(k, j, i) for i, j in pts]})
    print(json.dumps({
        'description': 'Recorded seed strokes on 5 axial slices of hcc048_pv (HCC_048, portal venous), made by '
                       'tests/viewer/data/make_grow_strokes_hcc048.py; the tumour strokes are in the hypodense '
                       'region of the right lobe dome (a candidate lesion, not confirmed by a radiologist)',
        'ct': 'hcc048_pv',
        'brush': {'shape': 'disc', 'radius_mm': 3.0, 'slice_axis': 2},
        'strokes': strokes}, indent=1))


if __name__ == '__main__':
    main()
