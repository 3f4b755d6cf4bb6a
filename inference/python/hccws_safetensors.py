"""Minimal reader/writer of the safetensors format (the weights format of hccws model bundles).

Layout (https://github.com/huggingface/safetensors, format description in docs/inference.md):
  8 bytes   little-endian uint64 N = length of the JSON header
  N bytes   UTF-8 JSON: {"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [..],
            "data_offsets": [begin, end]}, ...}; offsets are relative to the end of the header
  ...       the raw tensor bytes, little-endian, C order
Written here without the `safetensors` package because Debian's python3-torch is all CI has.
Only F32, F16, BF16, I64 and U8 are written/read (what nnU-Net checkpoints and our tests use).
"""
import json
import struct

import numpy as np
import torch

_TORCH_TO_ST = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
                torch.int64: "I64", torch.uint8: "U8"}
_ST_TO_TORCH = {v: k for k, v in _TORCH_TO_ST.items()}


def save(tensors, path, metadata=None):
    """tensors: dict name -> torch.Tensor (or numpy array). Names are kept in insertion order."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        if isinstance(t, np.ndarray):
            t = torch.from_numpy(np.ascontiguousarray(t))
        t = t.detach().cpu().contiguous()
        if t.dtype not in _TORCH_TO_ST:
            raise ValueError(f"{name}: dtype {t.dtype} not supported")
        if t.dtype == torch.bfloat16:
            raw = t.view(torch.int16).numpy().astype("<i2").tobytes()
        else:
            raw = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": _TORCH_TO_ST[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    hbytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hbytes += b" " * ((8 - len(hbytes) % 8) % 8)  # align the data to 8 bytes, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for b in blobs:
            f.write(b)


def load(path):
    """Returns (dict name -> torch.Tensor, metadata dict)."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    base = 8 + n
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        dt = _ST_TO_TORCH[info["dtype"]]
        if dt == torch.bfloat16:
            arr = np.frombuffer(data[base + b:base + e], dtype="<i2").copy()
            out[name] = torch.from_numpy(arr).view(torch.bfloat16).reshape(info["shape"])
        else:
            npdt = torch.empty(0, dtype=dt).numpy().dtype.newbyteorder("<")
            arr = np.frombuffer(data[base + b:base + e], dtype=npdt).copy()
            out[name] = torch.from_numpy(arr.astype(arr.dtype.newbyteorder("="))).reshape(info["shape"])
    return out, meta
