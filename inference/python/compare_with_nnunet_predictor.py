#!/usr/bin/python3
"""Label agreement between `hccws segment` and upstream nnU-Net v2's own `nnUNetPredictor` (docs/inference.md,
section "Agreement with nnU-Net's predictor"; inference/python/README.md).

NOT run in CI: upstream nnU-Net is not installable from Debian. It runs upstream's source files, as fetched from
GitHub, with Debian's /usr/bin/python3 (python3-torch, numpy, scipy, skimage), on the CPU:

  /usr/bin/python3 inference/python/compare_with_nnunet_predictor.py \
      --nnunet SRC/nnUNet --dna SRC/dynamic-network-architectures --acvl SRC/acvl_utils \
      --batchgenerators SRC/batchgenerators --hccws build/app/hccws \
      --fold 0=resources/models/demo_liver_tumour --fold 1=/tmp/fold1_bundle \
      --case phantom /tmp/ph/arterial.nii.gz /tmp/ph/portal_venous.nii.gz --truth phantom=/tmp/ph/truth_labels.nii.gz \
      --work /tmp/agree [--threads 2] [--modes exact fast] [--runs f0_mirror f0_nomirror ensemble]

What it does
  1. Writes an nnU-Net results folder (nnUNetTrainer__nnUNetPlans__3d_fullres/{plans.json, dataset.json,
     fold_N/checkpoint_final.pth}) from hccws bundles (one per --fold; all must share plans.json and
     dataset.json): the network is built by upstream nnUNetTrainer.build_network_architecture (deep supervision
     on, as during training), the bundle's tensors are loaded into it (every upstream key must be filled; only
     upstream's alias keys `*.all_modules.*` / `decoder.encoder.*`, which share storage with the primary keys,
     are not in the bundle), and checkpoint_final.pth is the dict of nnUNetTrainer.save_checkpoint
     (network_weights = the module's state_dict with its alias keys, init_args, trainer_name,
     inference_allowed_mirroring_axes, ...; optimizer_state None: no reader uses it).
  2. Converts that results folder back with convert_nnunet_checkpoint.py (the user's path), so `hccws segment`
     runs the converted bundle; the converted tensors are checked equal to the input bundles'.
  3. Reads each case's images as nnU-Net's SimpleITKIO does (the stored voxel array as (z, y, x) float32,
     spacing reversed; a minimal NIfTI-1 reader here, since SimpleITK is not in Debian) and runs
     nnUNetPredictor.predict_single_npy_array (upstream preprocessing: crop to non-zero, CT normalisation,
     resampling with its default_resampling; sliding window with Gaussian weighting and fp16 accumulation,
     mirroring, fold ensembling; export: logits resampled back, argmax, crop reverted) with
     perform_everything_on_device=False, device cpu, tile_step_size 0.5, no post-processing (the predictor
     has none). Intermediate arrays (preprocessed input, logits, resampled logits) are kept as .npy.
  4. Runs `hccws segment --no-postprocess --device cpu --threads T` (exact, and --fast) on the same files with
     --save-probabilities, and compares: % identical labels over the whole image, Dice per class, confusion
     counts, geometry (shape, spacing, origin/direction of the written label image vs the input), the maximum
     difference of the probabilities against softmax(nnU-Net's resampled logits), wall time.

Upstream modules that are stubbed (not installable from Debian; none of them is on the predict_single_npy_array
path: a stub raises if it is called, and the run fails then):
  SimpleITK, nibabel, nibabel.orientations (image I/O: arrays are passed in), blosc2 (preprocessed-dataset
  storage; blosc2.ndarray.NDArray is an empty class for isinstance checks in acvl_utils), threadpoolctl
  (batchgenerators' multi-threaded augmenters),
  batchgeneratorsv2.*, sklearn.*, seaborn (training augmentation, splits and plots, imported by the nnUNetTrainer
  module), torch._dynamo (OptimizedModule: an empty class, torch 1.13 has no torch.compile), tqdm (a progress
  bar that does nothing).
  pandas is on the path (batchgenerators' resize_segmentation of the non-zero mask during preprocessing calls
  pd.unique): pandas.unique is implemented (the distinct values in order of appearance; sorted right after).
  Not stubbed, run from their sources: nnunetv2, dynamic_network_architectures, acvl_utils (crop/pad/insert
  helpers), batchgenerators (DataLoader base of PreprocessAdapterFromNpy, resize_segmentation,
  file_and_folder_operations).
  One upstream call is replaced: recursive_find_trainer_class_by_name (which imports every trainer variant in
  nnunetv2/training/nnUNetTrainer/, each with its own dependencies) returns upstream's nnUNetTrainer class,
  which is what it returns for trainer_name "nnUNetTrainer" (checked).
"""
import argparse
import gzip
import hashlib
import importlib.abc
import importlib.machinery
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import time
import types
from copy import deepcopy

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

