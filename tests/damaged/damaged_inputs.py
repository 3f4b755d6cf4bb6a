#!/usr/bin/python3
"""Damaged-input test (docs/reliability.md): damaged variants of every file in ../shared/data, run through
the workstation's command line; no run may end by a signal, take longer than 10 s or need more than 4 GB.

Variants (deterministic: fixed seeds), written under OUT/inputs:
  - byte flips: 1, 8 and 64 random bytes (seeds 1-3), and 1 flipped byte in the first 2 KB (the header)
  - truncation at 10 points: 0, 1, 64, 132 bytes, the end of the header, 10/25/50/75/99.9 % of the file
  - header fields set to 0, -1, NaN, huge (and other hostile values) where the format lets us find them:
    NIfTI dim/pixdim/vox_offset/sform/datatype/scl_slope, DICOM pixel data length (0.8/2/3.9 GB) and another element's (4 GB), Rows/Columns/BitsAllocated/
    SamplesPerPixel/PixelSpacing/ImagePositionPatient/ImageOrientationPatient/RescaleSlope/NumberOfFrames/
    PhotometricInterpretation (also inside a SEG's per-frame sequences), NRRD sizes/dimension/type/
    encoding/space directions, CSV cells, model bundle manifest/plans/weights fields
  - every other slice of a DICOM series gets one byte-flip variant (so every file of the data is damaged)
  - special files: a FIFO nobody writes to, /dev/zero under image names, an empty folder, a symlink loop
Runs (under `timeout`, each in its own process group, address space limited to --as-limit-mb):
  - hccws inspect on every variant (a DICOM slice in a folder with two intact slices of its series)
  - hccws measure on label files (NRRD, NIfTI masks, the DICOM SEG)
  - DICOM SEG import onto a reference grid (hccws_fuzz_replay dicom_seg, the fuzz harness) for SEG variants
  - hccws survival km on the CSV tables
  - hccws segment with the demo model (resources/models/demo_liver_tumour) on a subset of damaged CTs and
    on damaged copies of the bundle itself
A run fails when it ends by a signal, runs over --timeout-s, reports an allocation failure (bad_alloc /
"out of memory": it needed more than the limit), or its peak RSS is over --rss-limit-mb. Exit codes of
refusals (1, 2, 4, ...) are fine. Report: OUT/report.tsv (every run) and the failures on stdout.

    damaged_inputs.py --hccws build/app/hccws --replay build/tests/fuzz/hccws_fuzz_replay \
                      --data ../shared/data --out build/damaged [--jobs 2] [--only SUBSTRING]
Exit: 0 all passed, 1 failures, 77 shared data or a tool missing (a failure with CI=true).
"""
import argparse
import concurrent.futures
import gzip
import json
import os
import random
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODEL = os.path.join(ROOT, "resources", "models", "demo_liver_tumour")


def skip(why):
    if os.environ.get("CI") == "true":
        print("FAIL: cannot run in CI (CI=true): " + why)
        sys.exit(1)
    print("SKIPPED: " + why)
    sys.exit(77)


# ---------------------------------------------------------------------------------------------------------
# Damage

def flips(data, count, seed, limit=None):
    rng = random.Random(seed)
    b = bytearray(data)
    if not b:
        return bytes(b)
    end = min(len(b), limit) if limit else len(b)
    for _ in range(count):
        p = rng.randrange(end)
        b[p] ^= 1 << rng.randrange(8) if count > 1 else 0xFF
    return bytes(b)


