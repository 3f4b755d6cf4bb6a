#!/usr/bin/env python3
"""The workstation's marching-cubes case table against scikit-image's Lewiner marching cubes (what IBSI's
reference implementations use), configuration by configuration: area and enclosed volume (relative to the cube's
corner) of the triangles of each of the 254 non-trivial cube configurations of a 0/1 mask at level 0.5.
Expected (docs/radiomics.md): equal on the 198 configurations whose polygons scikit-image triangulates as fans;
the other 56 (seven-sided and three-plus-six-sided polygons, where Lewiner's table uses other triangulations)
differ and are listed. Also: the IBSI digital phantom's mesh volume and area equal scikit-image's.
Usage: compare_skimage.py DUMP_EXE PHANTOM_JSON. Exit 77 (skipped) without scikit-image."""
import json
import subprocess
import sys

try:
    import numpy as np
    from skimage.measure import marching_cubes
except ImportError as e:  # reported as skipped by CTest (a failure under CI=true: tests/run-all.sh)
    print("SKIPPED: scikit-image is not installed (python3-skimage):", e)
    sys.exit(77)


def stats(tris):
    if len(tris) == 0:
        return 0.0, 0.0
    a, b, c = tris[:, 0], tris[:, 1], tris[:, 2]
    area = np.sum(np.linalg.norm(np.cross(b - a, c - a), axis=1)) / 2
    vol = abs(np.sum(np.einsum("ij,ij->i", a, np.cross(b, c)))) / 6
    return area, vol


ours = {}
for line in subprocess.run([sys.argv[1]], check=True, capture_output=True, text=True).stdout.splitlines():
    t = line.split()
    ours[int(t[0])] = np.array(list(map(float, t[1:]))).reshape(-1, 3, 3)

same, differ = 0, []
for c in range(1, 255):
    cube = np.zeros((2, 2, 2))
    for k in range(8):
        cube[k & 1, (k >> 1) & 1, (k >> 2) & 1] = (c >> k) & 1
    v, f, _, _ = marching_cubes(cube, 0.5)
    a1, v1 = stats(v[f].astype(float))
    a2, v2 = stats(ours[c])
    if abs(a1 - a2) < 1e-6 and abs(v1 - v2) < 1e-6:
        same += 1
    else:
        differ.append(c)
print(f"configurations equal to scikit-image's: {same} of 254; differing: {differ}")

# The phantom: mesh of the padded mask through our table vs scikit-image.
ph = json.load(open(sys.argv[2]))["phantom"]
mask = np.pad(np.array(ph["mask"]).reshape(4, 4, 5).transpose(2, 1, 0), 1)  # x, y, z
vol = area = 0.0
for i in range(mask.shape[0] - 1):
    for j in range(mask.shape[1] - 1):
        for k in range(mask.shape[2] - 1):
            c = sum(1 << q for q in range(8) if mask[i + (q & 1), j + ((q >> 1) & 1), k + ((q >> 2) & 1)])
            if c in (0, 255):
                continue
            for tri in ours[c]:
                p = (tri + np.array([i, j, k], float)) * 2.0
                vol += np.dot(p[0], np.cross(p[1], p[2])) / 6
                area += np.linalg.norm(np.cross(p[1] - p[0], p[2] - p[0])) / 2
v, f, _, _ = marching_cubes(mask.astype(float), 0.5, spacing=(2, 2, 2))
a_sk, v_sk = stats(v[f].astype(float))
print(f"IBSI phantom: ours V {vol:.4f} A {area:.4f}; scikit-image V {v_sk:.4f} A {a_sk:.4f}")
ok = same >= 198 and abs(vol - v_sk) < 1e-3 and abs(area - a_sk) < 1e-3
sys.exit(0 if ok else 1)