RUNS = {  # name -> (folds, mirroring)
    "f0_mirror": ((0,), True),
    "f0_nomirror": ((0,), False),
    "ensemble": ((0, 1), True),
}


# ----------------------------------------------------------------------------------------------------------------
# Stubs (see the module docstring for what and why).
STUB_LOG = []


class _Placeholder:
    """An attribute of a stubbed module: any further attribute is another placeholder; calling it, or asking its
    truth value, raises (so a stub that is used on the measured path stops the run)."""

    def __init__(self, name):
        self._name = name

    def __getattr__(self, a):
        if a.startswith("__"):
            raise AttributeError(a)
        return _Placeholder(self._name + "." + a)

    def __call__(self, *a, **k):
        raise RuntimeError(f"{self._name} is a stub in compare_with_nnunet_predictor.py and was called")

    def __bool__(self):
        raise RuntimeError(f"{self._name} is a stub in compare_with_nnunet_predictor.py and was tested")


def _stub_module(name):
    m = types.ModuleType(name)
    m.__path__ = []  # a package, so that submodules can be stubbed too

    def __getattr__(attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return _Placeholder(name + "." + attr)

    m.__getattr__ = __getattr__
    STUB_LOG.append(name)
    return m


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Placeholder modules for the packages listed (and their submodules) that are not installed."""

    def __init__(self, packages):
        self.packages = packages

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in self.packages:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        return _stub_module(spec.name)

    def exec_module(self, module):
        pass


def install_upstream(a):
    for p in (a.batchgenerators, a.acvl, a.dna, a.nnunet):
        sys.path.insert(0, os.path.abspath(p))
    # Simple stubs with a class or a no-op where upstream needs one at import time.
    blosc2 = _stub_module("blosc2")
    nd = types.ModuleType("blosc2.ndarray")
    nd.NDArray = type("NDArray", (), {})  # isinstance(x, blosc2.ndarray.NDArray) is False for numpy/torch
    blosc2.ndarray = nd
    sys.modules.update({"blosc2": blosc2, "blosc2.ndarray": nd})
    dyn = types.ModuleType("torch._dynamo")
    dyn.OptimizedModule = type("OptimizedModule", (), {})
    sys.modules["torch._dynamo"] = dyn
    STUB_LOG.append("torch._dynamo (OptimizedModule: empty class)")
    tq = types.ModuleType("tqdm")

    class tqdm:  # noqa: N801 (upstream's name)
        def __init__(self, iterable=None, *args, **kwargs):
            self.iterable = iterable

        def __iter__(self):
            return iter(self.iterable)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def update(self, n=1):
            pass

    tq.tqdm = tqdm
    sys.modules["tqdm"] = tq
    STUB_LOG.append("tqdm (tqdm: a progress bar that does nothing)")
    try:
        import pandas  # noqa: F401
    except ImportError:
        pd = _stub_module("pandas")

        def unique(values):
            """pandas.unique for a numeric array without NaN: the distinct values in order of appearance
            (batchgenerators' resize_segmentation sorts them right after)."""
            values = np.asarray(values).ravel()
            _, first = np.unique(values, return_index=True)
            return values[np.sort(first)]

        pd.unique = unique
        sys.modules["pandas"] = pd
        STUB_LOG[-1] = "pandas (unique: implemented, distinct values in order of appearance)"
    missing = []
    for pkg in ("SimpleITK", "nibabel", "threadpoolctl", "batchgeneratorsv2", "sklearn", "seaborn"):
        try:
            importlib.import_module(pkg)
        except ImportError:
            missing.append(pkg)
    sys.meta_path.insert(0, _StubFinder(set(missing)))

    import nnunetv2.inference.predict_from_raw_data as pfrd
    from nnunetv2.training.nnUNetTrainer.nnUNetTrainer import nnUNetTrainer

    def find_trainer(name):
        if name != "nnUNetTrainer":
            raise RuntimeError(f"trainer {name}: only nnUNetTrainer is wired here")
        return nnUNetTrainer

    pfrd.recursive_find_trainer_class_by_name = find_trainer
    return pfrd, nnUNetTrainer


def git_head(path):
    try:
        return subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except Exception:  # a source tree without .git (e.g. git archive): say so
        return "unknown (no .git)"


# ----------------------------------------------------------------------------------------------------------------
# NIfTI-1 (what SimpleITKIO would return: the stored array as (z, y, x), spacing reversed).
_NIFTI_DTYPES = {2: np.uint8, 4: np.int16, 8: np.int32, 16: np.float32, 64: np.float64, 256: np.int8,
                 512: np.uint16, 768: np.uint32}


def read_nifti(path):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if struct.unpack("<i", raw[:4])[0] != 348:
        raise ValueError(f"{path}: not a little-endian NIfTI-1 file")
    dim = struct.unpack("<8h", raw[40:56])
    datatype = struct.unpack("<h", raw[70:72])[0]
    pixdim = struct.unpack("<8f", raw[76:108])
    vox_offset = int(struct.unpack("<f", raw[108:112])[0])
    slope, inter = struct.unpack("<ff", raw[112:120])
    qform_code, sform_code = struct.unpack("<hh", raw[252:256])
    quatern = struct.unpack("<6f", raw[256:280])
    srow = struct.unpack("<12f", raw[280:328])
    nd = dim[0]
    shape = dim[1:1 + nd]
    if nd < 3 or any(s != 1 for s in shape[3:]):
        raise ValueError(f"{path}: not a 3-D image ({shape})")
    dt = np.dtype(_NIFTI_DTYPES[datatype]).newbyteorder("<")
    n = shape[0] * shape[1] * shape[2]
    arr = np.frombuffer(raw, dtype=dt, count=n, offset=vox_offset).reshape(shape[2], shape[1], shape[0])
    arr = arr.astype(np.float32)
    if slope != 0 and not (slope == 1 and inter == 0):
        arr = arr * np.float32(slope) + np.float32(inter)
    geometry = {"shape_xyz": list(shape[:3]), "spacing_xyz": [float(v) for v in pixdim[1:4]],
                "qform_code": qform_code, "sform_code": sform_code, "quatern_bcd_offset": list(quatern),
                "qfac": float(pixdim[0]), "srow": list(srow)}
    return arr, [float(pixdim[3]), float(pixdim[2]), float(pixdim[1])], geometry


def nifti_affine(g):
    """Voxel -> world (NIfTI RAS) matrix: the sform when its code is set, else the qform (NIfTI-1 method 2)."""
    if g["sform_code"] > 0:
        return np.array(g["srow"], np.float64).reshape(3, 4)
    b, c, d, qx, qy, qz = g["quatern_bcd_offset"]
    a = np.sqrt(max(0.0, 1.0 - (b * b + c * c + d * d)))
    r = np.array([[a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
                  [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
                  [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b]])
    sp = np.array(g["spacing_xyz"], np.float64) * np.array([1.0, 1.0, g["qfac"] if g["qfac"] != 0 else 1.0])
    return np.hstack([r * sp[None, :], np.array([[qx], [qy], [qz]])])


def geometry_equal(a, b):
    """Same grid: shape, spacing and voxel -> world matrix (within float32 rounding). The header's xform codes
    (scanner / aligned) are not geometry and are reported separately."""
    return (a["shape_xyz"] == b["shape_xyz"] and np.allclose(a["spacing_xyz"], b["spacing_xyz"], rtol=1e-6, atol=0)
            and np.allclose(nifti_affine(a), nifti_affine(b), rtol=1e-6, atol=1e-4))


# ----------------------------------------------------------------------------------------------------------------
def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_results_folder(folds, out, nnUNetTrainer):
    """hccws bundles -> an nnU-Net v2 results folder, the network built by upstream code."""
    import torch
    import hccws_safetensors
    from batchgenerators.utilities.file_and_folder_operations import save_json
    from nnunetv2.utilities.plans_handling.plans_handler import PlansManager
    from nnunetv2.utilities.label_handling.label_handling import determine_num_input_channels

    first = folds[0][1]
    plans = json.load(open(os.path.join(first, "plans.json")))
    dataset_json = json.load(open(os.path.join(first, "dataset.json")))
    manifest = json.load(open(os.path.join(first, "manifest.json")))
    for _, b in folds[1:]:
        for f in ("plans.json", "dataset.json"):
            if json.load(open(os.path.join(b, f))) != json.load(open(os.path.join(first, f))):
                sys.exit(f"{b}/{f} differs from {first}/{f}: folds of one model share plans and dataset.json")
    configuration = manifest["nnunet"]["configuration"]
    folder = os.path.join(out, f"nnUNetTrainer__{plans['plans_name']}__{configuration}")
    pm = PlansManager(deepcopy(plans))
    cm = pm.get_configuration(configuration)
    nin = determine_num_input_channels(pm, cm, dataset_json)
    nout = pm.get_label_manager(dataset_json).num_segmentation_heads
    os.makedirs(folder, exist_ok=True)
    save_json(plans, os.path.join(folder, "plans.json"), sort_keys=False)
    save_json(dataset_json, os.path.join(folder, "dataset.json"), sort_keys=False)
    sources = {}
    for fold, bundle in folds:
        m = json.load(open(os.path.join(bundle, "manifest.json")))
        w = [x for x in m["weights"]]
        if len(w) != 1:
            sys.exit(f"{bundle}: give a bundle with exactly one fold per --fold")
        tensors, _ = hccws_safetensors.load(os.path.join(bundle, w[0]["file"]))
        net = nnUNetTrainer.build_network_architecture(pm, cm, nin, nout, enable_deep_supervision=True)
        missing, unexpected = net.load_state_dict(tensors, strict=False)
        alias = [k for k in missing if ".all_modules." in k or k.startswith("decoder.encoder.")]
        if unexpected or len(alias) != len(missing):
            sys.exit(f"{bundle}: keys do not match upstream {type(net).__name__}: missing "
                     f"{sorted(set(missing) - set(alias))[:5]}, unexpected {unexpected[:5]}")
        sd = net.state_dict()
        for k in alias:  # aliases share storage with the primary key: check they got the bundle's values
            prim = k.replace("decoder.encoder.", "encoder.") if k.startswith("decoder.encoder.") else None
            if prim is not None and prim in tensors and not torch.equal(sd[k], tensors[prim]):
                sys.exit(f"{bundle}: alias {k} does not share storage with {prim}")
        checkpoint = {
            "network_weights": sd,
            "optimizer_state": None,
            "grad_scaler_state": None,
            "logging": {},
            "_best_ema": None,
            "current_epoch": 0,
            "init_args": {"plans": plans, "configuration": configuration, "fold": fold,
                          "dataset_json": dataset_json, "device": torch.device("cpu")},
            "trainer_name": "nnUNetTrainer",
            "inference_allowed_mirroring_axes": tuple(manifest["nnunet"].get("allowed_mirroring_axes", [0, 1, 2])),
        }
        os.makedirs(os.path.join(folder, f"fold_{fold}"), exist_ok=True)
        torch.save(checkpoint, os.path.join(folder, f"fold_{fold}", "checkpoint_final.pth"))
        sources[fold] = {"bundle": os.path.abspath(bundle), "weights_sha256": sha256(os.path.join(bundle, w[0]["file"])),
                         "tensors": {k: v for k, v in tensors.items()}}
    return folder, manifest, sources


def convert_back(results, out, phases, sources):
    import hccws_safetensors
    import torch
    if os.path.isdir(out):
        shutil.rmtree(out)
    cmd = [sys.executable, os.path.join(HERE, "convert_nnunet_checkpoint.py"), "--results", results, "--out", out,
           "--name", "nnU-Net agreement model"]
    for p in phases:
        cmd += ["--phase", p]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    m = json.load(open(os.path.join(out, "manifest.json")))
    for w in m["weights"]:
        t, _ = hccws_safetensors.load(os.path.join(out, w["file"]))
        src = sources[w["fold"]]["tensors"]
        if set(t) != set(src) or any(not torch.equal(t[k], src[k]) for k in t):
            sys.exit(f"converted fold {w['fold']} differs from its source bundle")
    return out


# ----------------------------------------------------------------------------------------------------------------
def run_nnunet(pfrd, results, folds, mirroring, image, spacing, threads, keep_dir):
    import torch
    predictor = pfrd.nnUNetPredictor(tile_step_size=0.5, use_gaussian=True, use_mirroring=mirroring,
                                     perform_everything_on_device=False, device=torch.device("cpu"),
                                     verbose=False, verbose_preprocessing=False, allow_tqdm=False)
    t0 = time.perf_counter()
    predictor.initialize_from_trained_model_folder(results, use_folds=folds, checkpoint_name="checkpoint_final.pth")
    t_init = time.perf_counter() - t0
    keep, stamps = {}, {}
    inner_predict = predictor.predict_logits_from_preprocessed_data

    def predict_and_keep(data):
        stamps["preprocessed"] = time.perf_counter()
        keep["preprocessed"] = data.numpy().copy()
        out = inner_predict(data)
        keep["logits"] = out.numpy().copy()
        stamps["predicted"] = time.perf_counter()
        return out

    predictor.predict_logits_from_preprocessed_data = predict_and_keep
    cm = predictor.configuration_manager
    inner_resample = cm.resampling_fn_probabilities

    def resample_and_keep(*args, **kwargs):
        out = inner_resample(*args, **kwargs)
        keep["resampled_logits"] = np.asarray(out).copy()
        return out

    # configuration_manager.resampling_fn_probabilities is a property returning a new partial each time
    cls = type(cm)
    orig_prop = cls.resampling_fn_probabilities
    cls.resampling_fn_probabilities = property(lambda self: resample_and_keep)
    torch.set_num_threads(threads)
    try:
        t0 = time.perf_counter()
        props = {"spacing": list(spacing)}  # run_case_npy adds the crop box etc. to this dict
        seg = predictor.predict_single_npy_array(image, props, None, None, False)
        t1 = time.perf_counter()
        t_pred = t1 - t0
    finally:
        cls.resampling_fn_probabilities = orig_prop
    os.makedirs(keep_dir, exist_ok=True)
    for k, v in keep.items():
        np.save(os.path.join(keep_dir, k + ".npy"), v)
    np.save(os.path.join(keep_dir, "labels.npy"), seg)
    bbox = [[int(v) for v in b] for b in props["bbox_used_for_cropping"]]
    return seg, keep, {"load_s": t_init, "predict_s": t_pred, "bbox_zyx": bbox,
                       "stages_s": {"preprocessing": stamps["preprocessed"] - t0,
                                    "sliding_window": stamps["predicted"] - stamps["preprocessed"],
                                    "export": t1 - stamps["predicted"]},
                       "preprocessed_shape_zyx": list(keep["preprocessed"].shape[1:])}


def run_hccws(binary, bundle, phases, files, folds, mirroring, fast, threads, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    labels = os.path.join(out_dir, "labels.nii.gz")
    probs = os.path.join(out_dir, "probabilities.npy")
    cmd = [binary, "segment", "--model", bundle, "--out", labels, "--save-probabilities", probs, "--no-postprocess",
           "--device", "cpu", "--threads", str(threads), "--folds", *[str(f) for f in folds]]
    for p, f in zip(phases, files):
        cmd += ["--phase", f"{p}={f}"]
    if not mirroring:
        cmd.append("--no-mirroring")
    if fast:
        cmd.append("--fast")
    # stderr on a pseudo-terminal, so that hccws draws every percentage of its progress bar ("\r[###  ] 10%
    # preprocessing"): the time a stage is last reported is when it ended (preprocessing: 10 %, sliding window:
    # 90 %, resampling to the input grid: before 100 % done).
    master, slave = pty.openpty()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave, close_fds=True)
    os.close(slave)
    first, last, buf = {}, {}, b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            break
        now = time.perf_counter() - t0
        buf += chunk
        *parts, buf = re.split(rb"[\r\n]", buf)
        for part in parts:
            m = re.search(rb"\]\s+(\d+)% (.*\S)", part)
            if m:
                stage = m.group(2).decode()
                first.setdefault(stage, now)
                last[stage] = now
    os.close(master)
    rc = p.wait()
    wall = time.perf_counter() - t0
    if rc != 0:
        sys.exit(f"{' '.join(cmd)} failed ({rc})")
    prov = json.load(open(os.path.join(out_dir, "labels.provenance.json")))
    lab, spacing, geometry = read_nifti(labels)
    stages = None
    if all(k in last for k in ("preprocessing", "sliding window", "done")):
        stages = {"start_read_and_preprocess": last["preprocessing"],
                  "sliding_window": last["sliding window"] - last["preprocessing"],
                  "export": first["done"] - last["sliding window"],
                  "write_and_exit": wall - first["done"]}
    return lab.astype(np.uint8), np.load(probs), geometry, {"wall_s": wall, "command": cmd, "stages_s": stages,
                                                          "segment_s": prov.get("run", {}).get("seconds"),
                                                          "log": prov.get("log", prov.get("engine_log"))}


def softmax(x):
    x = x.astype(np.float32)
    e = np.exp(x - x.max(0, keepdims=True))
    return e / e.sum(0, keepdims=True)


def compare_labels(a, b, classes):
    same = float((a == b).mean())
    dice = {}
    for c in classes:
        x, y = a == c, b == c
        s = int(x.sum()) + int(y.sum())
        dice[str(c)] = 1.0 if s == 0 else 2.0 * int((x & y).sum()) / s
    conf = {}
    diff = a != b
    pairs, counts = np.unique(np.stack([a[diff], b[diff]]).reshape(2, -1), axis=1, return_counts=True) \
        if diff.any() else (np.zeros((2, 0), int), np.zeros(0, int))
    for (u, v), n in zip(pairs.T.tolist(), counts.tolist()):
        conf[f"nnunet {u} / hccws {v}"] = n
    return {"identical_pct": 100.0 * same, "differing_voxels": int(diff.sum()), "voxels": int(a.size),
            "dice": dice, "differences": conf}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nnunet", required=True, help="MIC-DKFZ/nnUNet source tree (folder holding nnunetv2/)")
    ap.add_argument("--dna", required=True, help="MIC-DKFZ/dynamic-network-architectures source tree")
    ap.add_argument("--acvl", required=True, help="MIC-DKFZ/acvl_utils source tree")
    ap.add_argument("--batchgenerators", required=True, help="MIC-DKFZ/batchgenerators source tree")
    ap.add_argument("--hccws", required=True, help="the hccws binary")
    ap.add_argument("--fold", action="append", required=True, metavar="N=BUNDLE",
                    help="an hccws bundle holding one fold's weights, used as fold N (repeat; same plans)")
    ap.add_argument("--case", action="append", nargs="+", required=True, metavar="NAME FILE",
                    help="a case: its name, then one image file per channel in channel order")
    ap.add_argument("--truth", action="append", default=[], metavar="NAME=FILE", help="reference labels of a case")
    ap.add_argument("--work", required=True, help="scratch folder (results folder, outputs, arrays)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--modes", nargs="+", default=["exact", "fast"], choices=["exact", "fast"])
    ap.add_argument("--runs", nargs="+", default=list(RUNS), choices=list(RUNS))
    a = ap.parse_args()
    os.environ.setdefault("nnUNet_def_n_proc", str(a.threads))  # upstream's torch thread count in export
    for v in ("nnUNet_raw", "nnUNet_preprocessed", "nnUNet_results"):
        os.environ.setdefault(v, os.path.join(os.path.abspath(a.work), v))

    import torch
    import scipy
    import skimage
    torch.set_num_threads(a.threads)
    pfrd, nnUNetTrainer = install_upstream(a)
    folds = sorted((int(f.split("=", 1)[0]), f.split("=", 1)[1]) for f in a.fold)
    results, manifest, sources = write_results_folder(folds, os.path.join(a.work, "nnUNet_results_agreement"),
                                                      nnUNetTrainer)
    phases = [c["phase"] for c in sorted(manifest["channels"], key=lambda c: c["index"])]
    bundle = convert_back(results, os.path.join(a.work, "bundle_converted"), phases, sources)
    truths = dict(t.split("=", 1) for t in a.truth)
    labels_classes = sorted(int(k) for k in manifest["labels"] if int(k) > 0)

    record = {
        "upstream": {"nnunet": git_head(a.nnunet), "dynamic_network_architectures": git_head(a.dna),
                     "acvl_utils": git_head(a.acvl), "batchgenerators": git_head(a.batchgenerators)},
        "python": sys.version.split()[0], "torch": torch.__version__, "numpy": np.__version__,
        "scipy": scipy.__version__, "skimage": skimage.__version__, "threads": a.threads,
        "stubbed_modules": sorted(set(STUB_LOG)),
        "model": {"folds": {str(k): {kk: vv for kk, vv in v.items() if kk != "tensors"} for k, v in sources.items()},
                  "results_folder": os.path.abspath(results), "converted_bundle": os.path.abspath(bundle),
                  "patch_size_zyx": manifest["patch_size_zyx"], "spacing_zyx": manifest["target_spacing_zyx_mm"],
                  "phases": phases},
        "cases": {},
    }
    for case in a.case:
        name, files = case[0], case[1:]
        if len(files) != len(phases):
            sys.exit(f"case {name}: {len(files)} file(s) for {len(phases)} channels ({', '.join(phases)})")
        arrays, spacing, geom = zip(*(read_nifti(f) for f in files))
        if any(s != spacing[0] for s in spacing) or any(x.shape != arrays[0].shape for x in arrays):
            sys.exit(f"case {name}: the channels are not on one grid")
        image = np.stack(arrays)
        truth = read_nifti(truths[name])[0].astype(np.uint8) if name in truths else None
        crec = {"files": [os.path.abspath(f) for f in files], "shape_zyx": list(image.shape[1:]),
                "spacing_zyx": spacing[0], "runs": {}}
        print(f"case {name}: {image.shape[1:]} at {spacing[0]} mm (zyx)", flush=True)
        for run in a.runs:
            run_folds, mirroring = RUNS[run]
            if any(f not in dict(folds) for f in run_folds):
                continue
            wd = os.path.join(a.work, "out", name, run)
            load_before = os.getloadavg()[0]
            seg_n, keep, tn = run_nnunet(pfrd, results, run_folds, mirroring, image, spacing[0], a.threads,
                                         os.path.join(wd, "nnunet"))
            # nnU-Net's probabilities on the whole grid (background outside the crop box), as --save_probabilities
            box = tuple(slice(b0, b1) for b0, b1 in tn["bbox_zyx"])
            prob_n = np.zeros((keep["resampled_logits"].shape[0], *image.shape[1:]), np.float32)
            prob_n[0] = 1
            prob_n[(slice(None), *box)] = softmax(keep["resampled_logits"])
            tn["load_average_before"] = load_before
            rrec = {"nnunet": tn, "nnunet_label_counts": np.bincount(seg_n.ravel(), minlength=3).tolist()}
            if truth is not None:
                rrec["nnunet_vs_truth_dice"] = compare_labels(seg_n, truth, labels_classes)["dice"]
            st = ", ".join(f"{k} {v:.1f}" for k, v in tn["stages_s"].items())
            print(f"  {run}: nnU-Net {tn['predict_s']:.1f} s ({st}), labels {rrec['nnunet_label_counts']}", flush=True)
            for mode in a.modes:
                load_h = os.getloadavg()[0]
                seg_h, prob_h, geom_h, th = run_hccws(a.hccws, bundle, phases, files, run_folds, mirroring,
                                                      mode == "fast", a.threads, os.path.join(wd, "hccws_" + mode))
                geometry_same = (seg_h.shape == seg_n.shape == image.shape[1:]) and geometry_equal(geom_h, geom[0])
                cmp = compare_labels(seg_n, seg_h, labels_classes)
                # hccws probabilities vs softmax of nnU-Net's resampled logits (float32)
                props_box = prob_h.shape[1:] == prob_n.shape[1:]
                th["load_average_before"] = load_h
                codes = {k: [geom[0][k], geom_h[k]] for k in ("qform_code", "sform_code")}
                m = {"label_agreement": cmp, "geometry_identical": bool(geometry_same),
                     "nifti_xform_codes_input_vs_hccws": codes, "hccws": th,
                     "max_abs_probability_difference": float(np.abs(prob_h - prob_n).max()) if props_box else None,
                     "mean_abs_probability_difference": float(np.abs(prob_h - prob_n).mean()) if props_box else None}
                if truth is not None:
                    m["hccws_vs_truth_dice"] = compare_labels(seg_h, truth, labels_classes)["dice"]
                rrec[mode] = m
                print(f"    {mode}: {cmp['identical_pct']:.4f} % identical ({cmp['differing_voxels']} voxels), dice "
                      f"{cmp['dice']}, geometry {'identical' if geometry_same else 'DIFFERS'}, hccws "
                      f"{th['wall_s']:.1f} s wall ({th['segment_s']} s segment), max |dp| "
                      f"{m['max_abs_probability_difference']}", flush=True)
                if th["stages_s"]:
                    print("      hccws stages: " + ", ".join(f"{k} {v:.1f}" for k, v in th["stages_s"].items()))
            crec["runs"][run] = rrec
        record["cases"][name] = crec
    out = os.path.join(a.work, "agreement.json")
    with open(out, "w") as f:
        json.dump(record, f, indent=1, default=str)
    print(f"written {out}")


if __name__ == "__main__":
    main()
