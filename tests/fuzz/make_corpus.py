#!/usr/bin/python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ (small: the whole corpus stays under ~2 MB).

Sources: the real files of ../shared/data (cropped or truncated: DICOM slices cropped to a few dozen pixels
around the image centre with ImagePositionPatient moved to match, NIfTI volumes cropped around their centre,
CSV tables cut to their first rows), phantom cases written by `hccws phantom` at tiny sizes, a DICOM SEG
written by `hccws segment` with the demo model, compressed DICOM variants made with gdcmconv (JPEG 2000,
JPEG-LS, JPEG lossless, RLE) when it is installed, and hand-made files for formats without a small real
example (MetaImage, safetensors). Standard library only.

    tests/fuzz/make_corpus.py [--hccws build/app/hccws] [--data ../shared/data]

Rerunning replaces the generated seeds (file names start with the source they come from); files whose
names start with "keep-" are left alone.
"""
import argparse
import glob
import gzip
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEP = b"\n--hccws-next-file--\n"
FUZZ_WEIGHTS = b"hccws-fuzz-weights\n"  # the weights file of the bundle_manifest harness

# ----------------------------------------------------------------------------------------------------------
# DICOM Part 10, little endian (implicit or explicit VR): just enough to crop uncompressed slices.

LONG_VRS = {b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN", b"OD", b"OL", b"UC", b"UR", b"OV", b"SV", b"UV"}
UNDEFINED = 0xFFFFFFFF


class Element:
    def __init__(self, tag, vr, value, raw):
        self.tag, self.vr, self.value, self.raw = tag, vr, value, raw


def _skip_items(buf, pos, explicit):
    """Skips the items of an undefined-length sequence or encapsulated pixel data; returns the end."""
    while pos + 8 <= len(buf):
        group, elem, length = struct.unpack_from("<HHI", buf, pos)
        pos += 8
        if (group, elem) == (0xFFFE, 0xE0DD):
            return pos
        if (group, elem) != (0xFFFE, 0xE000):
            raise ValueError("unexpected tag in a sequence at %d" % pos)
        if length != UNDEFINED:
            pos += length
            continue
        while True:  # elements of an undefined-length item, up to the item delimiter
            group, elem = struct.unpack_from("<HH", buf, pos)
            if (group, elem) == (0xFFFE, 0xE00D):
                pos += 8
                break
            _, pos = _read_element(buf, pos, explicit)
    raise ValueError("sequence not closed")


def _read_element(buf, pos, explicit):
    start = pos
    group, elem = struct.unpack_from("<HH", buf, pos)
    pos += 4
    vr = None
    if explicit and group != 0xFFFE:
        vr = bytes(buf[pos:pos + 2])
        if vr in LONG_VRS:
            (length,) = struct.unpack_from("<I", buf, pos + 4)
            pos += 8
        else:
            (length,) = struct.unpack_from("<H", buf, pos + 2)
            pos += 4
    else:
        (length,) = struct.unpack_from("<I", buf, pos)
        pos += 4
    if length == UNDEFINED:
        end = _skip_items(buf, pos, explicit)
        value = None
    else:
        end = pos + length
        value = bytes(buf[pos:end])
    return Element((group, elem), vr, value, bytes(buf[start:end])), end


def read_dicom(path):
    buf = open(path, "rb").read()
    if buf[128:132] != b"DICM":
        raise ValueError(path + ": not DICOM Part 10")
    pos = 132
    meta = []
    while pos < len(buf):
        group = struct.unpack_from("<H", buf, pos)[0]
        if group != 0x0002:
            break
        e, pos = _read_element(buf, pos, True)
        meta.append(e)
    ts = next(e.value for e in meta if e.tag == (0x0002, 0x0010)).rstrip(b"\0 ").decode()
    explicit = ts != "1.2.840.10008.1.2"
    elements = []
    while pos < len(buf):
        e, pos = _read_element(buf, pos, explicit)
        elements.append(e)
    return buf[:132], meta, elements, explicit


def encode_element(tag, vr, value, explicit):
    if len(value) % 2:
        value += b" " if vr in (b"DS", b"IS", b"CS", b"LO", b"SH", b"PN", b"DA", b"TM", b"LT", b"ST") else b"\0"
    head = struct.pack("<HH", *tag)
    if explicit:
        if vr in LONG_VRS:
            return head + vr + b"\0\0" + struct.pack("<I", len(value)) + value
        return head + vr + struct.pack("<H", len(value)) + value
    return head + struct.pack("<I", len(value)) + value


def write_dicom(path, preamble, meta, elements):
    with open(path, "wb") as f:
        f.write(preamble)
        for e in meta:
            f.write(e.raw)
        for e in elements:
            f.write(e.raw)


def get(elements, tag):
    for e in elements:
        if e.tag == tag:
            return e
    return None


def us(e):
    return struct.unpack("<H", e.value[:2])[0]


def ds(e):
    return [float(x) for x in e.value.rstrip(b"\0 ").decode().split("\\")]


def crop_dicom(src, dst, size, centre=True):
    """Crops an uncompressed single-frame slice to size x size pixels around its centre (IPP moved)."""
    preamble, meta, elements, explicit = read_dicom(src)
    rows, cols = us(get(elements, (0x0028, 0x0010))), us(get(elements, (0x0028, 0x0011)))
    bits = us(get(elements, (0x0028, 0x0100)))
    bpp = bits // 8
    pixel = get(elements, (0x7FE0, 0x0010))
    if pixel.value is None or bpp not in (1, 2):
        raise ValueError(src + ": compressed or unsupported pixel data")
    r0 = (rows - size) // 2 if centre else 0
    c0 = (cols - size) // 2 if centre else 0
    data = b"".join(pixel.value[((r0 + r) * cols + c0) * bpp:((r0 + r) * cols + c0 + size) * bpp]
                    for r in range(size))
    out = []
    for e in elements:
        if e.tag in ((0x0028, 0x0010), (0x0028, 0x0011)):
            e = Element(e.tag, e.vr, None, encode_element(e.tag, b"US", struct.pack("<H", size), explicit))
        elif e.tag == (0x7FE0, 0x0010):
            e = Element(e.tag, e.vr, None, encode_element(e.tag, b"OW" if bpp == 2 else b"OB", data, explicit))
        elif e.tag == (0x0020, 0x0032):
            ipp = ds(e)
            iop = ds(get(elements, (0x0020, 0x0037)))
            spacing = ds(get(elements, (0x0028, 0x0030)))  # row spacing \ column spacing
            moved = [ipp[a] + c0 * spacing[1] * iop[a] + r0 * spacing[0] * iop[3 + a] for a in range(3)]
            text = "\\".join("%.6g" % v for v in moved).encode()
            e = Element(e.tag, e.vr, None, encode_element(e.tag, b"DS", text, explicit))
        out.append(e)
    write_dicom(dst, preamble, meta, out)


# ----------------------------------------------------------------------------------------------------------
# NIfTI-1 (single file), cropped around the centre; sform/qform origins moved to the crop's first voxel.

NIFTI_TYPES = {2: "B", 4: "h", 8: "i", 16: "f", 64: "d", 256: "b", 512: "H", 768: "I"}


def quatern_matrix(b, c, d, qfac, pixdim):
    a = max(0.0, 1.0 - (b * b + c * c + d * d)) ** 0.5
    r = [[a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
         [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
         [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b]]
    scale = [pixdim[0], pixdim[1], pixdim[2] * (qfac if qfac in (-1.0, 1.0) else 1.0)]
    return [[r[i][j] * scale[j] for j in range(3)] for i in range(3)]


def crop_nifti(src, dst, size, offset=(0, 0, 0)):
    raw = gzip.open(src).read() if src.endswith(".gz") else open(src, "rb").read()
    hdr = bytearray(raw[:348])
    dims = struct.unpack_from("<8h", hdr, 40)
    dtype = struct.unpack_from("<h", hdr, 70)[0]
    fmt = NIFTI_TYPES[dtype]
    item = struct.calcsize(fmt)
    vox = int(struct.unpack_from("<f", hdr, 108)[0])
    n = [dims[1], dims[2], dims[3] if dims[0] >= 3 else 1]
    s = [min(size[a], n[a]) for a in range(3)]
    o = [max(0, min(n[a] - s[a], (n[a] - s[a]) // 2 + offset[a])) for a in range(3)]
    body = bytearray()
    for k in range(o[2], o[2] + s[2]):
        for j in range(o[1], o[1] + s[1]):
            start = vox + ((k * n[1] + j) * n[0] + o[0]) * item
            body += raw[start:start + s[0] * item]
    struct.pack_into("<8h", hdr, 40, 3, s[0], s[1], s[2], 1, 1, 1, 1)
    # sform: origin += A * o; qform: origin += R * diag(pixdim) * o
    srow = [list(struct.unpack_from("<4f", hdr, 280 + 16 * r)) for r in range(3)]
    for r in range(3):
        srow[r][3] += sum(srow[r][a] * o[a] for a in range(3))
        struct.pack_into("<4f", hdr, 280 + 16 * r, *srow[r])
    b, c, d, qx, qy, qz = struct.unpack_from("<6f", hdr, 256)
    pixdim = struct.unpack_from("<8f", hdr, 76)
    m = quatern_matrix(b, c, d, pixdim[0], pixdim[1:4])
    q = [qx, qy, qz]
    q = [q[r] + sum(m[r][a] * o[a] for a in range(3)) for r in range(3)]
    struct.pack_into("<3f", hdr, 268, *q)
    struct.pack_into("<f", hdr, 108, 352.0)
    with open(dst, "wb") as f:
        f.write(bytes(hdr) + b"\0\0\0\0" + bytes(body))
    return s, fmt, bytes(body), srow


# ----------------------------------------------------------------------------------------------------------
# Hand-made formats.

def write_mha(dst, dims, spacing, origin, element_type, body, compress=False):
    data = zlib.compress(body) if compress else body
    header = ["ObjectType = Image", "NDims = 3", "BinaryData = True", "BinaryDataByteOrderMSB = False",
              "CompressedData = %s" % ("True" if compress else "False")]
    if compress:
        header.append("CompressedDataSize = %d" % len(data))
    header += ["TransformMatrix = 1 0 0 0 1 0 0 0 1", "Offset = %g %g %g" % tuple(origin),
               "CenterOfRotation = 0 0 0", "AnatomicalOrientation = RAI",
               "ElementSpacing = %g %g %g" % tuple(spacing), "DimSize = %d %d %d" % tuple(dims),
               "ElementType = %s" % element_type, "ElementDataFile = LOCAL"]
    with open(dst, "wb") as f:
        f.write(("\n".join(header) + "\n").encode() + data)


def write_nrrd(dst, dims, spacing, origin, nrrd_type, body, encoding="raw", extra=()):
    if encoding == "gzip":
        data = gzip.compress(body)
    elif encoding == "ascii":
        count = len(body) // {"short": 2, "unsigned char": 1, "float": 4}[nrrd_type]
        fmt = {"short": "h", "unsigned char": "B", "float": "f"}[nrrd_type]
        data = (" ".join(str(v) for v in struct.unpack("<%d%s" % (count, fmt), body)) + "\n").encode()
    else:
        data = body
    header = ["NRRD0004", "type: %s" % nrrd_type, "dimension: 3", "space: left-posterior-superior",
              "sizes: %d %d %d" % tuple(dims),
              "space directions: (%g,0,0) (0,%g,0) (0,0,%g)" % tuple(spacing), "kinds: domain domain domain",
              "endian: little", "encoding: %s" % encoding, "space origin: (%g,%g,%g)" % tuple(origin)]
    header += list(extra)
    with open(dst, "wb") as f:
        f.write(("\n".join(header) + "\n\n").encode() + data)


def safetensors(tensors, metadata=None):
    """tensors: list of (name, dtype, shape, bytes)."""
    header, body = {}, b""
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(body), len(body) + len(data)]}
        body += data
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + body


def series_headers(slices):
    """Input of the dicom_series harness (see fuzz_dicom_series.cpp for the byte layout)."""
    out = bytearray([len(slices) - 1])
    for sl in slices:
        flags = sl.get("uid", 0) | 4 | 8 | 32 | 64 | 128
        out += bytes([flags, 0])                                     # CT, default SOP class
        out += struct.pack("<bhb", sl.get("series", 2), sl.get("instance", 1), 1)
        out += bytes([0, 0])                                         # 1 frame, 16 x 16
        x, y = sl.get("xy", (0, 0))
        out += bytes([0, 128 + 2 * x, 0, 128 + 2 * y])               # x, y (halves)
        out += bytes([200, 255]) + struct.pack("<d", sl["z"])      # z: a raw double
        out += bytes([0, 0])                                         # default orientation and spacing
        out += bytes([0, 133, 0, 0, 0])                              # thickness 2.5, no tilt, slope, intercept
        desc = sl.get("desc", b"PORTAL VENOUS")
        out += bytes([len(desc)]) + desc + bytes([6]) + b"101500"
    return bytes(out)


# ----------------------------------------------------------------------------------------------------------

class Corpus:
    def __init__(self):
        self.written = {}

    def target(self, name):
        d = os.path.join(HERE, "corpus", name)
        if name not in self.written:
            os.makedirs(d, exist_ok=True)
            for f in os.listdir(d):
                if not f.startswith("keep-"):
                    os.remove(os.path.join(d, f))
            self.written[name] = 0
        return d

    def add(self, target, name, data):
        d = self.target(target)
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
        self.written[target] += 1

    def add_file(self, target, name, path):
        self.add(target, name, open(path, "rb").read())


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hccws", default=os.path.join(ROOT, "build", "app", "hccws"))
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    tmp = tempfile.mkdtemp(prefix="hccws-corpus-")
    c = Corpus()
    gdcmconv = shutil.which("gdcmconv")
    try:
        # --- phantoms: tiny DICOM series and NIfTI volumes with labels ---
        ph = os.path.join(tmp, "phantom")
        run([args.hccws, "-q", "phantom", "--out", ph, "--size", "16,16,6", "--spacing", "16,16,20", "--seed", "3",
             "--pvtt"])
        ph2 = os.path.join(tmp, "phantom2")
        run([args.hccws, "-q", "phantom", "--out", ph2, "--size", "24,24,10", "--spacing", "10,10,16", "--seed", "5",
             "--tumours", "2", "--phases", "arterial,portal_venous"])
        art = sorted(glob.glob(os.path.join(ph, "dicom", "arterial", "*.dcm")))
        pv = sorted(glob.glob(os.path.join(ph, "dicom", "portal_venous", "*.dcm")))
        for n, f in enumerate(art[:2]):
            c.add_file("dicom_header", "phantom-arterial-%d.dcm" % n, f)
            c.add_file("dicom_image", "phantom-arterial-%d.dcm" % n, f)
        c.add_file("dicom_seg", "phantom-ct-slice.dcm", art[0])  # a CT slice where a SEG is expected
        c.add("dicom_folder", "phantom-arterial-3.dcmset", SEP.join(open(f, "rb").read() for f in art[:3]))
        c.add("dicom_folder", "phantom-two-series.dcmset",
              SEP.join(open(f, "rb").read() for f in art[:2] + pv[:2]))
        for name in ("arterial", "portal_venous"):
            c.add("nifti", "phantom-%s.nii" % name, gzip.open(os.path.join(ph2, name + ".nii.gz")).read())
        c.add("nifti", "phantom-truth-labels.nii", gzip.open(os.path.join(ph2, "truth_labels.nii.gz")).read())
        c.add_file("nifti", "phantom-truth-labels-gzip.nii", os.path.join(ph, "truth_labels.nii.gz"))

        # --- real DICOM CT slices, cropped ---
        cropped = []
        for src, tag in ((os.path.join(data, "hcc048_pv", "00000040.dcm"), "hcc048"),
                         (os.path.join(data, "dcmqi_liver", "ct-3slice", "01.dcm"), "dcmqi-ct")):
            dst = os.path.join(tmp, tag + ".dcm")
            crop_dicom(src, dst, 24)
            cropped.append(dst)
            c.add_file("dicom_header", tag + "-crop24.dcm", dst)
            c.add_file("dicom_image", tag + "-crop24.dcm", dst)
        hcc = []
        for k in (39, 40, 41):
            dst = os.path.join(tmp, "hcc048-%d.dcm" % k)
            crop_dicom(os.path.join(data, "hcc048_pv", "%08d.dcm" % k), dst, 16)
            hcc.append(open(dst, "rb").read())
        c.add("dicom_folder", "hcc048-3slices-crop16.dcmset", SEP.join(hcc))
        dq = []
        for k in (1, 2, 3):
            dst = os.path.join(tmp, "dcmqi-%d.dcm" % k)
            crop_dicom(os.path.join(data, "dcmqi_liver", "ct-3slice", "%02d.dcm" % k), dst, 16)
            dq.append(open(dst, "rb").read())
        c.add("dicom_folder", "dcmqi-3slices-crop16.dcmset", SEP.join(dq))
        # the real JPEG 2000 slice: header only (pixel data cut) for the header target
        j2k = sorted(glob.glob(os.path.join(data, "totalseg_example", "example_ct_dicom", "CT.*")))
        if j2k:
            c.add("dicom_header", "totalseg-j2k-header.dcm", open(j2k[0], "rb").read()[:6000])
        # compressed variants of a cropped slice (GDCM's codecs: the JPEG-LS / JPEG 2000 crashes)
        if gdcmconv:
            for flag, tag in (("--j2k", "j2k"), ("--jpegls", "jpegls"), ("--jpeg", "jpeg-lossless"), ("--rle", "rle")):
                for src in (cropped[0], art[0]):
                    dst = os.path.join(tmp, "%s-%s.dcm" % (os.path.basename(src)[:-4], tag))
                    try:
                        run([gdcmconv, flag, src, dst], stderr=subprocess.DEVNULL)
                    except subprocess.CalledProcessError:
                        continue
                    c.add_file("dicom_image", os.path.basename(dst), dst)
                    c.add_file("dicom_folder", os.path.basename(dst)[:-4] + ".dcmset", dst)
            if j2k:  # the real JPEG 2000 slice, decompressed, cropped, recompressed
                raw = os.path.join(tmp, "totalseg-raw.dcm")
                try:
                    run([gdcmconv, "--raw", j2k[len(j2k) // 2], raw], stderr=subprocess.DEVNULL)
                    crop_dicom(raw, os.path.join(tmp, "totalseg-crop.dcm"), 24)
                    run([gdcmconv, "--j2k", os.path.join(tmp, "totalseg-crop.dcm"),
                         os.path.join(tmp, "totalseg-j2k.dcm")], stderr=subprocess.DEVNULL)
                    c.add_file("dicom_image", "totalseg-crop24-j2k.dcm", os.path.join(tmp, "totalseg-j2k.dcm"))
                except subprocess.CalledProcessError:
                    # Debian 12's gdcmconv cannot rewrite this file ("Failed to write"): the JPEG 2000 seeds
                    # come from the cropped hcc048 slice and the phantom instead.
                    print("make_corpus: gdcmconv could not decompress the TotalSegmentator JPEG 2000 slice",
                          file=sys.stderr)
        else:
            print("make_corpus: gdcmconv not found (libgdcm-tools): no compressed DICOM seeds", file=sys.stderr)

        # --- DICOM SEG: the real dcmqi SEG, and small ones written by `hccws segment` with the demo model ---
        c.add_file("dicom_seg", "dcmqi-liver-seg.dcm", os.path.join(data, "dcmqi_liver", "liver.dcm"))
        c.add("dicom_header", "dcmqi-liver-seg-header.dcm", open(os.path.join(data, "dcmqi_liver", "liver.dcm"), "rb").read()[:8000])
        model = os.path.join(ROOT, "resources", "models", "demo_liver_tumour")
        seg = os.path.join(tmp, "seg.dcm")
        run([args.hccws, "-q", "segment", "--model", model, "--phase", "arterial=" + os.path.join(ph2, "arterial.nii.gz"),
             "--phase", "portal_venous=" + os.path.join(ph2, "portal_venous.nii.gz"), "--out", seg, "--no-mirroring",
             "--device", "cpu", "--threads", "1", "--no-verify"])
        c.add_file("dicom_seg", "demo-model-seg.dcm", seg)
        # (`hccws segment` takes image files only, so the SEG stands alone; the dcmqi SEG references its CT.)

        # --- NIfTI crops of the real volumes ---
        ts = os.path.join(data, "totalseg_example")
        crops = {}
        for name, size in (("example_ct_sm.nii.gz", (20, 20, 5)), ("example_ct_liver_ref_5de6e4d.nii.gz", (16, 16, 4)),
                           ("example_seg.nii.gz", (20, 20, 4)), ("example_seg_dicom.nii.gz", (16, 16, 4)),
                           ("example_ct_sm_liver_fast.nii.gz", (16, 16, 4))):
            dst = os.path.join(tmp, name[:-3])
            crops[name] = crop_nifti(os.path.join(ts, name), dst, size, offset=(-20, 10, 0) if "liver" in name else (0, 0, 0))
            c.add_file("nifti", "totalseg-" + name[:-7] + "-crop.nii", dst)

        # --- NRRD: the real dcmqi label maps as they are (small), and hand-made variants ---
        for name in ("liver_seg.nrrd", "liver_spine_seg.nrrd"):
            c.add_file("nrrd", "dcmqi-" + name, os.path.join(data, "dcmqi_liver", name))
        s, fmt, body, srow = crops["example_ct_sm.nii.gz"]
        count = len(body) // struct.calcsize(fmt)
        ct16 = struct.pack("<%dh" % count, *[max(-32768, min(32767, int(v))) for v in
                                             struct.unpack("<%d%s" % (count, fmt), body)])
        write_nrrd(os.path.join(tmp, "ct.nrrd"), s, (3, 3, 3), (-10, 20, 5), "short", ct16)
        c.add_file("nrrd", "totalseg-ct-crop-raw.nrrd", os.path.join(tmp, "ct.nrrd"))
        write_nrrd(os.path.join(tmp, "ct-ascii.nrrd"), (6, 5, 2), (3, 3, 3), (0, 0, 0), "short", ct16[:120])
        c.add_file("nrrd", "totalseg-ct-small-ascii.nrrd", os.path.join(tmp, "ct-ascii.nrrd"))
        ls, lfmt, lbody, _ = crops["example_seg.nii.gz"]
        labels8 = bytes(min(255, v) for v in struct.unpack("<%d%s" % (len(lbody) // struct.calcsize(lfmt), lfmt), lbody))
        write_nrrd(os.path.join(tmp, "labels.nrrd"), ls, (3, 3, 3), (0, 0, 0), "unsigned char", labels8, "gzip",
                   ["Segment0_ID:=Segment_1", "Segment0_Name:=liver", "Segment0_LabelValue:=5",
                    "Segment0_Color:=0.8 0.4 0.3", "Segment0_Extent:=0 19 0 19 0 3",
                    "Segment1_ID:=Segment_2", "Segment1_Name:=tumour", "Segment1_LabelValue:=2",
                    "Segment1_Color:=0.9 0.9 0.2"])
        c.add_file("nrrd", "totalseg-seg-crop-slicer-keys.nrrd", os.path.join(tmp, "labels.nrrd"))

        # --- MetaImage ---
        write_mha(os.path.join(tmp, "ct.mha"), s, (3, 3, 3), (-10, 20, 5), "MET_SHORT", ct16)
        c.add_file("mha", "totalseg-ct-crop.mha", os.path.join(tmp, "ct.mha"))
        write_mha(os.path.join(tmp, "ct-z.mha"), s, (3, 3, 3), (0, 0, 0), "MET_SHORT", ct16, compress=True)
        c.add_file("mha", "totalseg-ct-crop-compressed.mha", os.path.join(tmp, "ct-z.mha"))
        write_mha(os.path.join(tmp, "labels.mha"), ls, (3, 3, 3), (0, 0, 0), "MET_UCHAR", labels8)
        c.add_file("mha", "totalseg-seg-crop.mha", os.path.join(tmp, "labels.mha"))
        fs, ffmt, fbody, _ = crops["example_ct_liver_ref_5de6e4d.nii.gz"]
        write_mha(os.path.join(tmp, "mask.mha"), fs, (3, 3, 3), (0, 0, 0), "MET_FLOAT",
                  struct.pack("<%df" % (len(fbody) // struct.calcsize(ffmt)),
                              *struct.unpack("<%d%s" % (len(fbody) // struct.calcsize(ffmt), ffmt), fbody)))
        c.add_file("mha", "totalseg-liver-mask-float.mha", os.path.join(tmp, "mask.mha"))

        # --- model bundles ---
        manifest = json.load(open(os.path.join(model, "manifest.json")))
        manifest["weights"][0]["sha256"] = hashlib.sha256(FUZZ_WEIGHTS).hexdigest()
        text = json.dumps(manifest, indent=1).encode()
        c.add("bundle_manifest", "demo-manifest-%s.json" % ("odd" if len(text) % 2 else "even"), text)
        c.add("bundle_manifest", "demo-manifest-%s.json" % ("even" if len(text) % 2 else "odd"), text + b"\n")
        small = {k: manifest[k] for k in ("format", "format_version", "name", "nnunet", "channels",
                                           "target_spacing_zyx_mm", "patch_size_zyx", "labels", "weights")}
        text = json.dumps(small, separators=(",", ":")).encode()
        c.add("bundle_manifest", "demo-manifest-minimal.json", text)
        c.add("bundle_manifest", "demo-manifest-minimal-2.json", text + b" ")
        # PMN bundle manifest (pmn_manifest): the seed kept in the repo, re-added with the fuzz weights' hash
        seed = os.path.join(ROOT, "tests", "fuzz", "corpus", "pmn_manifest", "seed-manifest-odd.json")
        if os.path.exists(seed):
            pm = json.load(open(seed))
            pm["weights"]["sha256"] = hashlib.sha256(FUZZ_WEIGHTS).hexdigest()
            text = json.dumps(pm, indent=1).encode()
            c.add("pmn_manifest", "seed-manifest-%s.json" % ("odd" if len(text) % 2 else "even"), text)
            c.add("pmn_manifest", "seed-manifest-%s.json" % ("even" if len(text) % 2 else "odd"), text + b"\n")
        demo_plans = open(os.path.join(model, "plans.json"), "rb").read()
        demo_dataset = open(os.path.join(model, "dataset.json"), "rb").read()
        c.add("plans", "demo-plans.json", demo_plans)
        c.add("plans", "demo-plans-and-dataset.json", demo_plans + SEP + demo_dataset + SEP + b"3d_fullres")
        up = os.path.join(ROOT, "tests", "inference", "data", "nnunet_upstream")
        for p in sorted(glob.glob(os.path.join(up, "*", "*", "plans.json"))):
            tag = os.path.basename(os.path.dirname(os.path.dirname(p)))
            ds_ = open(os.path.join(os.path.dirname(p), "dataset.json"), "rb").read()
            c.add("plans", "upstream-%s.json" % tag, open(p, "rb").read() + SEP + ds_)
        # safetensors: the first tensors of the demo weights, and one tensor of each dtype
        raw = open(os.path.join(model, "fold_0.safetensors"), "rb").read()
        (n,) = struct.unpack_from("<Q", raw, 0)
        head = json.loads(raw[8:8 + n])
        names = sorted((k for k in head if k != "__metadata__"), key=lambda k: head[k]["data_offsets"][0])
        picked = []
        for k in names:
            a, b = head[k]["data_offsets"]
            if b - a <= 4096:
                picked.append((k, head[k]["dtype"], head[k]["shape"], raw[8 + n + a:8 + n + b]))
            if len(picked) == 4:
                break
        c.add("safetensors", "demo-fold0-first-tensors.safetensors", safetensors(picked, head.get("__metadata__")))
        c.add("safetensors", "dtypes.safetensors", safetensors([
            ("f32", "F32", [2, 3], struct.pack("<6f", 0, 1, -2, 3.5, 1e30, -0.0)),
            ("f16", "F16", [4], struct.pack("<4H", 0x3C00, 0x7C00, 0xFC00, 0x0001)),
            ("bf16", "BF16", [2, 2], struct.pack("<4H", 0x3F80, 0x7F80, 0x7FC0, 0x0001)),
            ("i64", "I64", [3], struct.pack("<3q", -1, 0, 2 ** 40)),
            ("u8", "U8", [1, 1, 5], bytes([0, 1, 2, 254, 255])),
            ("scalar", "F32", [], struct.pack("<f", 7.0)),
            ("empty", "F32", [0, 4], b"")], {"format": "pt", "producer": "make_corpus"}))
        ref = os.path.join(up, "plain_ct2", "reference_io.safetensors")
        if os.path.exists(ref) and os.path.getsize(ref) <= 32768:
            c.add_file("safetensors", "upstream-reference-io.safetensors", ref)

        # --- series assembly (structured headers) ---
        c.add("dicom_series", "three-slices.bin", series_headers([{"z": -2.5 * k, "instance": k} for k in range(3)]))
        c.add("dicom_series", "gap-and-duplicate.bin", series_headers(
            [{"z": z, "instance": n} for n, z in enumerate((0.0, 2.5, 2.5, 10.0, 12.5))]))
        c.add("dicom_series", "two-series.bin", series_headers(
            [{"z": 2.5 * k, "uid": k % 2, "series": 2 + k % 2, "desc": b"ARTERIAL" if k % 2 else b"PV"}
             for k in range(6)]))
        c.add("dicom_series", "uneven-shifted.bin", series_headers(
            [{"z": z, "xy": (k, 0)} for k, z in enumerate((0.0, 2.0, 5.0, 7.5))]))

        # --- nomogram models ---
        for name in ("nomogram_tace.json", "nomogram_haic.json"):
            c.add_file("nomogram_model", name, os.path.join(ROOT, "resources", "models", name))

        # --- CSV tables (first rows) and survival columns ---
        def head_lines(path, n):
            with open(path, "rb") as f:
                return b"".join(f.readline() for _ in range(n))
        clin = os.path.join(data, "clinical")
        tace = os.path.join(clin, "hcc_tace_seg", "HCC-TACE-Seg_clinical_data-V2.csv")
        c.add("csv", "tace-seg-first-12-rows.csv", head_lines(tace, 13))
        c.add("csv", "tace-seg-glossary-head.csv", head_lines(os.path.join(clin, "hcc_tace_seg", "HCC-TACE-Seg_clinical_data-V2_glossary.csv"), 8))
        dts = os.path.join(clin, "survivalpath_dtsdhcc", "SurvivalPath_DTSDHCC_timeseries.csv")
        c.add("csv", "dtsdhcc-first-25-rows.csv", head_lines(dts, 26))
        c.add("csv", "quoting-bom-crlf.csv", b'\xef\xbb\xbf"time","status","note"\r\n1,0,"a, b"\r\n2,1,"say ""hi"""\r\n'
                                             b'NA,.,"line\r\nbreak"\r\n')
        for name in ("lung.csv", "veteran.csv"):
            c.add("csv", name, head_lines(os.path.join(ROOT, "tests", "nomogram", "data", name), 20))
            c.add("surv_data", name, head_lines(os.path.join(ROOT, "tests", "nomogram", "data", name), 40))
        # survival seeds: time, event first (what the harness uses), covariates after, optional "strata" last
        import csv as csvmod
        with open(tace, newline="", encoding="utf-8", errors="replace") as f:
            rows = list(csvmod.DictReader(f))
        cols = ["OS", "Death_1_StillAliveorLostToFU_0", "age", "Sex", "Tr_Size", "Portal Vein Thrombosis"]
        cols = [k for k in cols if k in rows[0]]
        lines = [",".join('"%s"' % k for k in cols)] + [",".join(r[k] for k in cols) for r in rows[:40]]
        c.add("surv_data", "tace-seg-os-40-rows.csv", ("\n".join(lines) + "\n").encode())
        with open(dts, newline="") as f:
            rows = list(csvmod.DictReader(f))
        cols = ["OStime_day", "Status_of_death", "Age", "AFP", "Child_pugh_score"]
        lines = [",".join(cols + ["strata"])] + [",".join([r[k] for k in cols] + [r["Embolization"]]) for r in rows[:60]]
        c.add("surv_data", "dtsdhcc-60-rows-strata.csv", ("\n".join(lines) + "\n").encode())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    total = 0
    for t in sorted(c.written):
        d = os.path.join(HERE, "corpus", t)
        size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        total += size
        print("%-16s %3d seeds %8d bytes" % (t, len(os.listdir(d)), size))
    print("%-16s %8d bytes" % ("total", total))


if __name__ == "__main__":
    main()