def truncations(size, header_end):
    pts = [0, 1, 64, 132, header_end, size // 10, size // 4, size // 2, 3 * size // 4, size - max(1, size // 1000)]
    out = []
    for p in pts:
        p = max(0, min(size - 1, p))
        if p not in out:
            out.append(p)
    return out


HOSTILE_DS = [b"0", b"-1", b"NaN", b"inf", b"1e300", b"-1e300"]


def edit_tag(buf, tag, value, implicit):
    """Sets every occurrence of a DICOM element (top level or inside sequences) to `value` where it fits
    in the existing length (padded with spaces, or NULs for binary). Returns the new bytes and how many
    occurrences were edited."""
    group, elem = tag
    key = struct.pack("<HH", group, elem)
    b = bytearray(buf)
    n = 0
    pixel = b.rfind(b"\xe0\x7f\x10\x00")
    end = pixel if pixel > 0 else len(b)  # elements before the pixel data only
    pos = b.find(key, 132, end)
    while pos >= 0:
        if implicit:
            (length,) = struct.unpack_from("<I", b, pos + 4)
            start = pos + 8
        else:
            vr = bytes(b[pos + 4:pos + 6])
            if not re.match(rb"[A-Z]{2}", vr) or vr in (b"OB", b"OW", b"SQ", b"UN", b"UT"):
                pos = b.find(key, pos + 1, end)
                continue
            (length,) = struct.unpack_from("<H", b, pos + 6)
            start = pos + 8
        if 0 < length <= 256 and start + length <= len(b) and len(value) <= length:
            pad = b"\0" if _binary(tag) else b" "
            b[start:start + length] = value + pad * (length - len(value))
            n += 1
        pos = b.find(key, pos + 1, end)
    return bytes(b), n


BINARY_TAGS = {(0x0028, 0x0010), (0x0028, 0x0011), (0x0028, 0x0100), (0x0028, 0x0101), (0x0028, 0x0102),
               (0x0028, 0x0103), (0x0028, 0x0002), (0x0028, 0x0006), (0x0062, 0x0004), (0x0062, 0x000B)}


def _binary(tag):
    return tag in BINARY_TAGS


def dicom_field_variants(data):
    """(name, bytes) variants of a DICOM file with header fields set to hostile values."""
    implicit = b"1.2.840.10008.1.2\0" in data[:1024] or data[:1024].find(b"1.2.840.10008.1.2 ") >= 0
    us = lambda v: struct.pack("<H", v)
    edits = [
        ("rows-256", (0x0028, 0x0010), us(256)),  # with intact neighbours: mixed sizes in one series
        ("rows-0", (0x0028, 0x0010), us(0)), ("rows-65535", (0x0028, 0x0010), us(65535)),
        ("columns-0", (0x0028, 0x0011), us(0)), ("columns-65535", (0x0028, 0x0011), us(65535)),
        ("bitsallocated-0", (0x0028, 0x0100), us(0)), ("bitsallocated-1", (0x0028, 0x0100), us(1)),
        ("bitsallocated-12", (0x0028, 0x0100), us(12)), ("bitsallocated-65535", (0x0028, 0x0100), us(65535)),
        ("bitsstored-0", (0x0028, 0x0101), us(0)), ("highbit-40", (0x0028, 0x0102), us(40)),
        ("samplesperpixel-0", (0x0028, 0x0002), us(0)), ("samplesperpixel-3", (0x0028, 0x0002), us(3)),
        ("photometric-palette", (0x0028, 0x0004), b"PALETTE COLOR"),
        ("numberofframes-0", (0x0028, 0x0008), b"0"), ("numberofframes-99", (0x0028, 0x0008), b"99"),
        ("orientation-0", (0x0020, 0x0037), b"0\\0\\0\\0\\0\\0"),
        ("orientation-nan", (0x0020, 0x0037), b"NaN\\0\\0\\0\\NaN\\0"),
        ("rescaleslope-0", (0x0028, 0x1053), b"0"), ("rescaleslope-nan", (0x0028, 0x1053), b"NaN"),
        ("rescaleintercept-huge", (0x0028, 0x1052), b"1e300"),
        ("slicethickness-nan", (0x0018, 0x0050), b"NaN"),
        ("segmentnumber-0", (0x0062, 0x0004), us(0)), ("segmentnumber-65535", (0x0062, 0x0004), us(65535)),
    ]
    for v in HOSTILE_DS:
        tag = v.decode().replace("-", "minus").replace("+", "")
        edits.append(("pixelspacing-" + tag, (0x0028, 0x0030), v + b"\\" + v))
        edits.append(("position-" + tag, (0x0020, 0x0032), b"0\\0\\" + v))
    out = []
    for name, tag, value in edits:
        edited, n = edit_tag(data, tag, value, implicit)
        if n:
            out.append((name, edited))
    # An element before the pixel data claiming 4 GB: implicit VR, SeriesDescription's length; explicit VR,
    # the first OB/UN/UT/SQ element with a defined length.
    end = data.rfind(b"\xe0\x7f\x10\x00")
    end = end if end > 0 else len(data)
    at = -1
    if implicit:
        pos = data.find(struct.pack("<HH", 0x0008, 0x103E), 132, end)
        if pos > 0 and struct.unpack_from("<I", data, pos + 4)[0] < 256:
            at = pos + 4
    else:
        for m in re.finditer(rb"(OB|UN|UT|SQ)\0\0", data[:end]):
            p = m.start()
            if p >= 136 and struct.unpack_from("<H", data, p - 4)[0] != 0x0002 and \
                    struct.unpack_from("<I", data, p + 4)[0] != 0xFFFFFFFF:
                at = p + 4
                break
    if at > 0:
        b = bytearray(data)
        struct.pack_into("<I", b, at, 0xFFFF0000)
        out.append(("element-length-4gb", bytes(b)))
    # Element lengths: the pixel data (4-byte length) claiming 0.8, 2 and 3.9 GB in a file of a few hundred KB.
    pix = data.rfind(b"\xe0\x7f\x10\x00")
    if pix > 0:
        at = pix + (4 if implicit else 8)  # implicit: tag, length; explicit OB/OW: tag, VR, 2 reserved, length
        for tag, length in (("800mb", 0x31400000), ("2gb", 0x80000000), ("3900mb", 0xF3C00000)):
            b = bytearray(data)
            if at + 4 <= len(b) and struct.unpack_from("<I", b, at)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", b, at, length)
                out.append(("pixeldata-length-" + tag, bytes(b)))
    return out


def nifti_field_variants(raw):
    """raw: the decompressed .nii. (name, bytes) with header fields edited."""
    nan, inf = float("nan"), float("inf")
    out = []

    def put(name, fmt, off, *vals):
        b = bytearray(raw)
        struct.pack_into(fmt, b, off, *vals)
        out.append((name, bytes(b)))

    for v in (0, -1, 32767):
        put("dim1-%d" % v, "<h", 42, v)
        put("dim3-%d" % v, "<h", 46, v)
    put("dim0-0", "<h", 40, 0)
    put("dim0-8", "<h", 40, 8)
    put("dim4-7", "<h", 48, 7)
    for v, tag in ((0.0, "0"), (-1.0, "minus1"), (nan, "nan"), (inf, "inf"), (1e30, "huge")):
        put("pixdim1-" + tag, "<f", 80, v)
        put("pixdim3-" + tag, "<f", 88, v)
        put("srow-" + tag, "<4f", 280, v, v, v, v)
    for v, tag in ((0.0, "0"), (-1.0, "minus1"), (nan, "nan"), (1e9, "past-end"), (349.0, "inside-header")):
        put("voxoffset-" + tag, "<f", 108, v)
    put("datatype-0", "<hh", 70, 0, 0)
    put("datatype-rgb", "<hh", 70, 128, 24)
    put("datatype-complex", "<hh", 70, 32, 64)
    put("bitpix-wrong", "<h", 72, 8)
    put("sclslope-nan", "<ff", 112, nan, 0.0)
    put("sclslope-huge", "<ff", 112, 1e30, 0.0)
    put("qform-nan", "<hh", 252, 1, 0)
    b = bytearray(raw)
    struct.pack_into("<hh", b, 252, 1, 0)
    struct.pack_into("<3f", b, 256, nan, nan, nan)
    out.append(("quatern-nan-qform-only", bytes(b)))
    put("sizeofhdr-0", "<i", 0, 0)
    put("magic-bad", "<4s", 344, b"xx1\0")
    return out


def nrrd_field_variants(data):
    end = data.find(b"\n\n")
    if end < 0:
        return []
    head, body = data[:end].decode("latin-1").split("\n"), data[end:]
    edits = {
        "sizes-0": ("sizes:", "sizes: 0 512 3"), "sizes-minus1": ("sizes:", "sizes: -1 512 3"),
        "sizes-huge": ("sizes:", "sizes: 100000 100000 100000"), "sizes-nan": ("sizes:", "sizes: nan 512 3"),
        "dimension-0": ("dimension:", "dimension: 0"), "dimension-17": ("dimension:", "dimension: 17"),
        "type-block": ("type:", "type: block"), "type-double": ("type:", "type: double"),
        "encoding-raw": ("encoding:", "encoding: raw"), "encoding-bzip2": ("encoding:", "encoding: bzip2"),
        "directions-nan": ("space directions:", "space directions: (nan,0,0) (0,nan,0) (0,0,nan)"),
        "directions-0": ("space directions:", "space directions: (0,0,0) (0,0,0) (0,0,0)"),
        "origin-huge": ("space origin:", "space origin: (1e300,-1e300,1e300)"),
        "datafile-devzero": ("encoding:", "encoding: raw\ndata file: /dev/zero"),
    }
    out = []
    for name, (prefix, line) in edits.items():
        lines = [line if l.startswith(prefix) else l for l in head]
        if lines != head:
            out.append((name, ("\n".join(lines)).encode("latin-1") + body))
    return out


def csv_field_variants(data):
    text = data.decode("utf-8", "replace").split("\n")
    out = []
    if len(text) > 2:
        for tag, v in (("nan", "NaN"), ("minus1", "-1"), ("huge", "1e308"), ("inf", "inf"), ("quote", '"')):
            row = text[1].split(",")
            row = [v] * len(row)
            lines = [text[0], ",".join(row)] + text[2:]
            out.append(("row1-" + tag, "\n".join(lines).encode()))
        out.append(("ragged", ("\n".join([text[0], text[1] + ",extra"] + text[2:])).encode()))
        out.append(("header-only", (text[0] + "\n").encode()))
    return out


# ---------------------------------------------------------------------------------------------------------
# Plan

class Plan:
    def __init__(self, out, hccws, replay):
        self.out, self.hccws, self.replay = out, hccws, replay
        self.runs = []  # (id, description, argv)

    def write(self, rel, data):
        path = os.path.join(self.out, "inputs", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def add(self, rid, what, argv):
        self.runs.append((rid, what, argv))


def kind_of(path):
    name = os.path.basename(path).lower()
    if name.endswith(".nii.gz") or name.endswith(".nii"):
        return "nifti"
    if name.endswith(".nrrd"):
        return "nrrd"
    if name.endswith(".csv"):
        return "csv"
    with open(path, "rb") as f:
        head = f.read(132)
    if head[128:132] == b"DICM":
        return "dicom"
    return "other"


def is_label_nifti(name):
    return any(k in name for k in ("liver", "seg"))


def build_plan(args):
    plan = Plan(args.out, args.hccws, args.replay)
    data_root = args.data
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(data_root) for f in fs)
    # DICOM series folders: the first file gets every variant, the others one byte flip each.
    by_dir = {}
    for f in files:
        if kind_of(f) == "dicom":
            by_dir.setdefault(os.path.dirname(f), []).append(f)
    h = args.hccws
    segment_budget = [args.segment_runs]

    def inspect(rid, what, target):
        plan.add(rid + ":inspect", what, [h, "-q", "inspect", target])

    for f in files:
        rel = os.path.relpath(f, data_root)
        kind = kind_of(f)
        data = open(f, "rb").read()
        base = rel.replace(os.sep, "__")
        variants = []  # (name, bytes)
        if kind == "dicom" and len(by_dir[os.path.dirname(f)]) > 1 and f != by_dir[os.path.dirname(f)][0]:
            seed = 1000 + zlib.crc32(rel.encode()) % 1000  # fixed per file
            variants = [("flip8-seed%d" % seed, flips(data, 8, seed))]
        else:
            for n, seed in ((1, 1), (8, 2), (64, 3)):
                variants.append(("flip%d-seed%d" % (n, seed), flips(data, n, seed)))
            variants.append(("flip1-header-seed4", flips(data, 1, 4, limit=2048)))
            header_end = {"nifti": 348, "dicom": 1024}.get(kind, 64)
            raw = None
            if kind == "nifti" and f.endswith(".gz"):
                raw = gzip.decompress(data)
            if kind == "dicom":
                pix = data.rfind(b"\xe0\x7f\x10\x00")
                header_end = pix if pix > 0 else 1024
            for p in truncations(len(data), header_end):
                variants.append(("trunc-%d" % p, data[:p]))
            if kind == "dicom":
                variants += [("field-" + n, v) for n, v in dicom_field_variants(data)]
            elif kind == "nifti":
                src = raw if raw is not None else data
                for n, v in nifti_field_variants(src):
                    variants.append(("field-" + n, gzip.compress(v, 1) if raw is not None else v))
                if raw is not None:  # truncated inside the decompressed voxel data, gzip intact
                    variants.append(("gz-of-truncated-voxels", gzip.compress(raw[:len(raw) // 2], 1)))
            elif kind == "nrrd":
                variants += [("field-" + n, v) for n, v in nrrd_field_variants(data)]
            elif kind == "csv":
                variants += [("field-" + n, v) for n, v in csv_field_variants(data)]
        for vname, vdata in variants:
            rid = base + ":" + vname
            name = os.path.basename(f)
            if kind == "dicom":
                # the damaged slice in a folder with two intact slices of its series
                folder = os.path.join(plan.out, "inputs", base + "." + vname)
                os.makedirs(folder, exist_ok=True)
                plan.write(os.path.join(base + "." + vname, "damaged.dcm"), vdata)
                others = [o for o in by_dir[os.path.dirname(f)] if o != f][:2]
                for o in others:
                    dst = os.path.join(folder, os.path.basename(o))
                    if not os.path.exists(dst):
                        os.symlink(o, dst)
                is_seg = name == "liver.dcm"
                if is_seg:
                    path = os.path.join(folder, "damaged.dcm")
                    plan.add(rid + ":measure", rel + " " + vname, [h, "-q", "measure", path])
                    plan.add(rid + ":seg-import", rel + " " + vname, [plan.replay, "dicom_seg", path])
                    inspect(rid, rel + " " + vname, path)
                else:
                    inspect(rid, rel + " " + vname, folder)
                continue
            ext = ".nii.gz" if name.endswith(".nii.gz") else os.path.splitext(name)[1]
            path = plan.write(base + "." + vname + ext, vdata)
            what = rel + " " + vname
            inspect(rid, what, path)
            if kind == "nrrd" or (kind == "nifti" and is_label_nifti(name)):
                plan.add(rid + ":measure", what, [h, "-q", "measure", path])
            if kind == "csv":
                cols = {"HCC-TACE-Seg_clinical_data-V2.csv": ("OS", "Death_1_StillAliveorLostToFU_0", "Sex"),
                        "SurvivalPath_DTSDHCC_timeseries.csv": ("OStime_day", "Status_of_death", "Embolization")}
                t, e, g = cols.get(name, ("time", "status", "group"))
                plan.add(rid + ":survival-km", what, [h, "-q", "survival", "km", "--csv", path, "--time", t, "--event", e,
                                                      "--group", g, "--json", os.devnull])
            if kind == "nifti" and name == "example_ct_sm.nii.gz" and segment_budget[0] > 0 and \
                    (vname.startswith("field-") or vname.startswith("trunc-") or vname.startswith("gz-")) and \
                    hash_pick(vname, args.segment_runs):
                segment_budget[0] -= 1
                seg_out = os.path.join(plan.out, "outputs", base + "." + vname + ".nii.gz")
                plan.add(rid + ":segment", what, segment_argv(h, MODEL, path, seg_out, verify=False))
    add_bundle_variants(plan, args)
    add_special_files(plan)
    return plan


def add_special_files(plan):
    """Files that are not regular files: a FIFO nobody writes to, /dev/zero under image names, an empty
    folder, a folder whose only file is a symlink loop."""
    d = os.path.join(plan.out, "inputs", "special")
    os.makedirs(d, exist_ok=True)
    fifo = os.path.join(d, "fifo.nii")
    os.mkfifo(fifo)
    for name in ("zero.nii", "zero.nrrd", "zero.dcm"):
        os.symlink("/dev/zero", os.path.join(d, name))
    os.makedirs(os.path.join(d, "empty-folder"))
    loop = os.path.join(d, "loop-folder")
    os.makedirs(loop)
    os.symlink("loop.dcm", os.path.join(loop, "loop.dcm"))
    os.symlink(".", os.path.join(loop, "self"))
    h = plan.hccws
    for target in (fifo, "/dev/zero", os.path.join(d, "zero.nii"), os.path.join(d, "zero.nrrd"),
                   os.path.join(d, "zero.dcm"), os.path.join(d, "empty-folder"), loop):
        name = os.path.basename(target)
        plan.add("special:%s:inspect" % name, "special " + target, [h, "-q", "inspect", target])
    for target in (fifo, os.path.join(d, "zero.nii"), os.path.join(d, "zero.dcm")):
        name = os.path.basename(target)
        plan.add("special:%s:measure" % name, "special " + target, [h, "-q", "measure", target])


def hash_pick(name, n):
    # A fixed subset: the variants the issue names first, then every third one.
    wanted = ("field-voxoffset-past-end", "field-srow-nan", "field-dim3-32767", "field-pixdim3-0", "trunc-",
              "gz-of-truncated-voxels", "field-datatype-rgb", "field-sclslope-nan")
    return any(name.startswith(w) for w in wanted)


def segment_argv(h, model, image, out, verify=True):
    argv = [h, "-q", "segment", "--model", model, "--phase", "arterial=" + image, "--phase", "portal_venous=" + image,
            "--out", out, "--no-mirroring", "--device", "cpu", "--threads", "1"]
    if not verify:
        argv.append("--no-verify")
    return argv


def add_bundle_variants(plan, args):
    """Damaged copies of the demo model bundle, run by `segment` on the intact small CT crop."""
    src_ct = os.path.join(args.data, "totalseg_example", "example_ct_sm.nii.gz")
    if not os.path.isdir(MODEL) or not os.path.exists(src_ct):
        return
    manifest = json.load(open(os.path.join(MODEL, "manifest.json")))
    plans = json.load(open(os.path.join(MODEL, "plans.json")))
    weights = open(os.path.join(MODEL, "fold_0.safetensors"), "rb").read()

    def bundle(name, m=None, p=None, w=None):
        d = os.path.join(plan.out, "inputs", "bundle." + name)
        if os.path.exists(d):
            shutil.rmtree(d)
        os.makedirs(d)
        for f in ("dataset.json",):
            shutil.copy(os.path.join(MODEL, f), d)
        with open(os.path.join(d, "manifest.json"), "w") as f:
            json.dump(m if m is not None else manifest, f)
        with open(os.path.join(d, "plans.json"), "w") as f:
            json.dump(p if p is not None else plans, f)
        with open(os.path.join(d, "fold_0.safetensors"), "wb") as f:
            f.write(w if w is not None else weights)
        out = os.path.join(plan.out, "outputs", "bundle." + name + ".nii.gz")
        plan.add("bundle:" + name + ":segment", "demo bundle " + name, segment_argv(plan.hccws, d, src_ct, out, verify=False))

    def edited(obj, fn):
        o = json.loads(json.dumps(obj))
        fn(o)
        return o

    bundle("channel-index-5", m=edited(manifest, lambda m: m["channels"][0].__setitem__("index", 5)))
    bundle("channel-index-minus1", m=edited(manifest, lambda m: m["channels"][1].__setitem__("index", -1)))
    bundle("weights-devzero", m=edited(manifest, lambda m: m["weights"][0].__setitem__("file", "/dev/zero")))
    plan.runs[-1] = (plan.runs[-1][0], plan.runs[-1][1], [a for a in plan.runs[-1][2] if a != "--no-verify"])
    bundle("plans-devzero", m=edited(manifest, lambda m: m["nnunet"].__setitem__("plans", "/dev/zero")))
    bundle("patch-0", m=edited(manifest, lambda m: m.__setitem__("patch_size_zyx", [0, 0, 0])))
    bundle("spacing-nan", m=edited(manifest, lambda m: m.__setitem__("target_spacing_zyx_mm", [float("nan")] * 3)))

    def arch(p, key, value):
        cfg = p["configurations"]["3d_fullres"]
        a = cfg.get("architecture", {}).get("arch_kwargs", cfg)
        a[key] = value
    bundle("plans-n-conv-100000", p=edited(plans, lambda p: arch(p, "n_conv_per_stage", [100000] * 6)))
    bundle("plans-features-huge", p=edited(plans, lambda p: arch(p, "features_per_stage", [2 ** 30] * 6)))
    bundle("plans-patch-huge", p=edited(plans, lambda p: p["configurations"]["3d_fullres"].__setitem__("patch_size", [4096, 4096, 4096])))
    # a tensor claiming 10^12 elements (header edited, data unchanged)
    (n,) = struct.unpack_from("<Q", weights, 0)
    head = json.loads(weights[8:8 + n])
    first = sorted(k for k in head if k != "__metadata__")[0]
    head[first]["shape"] = [1000000, 1000000]
    text = json.dumps(head).encode()
    bundle("tensor-1e12-elements", w=struct.pack("<Q", len(text)) + text + weights[8 + n:])
    bundle("weights-truncated", w=weights[:len(weights) // 3])
    bundle("weights-flip64", w=flips(weights, 64, 5))


# ---------------------------------------------------------------------------------------------------------
# Run

def limit_child(as_bytes):
    def fn():
        os.setsid()
        if as_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (as_bytes, as_bytes))
    return fn


# What a process that needed more memory than the limit prints (a refusal that names a budget is fine).
contained_reports = []  # runs whose sanitizer report came from an isolated child (sanitizer builds)
ALLOC_FAIL = re.compile(r"bad_alloc|out of memory|Cannot allocate memory|std::length_error|vector::_M_|"
                        r"cannot create std::vector|allocator<")


SANITIZER_EXIT = 86  # exit code of a process that a sanitizer report ends (set for every run below)


def sanitizer_env():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for key in ("ASAN_OPTIONS", "UBSAN_OPTIONS"):
        env[key] = (env.get(key, "") + ":exitcode=%d" % SANITIZER_EXIT).lstrip(":")
    return env


def run_one(run, args):
    rid, what, argv = run
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=limit_child(args.as_limit_mb << 20 if args.as_limit_mb else 0),
                            env=sanitizer_env())
    timed_out = False
    try:
        _, err = proc.communicate(timeout=args.timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        _, err = proc.communicate()
    elapsed = time.monotonic() - start
    # Peak RSS: the wrapper (exec_with_rss) appends the child's from wait4.
    rc = proc.returncode
    err = err.decode("utf-8", "replace")
    problems = []
    if timed_out:
        problems.append("timeout (> %g s)" % args.timeout_s)
    elif rc < 0:
        problems.append("signal %s" % signal.Signals(-rc).name)
    elif 128 < rc < 160:
        problems.append("exit %d (signal %d in a child)" % (rc, rc - 128))
    m = re.search(r"hccws-rss-kb=(\d+)", err)
    rss_mb = int(m.group(1)) // 1024 if m else -1
    if rss_mb > args.rss_limit_mb:
        problems.append("peak RSS %d MB" % rss_mb)
    if not timed_out and args.as_limit_mb and ALLOC_FAIL.search(err):
        problems.append("allocation failure under the %d MB limit" % args.as_limit_mb)
    if "runtime error:" in err or "AddressSanitizer" in err or "LeakSanitizer" in err:
        # Sanitizer builds: a report from a forked isolated parse (GDCM, openjpeg, CharLS in the child) is a
        # contained third-party crash when the command itself ended normally; anything else fails.
        contained = rc >= 0 and rc != SANITIZER_EXIT and not 128 < rc < 160
        problems.append("sanitizer report") if not contained else None
        if contained:
            contained_reports.append(rid)
    lines = [l for l in err.strip().splitlines() if l.strip() and not l.startswith("hccws-rss-kb=")]
    last = lines[-1][:200] if lines else ""
    return rid, what, argv, rc, elapsed, rss_mb, problems, last


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hccws", required=True)
    ap.add_argument("--replay", required=True, help="hccws_fuzz_replay (SEG import onto a grid)")
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("HCCWS_TEST_JOBS", "2")))
    ap.add_argument("--timeout-s", type=float, default=float(os.environ.get("HCCWS_DAMAGED_TIMEOUT_S", "10")))
    ap.add_argument("--as-limit-mb", type=int, default=int(os.environ.get("HCCWS_DAMAGED_AS_LIMIT_MB", "4096")),
                    help="address-space limit per run (0: none, e.g. under AddressSanitizer)")
    ap.add_argument("--rss-limit-mb", type=int, default=4096)
    ap.add_argument("--segment-runs", type=int, default=8)
    ap.add_argument("--only", default="", help="run only the runs whose id contains this")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    for tool in (args.hccws, args.replay):
        if not os.access(tool, os.X_OK):
            skip("tool not built: " + tool)
    if not os.path.isdir(args.data) or not os.listdir(args.data):
        skip("shared data not found: " + args.data)
    args.data = os.path.abspath(args.data)
    t0 = time.monotonic()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "outputs"))
    plan = build_plan(args)
    runs = [r for r in plan.runs if args.only in r[0]]
    gen_s = time.monotonic() - t0
    if args.list:
        for r in runs:
            print(r[0], " ".join(r[2]))
        return 0
    # every run through the wrapper that reports the peak RSS (exec_with_rss)
    wrapped = []
    for rid, what, argv in runs:
        wrapped.append((rid, what, [sys.executable, os.path.abspath(__file__), "--exec-with-rss", "--"] + argv))
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for r in pool.map(lambda run: run_one(run, args), wrapped):
            results.append(r)
    with open(os.path.join(args.out, "report.tsv"), "w") as rep:
        rep.write("id\tinput\texit\tseconds\tpeak_rss_mb\tproblems\tlast_stderr_line\n")
        for rid, what, argv, rc, el, rss, probs, last in results:
            rep.write("%s\t%s\t%d\t%.2f\t%d\t%s\t%s\n" % (rid, what, rc, el, rss, "; ".join(probs), last.replace("\t", " ")))
    failed = [r for r in results if r[6]]
    # Not a failure under the limits, but worth a look: the runs that needed the most memory.
    heavy = sorted((r for r in results if r[5] > 1024), key=lambda r: -r[5])[:8]
    if heavy:
        print("largest peak RSS (over 1 GB, under the limit):")
        for rid, what, argv, rc, el, rss, probs, last in heavy:
            print("  %5d MB  %.1f s  %s" % (rss, el, rid))
    by_cmd = {}
    for r in results:
        cmd = r[0].rsplit(":", 1)[1]
        by_cmd.setdefault(cmd, [0, 0])
        by_cmd[cmd][0] += 1
        by_cmd[cmd][1] += bool(r[6])
    print("damaged inputs: %d runs (%s), generated in %.0f s, ran in %.0f s with %d jobs; slowest %.1f s, "
          "largest peak RSS %d MB" % (len(results), ", ".join("%s %d" % (k, v[0]) for k, v in sorted(by_cmd.items())),
                                      gen_s, time.monotonic() - t0 - gen_s, args.jobs,
                                      max((r[4] for r in results), default=0), max((r[5] for r in results), default=0)))
    if contained_reports:
        print("sanitizer reports inside isolated parses (contained; the command ended normally): %d, e.g. %s"
              % (len(contained_reports), contained_reports[0]))
    if failed:
        print("FAILED: %d run(s) ended by a signal, ran over %g s or over the memory limit:" % (len(failed), args.timeout_s))
        for rid, what, argv, rc, el, rss, probs, last in failed:
            print("  %-70s %s | %s" % (rid, "; ".join(probs), last[:150]))
        print("report: " + os.path.join(args.out, "report.tsv"))
        return 1
    print("all passed; report: " + os.path.join(args.out, "report.tsv"))
    return 0


def exec_with_rss(argv):
    """Runs argv, passes its exit status on (signals as 128 + n), appends its peak RSS to stderr."""
    proc = subprocess.Popen(argv)
    while True:
        try:
            _, status, usage = os.wait4(proc.pid, 0)
            break
        except InterruptedError:
            continue
    sys.stderr.write("\nhccws-rss-kb=%d\n" % usage.ru_maxrss)
    sys.stderr.flush()
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    sys.exit(os.WEXITSTATUS(status))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--exec-with-rss":
        exec_with_rss(sys.argv[3:])
    sys.exit(main())
